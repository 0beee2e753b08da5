// Batch preflight, before any upload: measure the files, price them with the published
// formula (shared/formats.ts, the same one the server charges), compare with the balance, and
// refuse the batch or trim it to the files that fit, in the order given.
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { BatchEstimate, FormatsInfo } from '../../../shared/formats.ts';
import { canConvert, estimateBatch, sourceFormatOf } from '../../../shared/formats.ts';
import type { ErrorCode } from '../../../shared/messages.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { SubmitItem } from '../engine-types.ts';
import { SMALL_BODY } from '../api/multipart-body.ts';

export interface MeasuredItem extends SubmitItem {
  source: string;
  name: string;
  bytes: number;
  from: string;
}

export interface Measured {
  items: MeasuredItem[];
  skipped: { source: string; code: ErrorCode; reason: string }[];
}

type SourceProblem = 'file_missing' | 'file_unreadable' | 'is_directory';

/** Opens a source file for reading, after checking it is a regular file: one we may not read
 *  is found here, before anything is sent or charged (stat alone succeeds on it). The caller
 *  owns the handle; the upload reads from it, so what was checked is what is sent.
 *  Opened non-blocking and checked with the handle's own stat: a pipe or a device opens at
 *  once (instead of blocking until a writer comes) and is refused by the check, so no separate
 *  stat of the path is needed first (one round trip to the thread pool fewer per file).
 *  O_NONBLOCK changes nothing for regular files. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type OpenedSource = {
  ok: true;
  handle: FileHandle;
  bytes: number;
  /** The whole file, when it was read at once (a small file of the size measured before). */
  content?: Buffer;
};

/** `expectedBytes`: the size the preflight measured. A small file of that size (up to
 *  SMALL_BODY, which is sent as one buffer) is read whole
 *  in one read of one byte more than that, in place of the stat: a read that stops at exactly
 *  that size (a read of a regular file stops short only at its end) shows the same file, and
 *  its bytes are what is sent. Anything else (a file that changed, a pipe, a device, a read
 *  that failed) is asked of the handle's stat as before. The stat was a trip to the thread
 *  pool per file, and the read was needed anyway (issue 20). */
export async function openSource(
  path: string,
  expectedBytes?: number,
): Promise<OpenedSource | { ok: false; code: SourceProblem }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, OPEN_FLAGS);
    if (expectedBytes !== undefined && expectedBytes > 0 && expectedBytes <= SMALL_BODY) {
      const content = await readExactly(handle, expectedBytes);
      if (content) return { ok: true, handle, bytes: expectedBytes, content };
    }
    const stats = await handle.stat();
    if (stats.isFile()) return { ok: true, handle, bytes: stats.size };
    await handle.close().catch(() => undefined);
    // Not a regular file (a pipe, a device): it is no document.
    return { ok: false, code: stats.isDirectory() ? 'is_directory' : 'file_unreadable' };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    return { ok: false, code: problemOf(error) };
  }
}

/** The file's bytes if one read from its start gives exactly `bytes` of the `bytes + 1` asked
 *  for; undefined otherwise (or when the read fails: the stat that follows says why). */
async function readExactly(handle: FileHandle, bytes: number): Promise<Buffer | undefined> {
  const buffer = Buffer.allocUnsafe(bytes + 1);
  try {
    const { bytesRead } = await handle.read(buffer, 0, bytes + 1, 0);
    return bytesRead === bytes ? buffer.subarray(0, bytes) : undefined;
  } catch {
    return undefined;
  }
}

/** Who this process is, for modeSaysReadable (asked once: it does not change while we run).
 *  Undefined where there are no POSIX ids (Windows). */
let identity: { uid: number; gids: Set<number> } | undefined | null = null;

function processIdentity(): { uid: number; gids: Set<number> } | undefined {
  if (identity === null) {
    identity =
      process.getuid && process.getgid
        ? { uid: process.getuid(), gids: new Set([process.getgid(), ...(process.getgroups?.() ?? [])]) }
        : undefined;
  }
  return identity;
}

