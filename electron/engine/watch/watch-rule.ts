// A watch rule as the engine runs it: the shared schema (shared/watch.ts, also used by the
// IPC contract and the settings form) plus what only Node can check: the folder exists, paths
// are absolute, and the formats asked for are ones the service converts to the target.
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { type FormatsInfo, sourcesFor } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import { CONVERTED_FOLDER, WatchRule } from '../../../shared/watch.ts';
import { isStrictlyInside } from '../results/output-path.ts';

export { AfterSuccess, CONVERTED_FOLDER, WatchRule, type WatchRuleInput } from '../../../shared/watch.ts';

/** Validates a rule from settings, IPC or the command line. */
export function parseWatchRule(input: unknown): Result<WatchRule> {
  const parsed = WatchRule.safeParse(input);
  if (!parsed.success) {
    return fail({
      code: 'invalid_input',
      message: messageFor('invalid_input'),
      details: { fields: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
    });
  }
  const rule = parsed.data;
  if (!isAbsolute(rule.folder) || (rule.outDir !== undefined && !isAbsolute(rule.outDir))) {
    return fail({
      code: 'invalid_input',
      message: messageFor('invalid_input'),
      details: { fields: ['folder and outDir must be absolute paths'] },
    });
  }
  return ok(rule);
}

/**
 * The id `ifc watch` uses: the same folder and target format give the same id on every run,
 * so a restarted command remembers what it converted.
 */
export function ruleIdFor(folder: string, to: string): string {
  return `folder-${createHash('sha256')
    .update(`${resolve(folder)}\0${to}`)
    .digest('hex')
    .slice(0, 24)}`;
}

/** The folder's real path (symlinks resolved: chokidar reports real paths), or why not. */
export async function checkWatchedFolder(folder: string): Promise<Result<string>> {
  try {
    const real = await realpath(folder);
    if ((await stat(real)).isDirectory()) return ok(real);
  } catch {
    // reported below: missing and not-a-folder read the same to a person
  }
  return fail({
    code: 'watch_folder_missing',
    message: messageFor('watch_folder_missing'),
    details: { folder },
  });
}

/** The source formats this rule takes: its own list narrowed to what the service converts. */
export function sourceFormatsFor(
  rule: Pick<WatchRule, 'from' | 'to'>,
  info: FormatsInfo,
): Result<Set<string>> {
  const offered = sourcesFor(info, rule.to);
  if (offered.length === 0) {
    return fail({
      code: 'unknown_target_format',
      message: messageFor('unknown_target_format'),
      details: { to: rule.to },
    });
  }
  const wanted = rule.from.length === 0 ? offered : rule.from.filter((format) => offered.includes(format));
  if (wanted.length === 0) {
    return fail({
      code: 'unsupported_conversion',
      message: messageFor('unsupported_conversion'),
      details: { from: rule.from, to: rule.to, offered },
    });
  }
  return ok(new Set(wanted));
}

/** Folders inside the watched tree that hold our own writes, never sources. */
export function excludedFolders(folder: string, outDir: string | undefined): string[] {
  const excluded = [join(folder, CONVERTED_FOLDER)];
  if (outDir !== undefined && isStrictlyInside(folder, outDir)) {
    excluded.push(resolve(outDir));
  }
  return excluded;
}
