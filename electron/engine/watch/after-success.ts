// What happens to an original once its result is saved: kept, moved into the watched folder's
// "Converted" subfolder (the same relative place for a recursive rule), or sent to the OS
// trash. Only a file whose bytes are still the ones that were converted is touched: one that
// was re-saved in the meantime is new work, not a finished original.
import { constants } from 'node:fs';
import { copyFile, link, mkdir, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { messageFor } from '../../../shared/messages.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import { type AfterSuccess, CONVERTED_FOLDER } from '../../../shared/watch.ts';
import { isAtOrInside } from './ignore-rules.ts';
import { type FileFacts, readFacts, sameFacts } from './stable-file.ts';

export type TrashFunction = (path: string) => Promise<void>;

export type AfterOutcome =
  | { action: 'keep' }
  | { action: 'move'; movedTo: string }
  | { action: 'trash' }
  /** Nothing done: the original is gone, holds other bytes than the converted ones, or the
   *  move / trash failed (reported as an error of its own). */
  | { action: 'left'; reason: 'gone' | 'changed' | 'failed' };

export interface AfterSuccessInput {
  source: string;
  folder: string;
  after: AfterSuccess;
  /** The file's facts when it was taken. */
  taken: FileFacts;
  trash: TrashFunction;
}

/** Where `after: 'move'` puts a source of a rule watching `folder`. */
export function convertedFolderFor(folder: string, source: string): string {
  const parent = dirname(source);
  const rel = isAtOrInside(folder, parent) ? relative(folder, parent) : '';
  return join(folder, CONVERTED_FOLDER, rel);
}

function numbered(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return `${stem} (${n})${ext}`;
}

// Filesystems without hard links (FAT, some network shares) answer these.
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Moves `source` into `targetDir` without ever replacing a file there: a name already taken
 * becomes `name (1).ext`, `name (2).ext` ... A hard link claims the new name atomically (it
 * fails on an existing one, where rename would silently overwrite); a copy made exclusively is
 * the fallback where links do not work.
 */
export async function moveWithoutOverwrite(source: string, targetDir: string): Promise<string> {
  await mkdir(targetDir, { recursive: true });
  const name = basename(source);
  let linksWork = true;
  const claim = async (target: string): Promise<void> => {
    if (linksWork) {
      try {
        await link(source, target);
        return;
      } catch (error) {
        if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
        linksWork = false;
      }
    }
    await copyFile(source, target, constants.COPYFILE_EXCL);
  };
  for (let n = 0; n < 10_000; n += 1) {
    const target = join(targetDir, numbered(name, n));
    try {
      await claim(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await unlink(source);
    } catch (error) {
      // Not a move after all: take the copy back so the file is in one place only.
      await unlink(target).catch(() => undefined);
      throw error;
    }
    return target;
  }
  throw new Error('no free name in the Converted folder');
}

export async function applyAfterSuccess(input: AfterSuccessInput): Promise<Result<AfterOutcome>> {
  if (input.after === 'keep') return ok({ action: 'keep' });
  const now = await readFacts(input.source);
  if (now === 'gone' || now === 'not-a-file') return ok({ action: 'left', reason: 'gone' });
  if (!sameFacts(now, input.taken)) return ok({ action: 'left', reason: 'changed' });
  if (input.after === 'move') {
    try {
      const movedTo = await moveWithoutOverwrite(
        input.source,
        convertedFolderFor(input.folder, input.source),
      );
      return ok({ action: 'move', movedTo });
    } catch (error) {
      return fail({
        code: 'move_failed',
        message: messageFor('move_failed'),
        details: { source: input.source, reason: (error as Error).message },
      });
    }
  }
  try {
    await input.trash(input.source);
    return ok({ action: 'trash' });
  } catch (error) {
    return fail({
      code: 'trash_failed',
      message: messageFor('trash_failed'),
      details: { source: input.source, reason: (error as Error).message },
    });
  }
}
