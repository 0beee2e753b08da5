// One download attempt of a finished result: stream to a temp file in the target folder,
// check the length against Content-Length and the Job's `bytes`, the sha256 when given, fsync,
// then put it in place under the conflict policy. On any failure the temp file is removed. A
// short or corrupt body is reported as a transient error so that the retry policy fetches the
// file again (the result is still on the server: we re-download, never re-convert).
import { createHash } from 'node:crypto';
import { mkdir, open, unlink } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiClient, ApiResult, RemoteResult } from './api-client.ts';
import type { ApiError } from './api-errors.ts';
import type { ConflictPolicy } from './engine-types.ts';
import { syncFolder } from './folder-sync.ts';
import { placeResult } from './output-path.ts';

export interface DownloadPlan {
  result: RemoteResult;
  dir: string;
  name: string;
  tempPath: string;
  conflict: ConflictPolicy;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Puts the checked temp file in place (default placeResult); the engine's own records the
   *  final path in the journal before the rename, so a crash right after it is recognised. */
  place?: typeof placeResult;
}

function local(code: 'disk_full' | 'output_unwritable' | 'output_exists'): ApiError {
  return { kind: 'local', code };
}

/** A file-system failure on our side, as the code a person can act on. */
export function localErrorFor(error: unknown): ApiError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return local('disk_full');
  return local('output_unwritable');
}

const MISMATCH: ApiError = { kind: 'network', code: 'download_mismatch' };

/** How much may wait in memory between the socket and the disk, per stage: enough for a
 *  writev of several socket chunks, small enough that the chunks (a fresh buffer per socket
 *  read, which undici does not let us reuse) are still young, and cheap to collect, when V8 looks. */
const WRITE_BUFFER = 256 * 1024;

/** Written bytes after which a sync starts in the background, while the download goes on. */
const SYNC_EVERY = 32 * 1024 * 1024;

type FileHandle = Awaited<ReturnType<typeof open>>;

/** The buffers left once `count` bytes of them have been written. */
function after(buffers: Buffer[], count: number): Buffer[] {
  let skip = count;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

interface FileSink {
  stream: Writable;
  /** The sink's own failure (a write or a background sync), if it had one. */
  failed(): unknown;
  /** Resolves once no background sync is running. */
  synced(): Promise<void>;
}

/** Writes into `handle` whatever has queued up in one writev, and reports the bytes the file
 *  has actually received after each write.
 *  Every SYNC_EVERY bytes it starts a datasync without waiting for it: the file must be on disk
 *  before it is renamed, and one fsync of a whole big file at the end took over a second per
 *  512 MiB here, all of it after the last byte had arrived. Synced as it goes, the flushing
 *  overlaps the download and the final fsync has only the tail left. */
function fileSink(handle: FileHandle, onWritten: (bytes: number) => void): FileSink {
  let written = 0;
  let syncedUpTo = 0;
  let syncing: Promise<void> | undefined;
  let failed: unknown;
  const startSync = () => {
    syncedUpTo = written;
    syncing = handle.datasync().then(
      () => {
        syncing = undefined;
      },
      (error: unknown) => {
        syncing = undefined;
        failed ??= error;
      },
    );
  };
  async function writeAll(buffers: Buffer[]): Promise<void> {
    let rest = buffers;
    while (rest.length > 0) {
      const { bytesWritten } = await handle.writev(rest);
      if (bytesWritten === 0) throw Object.assign(new Error('nothing written'), { code: 'EIO' });
      written += bytesWritten;
      rest = after(rest, bytesWritten);
    }
    if (failed !== undefined) throw failed;
    if (!syncing && written - syncedUpTo >= SYNC_EVERY) startSync();
    onWritten(written);
  }
  const stream = new Writable({
    highWaterMark: WRITE_BUFFER,
    writev(chunks, callback) {
      writeAll(chunks.map((entry) => entry.chunk as Buffer)).then(
        () => callback(),
        (error: unknown) => {
          failed ??= error;
          callback(error as Error);
        },
      );
    },
  });
  return { stream, failed: () => failed, synced: async () => void (await syncing) };
}

export async function downloadOnce(client: ApiClient, plan: DownloadPlan): Promise<ApiResult<string>> {
  const opened = await client.download(plan.result.url, plan.signal);
  if (!opened.ok) return opened;
  const { body, contentLength } = opened.value;
  const expected = contentLength ?? plan.result.bytes;
  if (contentLength !== undefined && plan.result.bytes !== undefined && contentLength !== plan.result.bytes) {
    body.destroy();
    return { ok: false, error: MISMATCH };
  }
  let handle: FileHandle;
  try {
    await mkdir(plan.dir, { recursive: true });
    handle = await open(plan.tempPath, 'w', 0o644);
  } catch (error) {
    body.destroy();
    return { ok: false, error: localErrorFor(error) };
  }
  const hash = createHash('sha256');
  let received = 0;
  let failure: ApiError | undefined;
  // Reading the socket, hashing and writing overlap: the tap hashes each chunk as it arrives
  // while the sink's previous write is still on the thread pool, and chunks that queue up
  // meanwhile go to disk in one writev. Both buffers are bounded, so memory stays flat.
  const tap = new Transform({
    readableHighWaterMark: WRITE_BUFFER,
    writableHighWaterMark: WRITE_BUFFER,
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (expected !== undefined && received > expected) {
        failure = MISMATCH;
        return callback(new Error('body longer than announced'));
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const sink = fileSink(handle, (written) => plan.onProgress?.(written, expected));
  try {
    try {
      await pipeline(body, tap, sink.stream);
    } catch {
      // The sink's own failure is local; a body that broke off (a cut connection) is fetched
      // again; the tap has said so itself when the body ran long.
      if (!failure && sink.failed() !== undefined) failure = localErrorFor(sink.failed());
      if (!failure) failure = plan.signal?.aborted ? { kind: 'aborted', code: 'cancelled' } : MISMATCH;
    }
    if (!failure && expected !== undefined && received !== expected) failure = MISMATCH;
    if (!failure && plan.result.sha256 && hash.digest('hex') !== plan.result.sha256) failure = MISMATCH;
    if (!failure) {
      try {
        await sink.synced();
        // A background sync that failed (EIO, ENOSPC on a thin volume) fails the file.
        if (sink.failed() !== undefined) throw sink.failed();
        await handle.sync();
      } catch (error) {
        failure = localErrorFor(error);
      }
    }
  } finally {
    body.destroy();
    await sink.synced();
    await handle.close().catch(() => undefined);
  }
  if (failure) {
    await unlink(plan.tempPath).catch(() => undefined);
    return { ok: false, error: failure };
  }
  const placed = await (plan.place ?? placeResult)(plan.tempPath, plan.dir, plan.name, plan.conflict);
  if (!placed.ok) {
    await unlink(plan.tempPath).catch(() => undefined);
    return {
      ok: false,
      error: placed.reason === 'exists' ? local('output_exists') : localErrorFor(placed.error),
    };
  }
  // The rename made durable; downloads finishing together in one folder share the fsync.
  await syncFolder(plan.dir);
  return { ok: true, value: placed.path, meta: opened.meta };
}
