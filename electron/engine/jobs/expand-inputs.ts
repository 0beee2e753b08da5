// Turns what a person dropped or named (files and folders) into the files that can be
// converted: folders recurse; files the API cannot convert (to `to`, when given) are set aside
// with a reason, never failed. Hidden, temporary and lock files (watch/ignore-rules.ts: the
// same names a watch folder ignores) are not inputs.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { FormatsInfo } from '../../../shared/formats.ts';
import { sourceFormatOf, targetsFor } from '../../../shared/formats.ts';
import type { ErrorCode } from '../../../shared/messages.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { ExpandedFile, SkippedInput } from '../engine-types.ts';
import { isIgnoredName } from '../watch/ignore-rules.ts';

export interface Expanded {
  files: ExpandedFile[];
  skipped: SkippedInput[];
}

/** Why a file named on its own cannot be taken at all (cli.md: bad input, not a skip): it is
 *  not there, not readable, or not of a format that can become the target. An empty or too
 *  large file is still only skipped, with its reason, like one found in a folder. */
const REFUSED_WHEN_NAMED = new Set<ErrorCode>([
  'file_missing',
  'file_unreadable',
  'unknown_format',
  'unsupported_format',
  'unsupported_conversion',
  'archive_input',
]);

/** Compressed archives: refused with the next step (unzip it) rather than "not supported". */
const ARCHIVES = new Set(['zip', '7z', 'rar', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst']);

function skip(path: string, code: ErrorCode, named = false): SkippedInput {
  const refused = named && REFUSED_WHEN_NAMED.has(code);
  return { path, name: basename(path), code, reason: messageFor(code), ...(refused ? { named: true } : {}) };
}

/** Classifies one regular file. */
export function classify(
  path: string,
  bytes: number,
  info: FormatsInfo,
  to?: string,
): ExpandedFile | SkippedInput {
  const name = basename(path);
  const from = sourceFormatOf(name);
  if (!from) return skip(path, 'unknown_format');
  const targets = targetsFor(info, from);
  // No target at all is a different problem from the wrong target: there is nothing to pick.
  if (targets.length === 0) return skip(path, ARCHIVES.has(from) ? 'archive_input' : 'unsupported_format');
  if (to !== undefined && !targets.includes(to)) return skip(path, 'unsupported_conversion');
  if (bytes === 0) return skip(path, 'file_empty');
  if (bytes > info.limits.maxFileBytes) return skip(path, 'file_too_large');
  return { path, name, bytes, from, targets };
}

export async function expandInputs(paths: string[], info: FormatsInfo, to?: string): Promise<Expanded> {
  const out: Expanded = { files: [], skipped: [] };
  const seen = new Set<string>();
  for (const given of paths) await visit(resolve(given), true, info, to, out, seen);
  return out;
}

async function visit(
  path: string,
  named: boolean,
  info: FormatsInfo,
  to: string | undefined,
  out: Expanded,
  seen: Set<string>,
): Promise<void> {
  if (seen.has(path)) return;
  seen.add(path);
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    out.skipped.push(
      skip(path, code === 'ENOENT' || code === 'ENOTDIR' ? 'file_missing' : 'file_unreadable', named),
    );
    return;
  }
  if (stats.isDirectory()) {
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      out.skipped.push(skip(path, 'file_unreadable'));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      // Symlinked folders are not followed: they can loop, or lead far outside what was dropped.
      if (
        entry.isDirectory() ||
        entry.isFile() ||
        (entry.isSymbolicLink() && !(await isDir(join(path, entry.name))))
      ) {
        await visit(join(path, entry.name), false, info, to, out, seen);
      }
    }
    return;
  }
  if (!stats.isFile()) {
    if (named) out.skipped.push(skip(path, 'file_unreadable', true));
    return;
  }
  const classified = classify(path, stats.size, info, to);
  if ('code' in classified)
    out.skipped.push(named ? skip(path, classified.code as ErrorCode, true) : classified);
  else out.files.push(classified);
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