/** True when the permission bits that apply to this process (the owner's if it owns the file,
 *  else the group's if it is in the file's group, else the others') grant reading. False only
 *  means "not shown by the bits" (root, another user's file, no POSIX ids): the caller opens
 *  the file to find out. An ACL or a security module could still refuse a file the bits allow;
 *  the upload's own open then fails it with the same file_unreadable, before anything is sent. */
function modeSaysReadable(stats: Stats): boolean {
  const me = processIdentity();
  if (!me) return false;
  if (stats.uid === me.uid) return (stats.mode & 0o400) !== 0;
  if (me.gids.has(stats.gid)) return (stats.mode & 0o040) !== 0;
  return (stats.mode & 0o004) !== 0;
}

function problemOf(error: unknown): SourceProblem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'file_missing';
  if (code === 'EISDIR') return 'is_directory';
  return 'file_unreadable';
}

/** Whether the file can be sent, and its size. One stat of the path (it never blocks on a
 *  pipe, and tells a directory or a device apart); the file is opened (openSource) only when
 *  its permission bits do not show that we may read it. An open, a stat and a close per file
 *  were three trips to the thread pool, and the upload opens the file again anyway: one trip
 *  instead is about a tenth of the engine's own CPU per small file (issue 20). */
export async function probeSource(
  path: string,
): Promise<{ ok: true; bytes: number } | { ok: false; code: SourceProblem }> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    return { ok: false, code: problemOf(error) };
  }
  if (stats.isDirectory()) return { ok: false, code: 'is_directory' };
  // Not a regular file (a pipe, a device): it is no document.
  if (!stats.isFile()) return { ok: false, code: 'file_unreadable' };
  if (modeSaysReadable(stats)) return { ok: true, bytes: stats.size };
  const opened = await openSource(path);
  if (!opened.ok) return opened;
  await opened.handle.close().catch(() => undefined);
  return { ok: true, bytes: opened.bytes };
}

/** Files checked at once: a few dozen in flight keep the thread pool's 4 threads busy without
 *  flooding it (one at a time, 10,000 files took seconds of waiting on round trips). */
const PROBES_IN_FLIGHT = 32;

export async function measureItems(items: SubmitItem[], info: FormatsInfo): Promise<Measured> {
  const sources = items.map((item) => resolve(item.source));
  const probes = new Array<Awaited<ReturnType<typeof probeSource>>>(items.length);
  // A fixed pool of workers over one index: a few lines, and results land by position, so
  // what follows reads them in the order given (a library pool would add nothing here).
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const index = next++;
      probes[index] = await probeSource(sources[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBES_IN_FLIGHT, items.length) }, worker));

  const out: Measured = { items: [], skipped: [] };
  items.forEach((item, index) => {
    const source = sources[index]!;
    const refuse = (code: ErrorCode): void => {
      out.skipped.push({ source, code, reason: messageFor(code) });
    };
    const probe = probes[index]!;
    if (!probe.ok) {
      refuse(probe.code);
      return;
    }
    const { bytes } = probe;
    const from = sourceFormatOf(source);
    if (!from) refuse('unknown_format');
    else if (!canConvert(info, from, item.to)) refuse('unsupported_conversion');
    else if (bytes === 0) refuse('file_empty');
    else if (bytes > info.limits.maxFileBytes) refuse('file_too_large');
    else out.items.push({ ...item, source, name: basename(source), bytes, from });
  });
  return out;
}

export interface BatchPlan {
  estimate: BatchEstimate;
  /** Items to send now, and items left pending for lack of tokens (partial only). */
  run: MeasuredItem[];
  pending: MeasuredItem[];
  refused: boolean;
}

export function planBatch(
  info: FormatsInfo,
  items: MeasuredItem[],
  balance: number,
  partial: boolean,
): BatchPlan {
  const estimate = estimateBatch(info.pricing, items, balance);
  if (estimate.shortfall <= 0) return { estimate, run: items, pending: [], refused: false };
  if (!partial) return { estimate, run: [], pending: [], refused: true };
  return {
    estimate,
    run: items.slice(0, estimate.fitCount),
    pending: items.slice(estimate.fitCount),
    refused: false,
  };
}
