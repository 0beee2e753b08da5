// "Is this file finished?" A watched folder receives files that are still being copied,
// downloaded or saved in chunks; sending half a PDF spends tokens on a failure. Node exposes
// no close-write signal (inotify's IN_CLOSE_WRITE is not reachable from fs.watch), so a file
// counts as complete once its size, mtime and inode have not moved for a whole window of
// polls. chokidar's awaitWriteFinish watches size alone and skips files found by the initial
// scan, which is exactly when a restart meets a half-copied file, so this is done here.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Clock, systemClock } from '../../../shared/clock.ts';

export interface StableOptions {
  /** How long nothing may change before the file counts as complete (default ~1 s). */
  windowMs: number;
  /** How often to look (default 250 ms). */
  pollMs: number;
  signal?: AbortSignal;
  /** The watch's clock: the system's, or one a test moves. */
  clock?: Clock;
}

export const DEFAULT_STABLE: StableOptions = { windowMs: 1000, pollMs: 250 };

export interface FileFacts {
  bytes: number;
  mtimeMs: number;
  ino: number;
}

export type StableOutcome =
  | { kind: 'stable'; facts: FileFacts }
  | { kind: 'gone' } // deleted or renamed away while waiting
  | { kind: 'not-a-file' }
  | { kind: 'aborted' };

export function factsOf(stats: Stats): FileFacts {
  return { bytes: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
}

export function sameFacts(a: FileFacts, b: FileFacts): boolean {
  return a.bytes === b.bytes && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/** Current facts, or undefined when the path is gone or not a regular file. */
export async function readFacts(path: string): Promise<FileFacts | 'gone' | 'not-a-file'> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? factsOf(stats) : 'not-a-file';
  } catch {
    return 'gone';
  }
}

/** Resolves once the file has stopped changing for `windowMs`, or it went away. */
export async function waitUntilStable(path: string, options: StableOptions): Promise<StableOutcome> {
  const { windowMs, pollMs, signal, clock = systemClock } = options;
  let last = await readFacts(path);
  let since = clock.now();
  for (;;) {
    if (signal?.aborted) return { kind: 'aborted' };
    if (last === 'gone') return { kind: 'gone' };
    if (last === 'not-a-file') return { kind: 'not-a-file' };
    if (clock.now() - since >= windowMs) return { kind: 'stable', facts: last };
    await clock.sleep(Math.min(pollMs, Math.max(1, windowMs - (clock.now() - since))), signal);
    if (signal?.aborted) return { kind: 'aborted' };
    const next = await readFacts(path);
    if (typeof next !== 'object' || !sameFacts(last, next)) since = clock.now();
    last = next;
  }
}
