// Which paths a watch never takes: files other programs are still writing under a temporary
// name, lock files, hidden files and folders, and the folders the watch itself writes into
// (its "Converted" folder, an output folder inside the watched tree).
import { relative, sep } from 'node:path';
import { isStrictlyInside } from '../results/output-path.ts';

// Browsers and download tools write to these names and rename when done; the final name then
// arrives as its own event. Office and LibreOffice keep `~$name` / `.~lock.name#` open while a
// document is being edited.
const TEMPORARY_SUFFIXES = ['.part', '.partial', '.crdownload', '.download', '.tmp', '.temp', '.swp', '~'];

/** True for a name that is a temporary, lock or hidden file. */
export function isIgnoredName(name: string): boolean {
  if (name.startsWith('.')) return true;
  if (name.startsWith('~$')) return true;
  const lower = name.toLowerCase();
  return TEMPORARY_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** True when `path` is `folder` itself or anywhere below it. */
export function isAtOrInside(folder: string, path: string): boolean {
  // What "inside" means (a `..` segment leaves; "..notes" does not) has one home: output-path.
  return relative(folder, path) === '' || isStrictlyInside(folder, path);
}

export interface IgnoreScope {
  /** The watched folder (absolute). */
  root: string;
  /** Folders inside the tree whose content is ours, never a source. */
  excluded: readonly string[];
}

/**
 * True for anything below `root` that a watch must not take: a hidden or temporary name at
 * any level (a hidden folder hides its content), or a path inside an excluded folder.
 * Paths outside `root` are not judged here (chokidar reports only paths inside).
 */
export function isIgnoredPath(scope: IgnoreScope, path: string): boolean {
  if (scope.excluded.some((folder) => isAtOrInside(folder, path))) return true;
  if (!isStrictlyInside(scope.root, path)) return false;
  return relative(scope.root, path)
    .split(sep)
    .some((part) => isIgnoredName(part));
}
