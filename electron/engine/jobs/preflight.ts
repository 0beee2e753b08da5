// Batch preflight, before any upload: measure the files, price them with the published
// formula (shared/formats.ts, the same one the server charges), compare with the balance, and
// refuse the batch or trim it to the files that fit, in the order given.
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { BatchEstimate, FormatsInfo } from '../../../shared/formats.ts';
import { canConvert, estimateBatch, sourceFormatOf } from '../../../shared/formats.ts';
import type { ErrorCode } from '../../../shared/messages.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { SubmitItem } from '../engine-types.ts';

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
 *  stat of the path is needed first (one round trip to the thread pool fewer per file, twice
 *  per file: preflight and upload). O_NONBLOCK changes nothing for regular files. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function openSource(
  path: string,
): Promise<{ ok: true; handle: FileHandle; bytes: number } | { ok: false; code: SourceProblem }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, OPEN_FLAGS);
    const stats = await handle.stat();
    if (stats.isFile()) return { ok: true, handle, bytes: stats.size };
    await handle.close().catch(() => undefined);
    // Not a regular file (a pipe, a device): it is no document.
    return { ok: false, code: stats.isDirectory() ? 'is_directory' : 'file_unreadable' };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, code: 'file_missing' };
    if (code === 'EISDIR') return { ok: false, code: 'is_directory' };
    return { ok: false, code: 'file_unreadable' };
  }
}

/** openSource, closed again: whether the file can be sent, and its size. */
export async function probeSource(
  path: string,
): Promise<{ ok: true; bytes: number } | { ok: false; code: SourceProblem }> {
  const opened = await openSource(path);
  if (!opened.ok) return opened;
  await opened.handle.close().catch(() => undefined);
  return { ok: true, bytes: opened.bytes };
}

/** Files checked at once. Each check is three trips to libuv's thread pool (open, fstat,
 *  close); one at a time, 10,000 files took seconds of waiting on round trips. A few dozen in
 *  flight keep the pool's 4 threads busy without flooding it. */
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
