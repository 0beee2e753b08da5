// One download attempt of a finished result: stream to a temp file in the target folder,
// check the length against Content-Length and the Job's `bytes`, the sha256 when given, fsync,
// then put it in place under the conflict policy. On any failure the temp file is removed. A
// short or corrupt body is reported as a transient error so that the retry policy fetches the
// file again (the result is still on the server: we re-download, never re-convert).
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, unlink } from 'node:fs/promises';
import type { ApiClient, ApiResult, RemoteResult } from '../api/api-client.ts';
import type { ApiError } from '../api/api-errors.ts';
import { BlockWriter } from './block-writer.ts';
import type { ConflictPolicy } from '../engine-types.ts';
import { syncFolder } from './folder-sync.ts';
import { type Placed, placeResult } from './output-path.ts';

export interface DownloadPlan {
  result: RemoteResult;
  dir: string;
  name: string;
  tempPath: string;
  conflict: ConflictPolicy;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Puts the checked temp file in place (default placeResult); the engine's own records the
   *  final path in the journal before the rename, so a crash right after it is recognised.
   *  `bytes` is the temp file's length as written and synced (no stat needed to know it). */
  place?: (temp: string, dir: string, name: string, policy: ConflictPolicy, bytes: number) => Promise<Placed>;
  /** Opens the checked temp file by its type before it is placed (check-result.ts); false
   *  fails the download with `result_damaged`, which is never retried (see DAMAGED). */
  opens?: (tempPath: string) => Promise<boolean>;
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
/** The bytes are the ones the server hashed, so fetching them again gives the same broken
 *  file: `local` is not transient, the retry policy stops here (a new conversion costs
 *  tokens, so only a person asks for it). */
const DAMAGED: ApiError = { kind: 'local', code: 'result_damaged' };

export async function downloadOnce(client: ApiClient, plan: DownloadPlan): Promise<ApiResult<string>> {
  const opened = await client.download(plan.result.url, plan.signal, plan.result.expiresAt);
  if (!opened.ok) return opened;
  const { body, contentLength } = opened.value;
  const expected = contentLength ?? plan.result.bytes;
  if (contentLength !== undefined && plan.result.bytes !== undefined && contentLength !== plan.result.bytes) {
    body.destroy();
    return { ok: false, error: MISMATCH };
  }
  let handle: FileHandle;
  try {
    // The folder is made only when missing: after the first file it exists, and a mkdir per
    // file was one more thread-pool round trip each.
    handle = await open(plan.tempPath, 'w', 0o644).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(plan.dir, { recursive: true });
      return open(plan.tempPath, 'w', 0o644);
    });
  } catch (error) {
    body.destroy();
    return { ok: false, error: localErrorFor(error) };
  }
  const hash = createHash('sha256');
  let received = 0;
  let failure: ApiError | undefined;
  // Each chunk is hashed and copied into the writer's blocks as undici hands it over; a full
  // block goes to disk while the socket goes on into the other. When both are busy undici is
  // paused (it stops reading the socket): memory stays flat.
  const writer = new BlockWriter(handle, (written) => plan.onProgress?.(written, expected), expected);
  const stop = (why: ApiError) => {
    failure ??= why;
    body.destroy();
  };
  writer.onDrain = () => {
    if (writer.failed() !== undefined) stop(localErrorFor(writer.failed()));
    else body.resume();
  };
  try {
    try {
      await body.consume((bytes) => {
        received += bytes.length;
        if (expected !== undefined && received > expected) {
          stop(MISMATCH);
          return false;
        }
        hash.update(bytes);
        return writer.take(bytes);
      });
    } catch {
      // Our own stop has said why; otherwise the body broke off (a cut connection, a broken
      // framing) and is fetched again, unless the person cancelled.
      if (!failure && writer.failed() !== undefined) failure = localErrorFor(writer.failed());
      if (!failure) failure = plan.signal?.aborted ? { kind: 'aborted', code: 'cancelled' } : MISMATCH;
    }
    if (!failure && expected !== undefined && received !== expected) failure = MISMATCH;
    if (!failure && plan.result.sha256 && hash.digest('hex') !== plan.result.sha256) failure = MISMATCH;
    if (!failure) {
      try {
        // A failed write or background sync (EIO, ENOSPC on a thin volume) fails the file.
        await writer.finish();
        // fdatasync: the data and the size it needs to be read back (POSIX), not the times.
        await handle.datasync();
      } catch (error) {
        failure = localErrorFor(error);
      }
    }
  } finally {
    body.destroy();
    await writer.settled();
    await handle.close().catch(() => undefined);
  }
  if (!failure && plan.opens && !(await plan.opens(plan.tempPath))) failure = DAMAGED;
  if (failure) {
    await unlink(plan.tempPath).catch(() => undefined);
    return { ok: false, error: failure };
  }
  const placed = await (plan.place ?? placeResult)(
    plan.tempPath,
    plan.dir,
    plan.name,
    plan.conflict,
    received,
  );
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
