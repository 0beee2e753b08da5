// What is already in a folder before it is watched. The Add form asks for the folder first and
// suggests a format from what it holds, and lists what the rule would leave alone; with "only
// files added from now on" the files already there are recorded in the rule's ledger as
// present, so the watch passes over them (until one of them changes).
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sourceFormatOf } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import type { FolderSurvey, WatchRule } from '../../../shared/watch.ts';
import { openConvertedLedger } from './converted-ledger.ts';
import { isIgnoredPath } from './ignore-rules.ts';
import { factsOf } from './stable-file.ts';
import { checkWatchedFolder, excludedFolders } from './watch-rule.ts';

function unreadable(folder: string): Result<never> {
  return fail({
    code: 'watch_folder_missing',
    message: messageFor('watch_folder_missing'),
    details: { folder },
  });
}

/** The Add form lists at most this many names; the rest are only counted. */
export const SURVEY_LIMIT = 500;

/** Files a watch of `rule` would look at (hidden, temporary and our own folders left out). */
async function filesIn(rule: Pick<WatchRule, 'folder' | 'recursive' | 'outDir'>): Promise<string[]> {
  const scope = { root: rule.folder, excluded: excludedFolders(rule.folder, rule.outDir) };
  const entries: Dirent[] = await readdir(rule.folder, { withFileTypes: true, recursive: rule.recursive });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !isIgnoredPath(scope, path))
    .sort();
}

/** The files directly in `folder` with their formats, for the Add form. */
export async function surveyFolder(folder: string): Promise<Result<FolderSurvey>> {
  const real = await checkWatchedFolder(folder);
  if (!real.ok) return real;
  let paths: string[];
  try {
    paths = await filesIn({ folder: real.value, recursive: false });
  } catch {
    return unreadable(folder);
  }
  const files = paths.slice(0, SURVEY_LIMIT).map((path) => {
    const name = path.slice(real.value.length + 1);
    const format = sourceFormatOf(name);
    return format ? { name, format } : { name };
  });
  return ok({ folder: real.value, files, more: Math.max(0, paths.length - SURVEY_LIMIT) });
}

/**
 * Records every file now in the rule's folder as present, so its watch converts only files
 * that arrive (or change) from now on. Answers how many were recorded.
 */
export async function recordPresentFiles(
  stateDir: string,
  rule: Pick<WatchRule, 'id' | 'folder' | 'recursive' | 'outDir'>,
): Promise<Result<number>> {
  const real = await checkWatchedFolder(rule.folder);
  if (!real.ok) return real;
  const opened = await openConvertedLedger(stateDir, rule.id);
  if (!opened.ok) return opened;
  const ledger = opened.value;
  let count = 0;
  try {
    for (const path of await filesIn({ ...rule, folder: real.value })) {
      const facts = await stat(path).then(factsOf, () => undefined);
      if (!facts) continue; // gone meanwhile
      await ledger.put({ key: `present:${path}`, state: 'present', source: path, facts });
      count += 1;
    }
  } catch {
    return unreadable(rule.folder);
  } finally {
    await ledger.close();
  }
  return ok(count);
}
