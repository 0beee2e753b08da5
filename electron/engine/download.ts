// One download attempt of a finished result: stream to a temp file in the target folder,
// check the length against Content-Length and the Job's `bytes`, the sha256 when given, fsync,
// then put it in place under the conflict policy. On any failure the temp file is removed. A
// short or corrupt body is reported as a transient error so that the retry policy fetches the
// file again (the result is still on the server: we re-download, never re-convert).
import { createHash } from 'node:crypto';
import { mkdir, open, unlink } from 'node:fs/promises';
import type { ApiClient, ApiResult, RemoteResult } from './api-client.ts';
import type { ApiError } from './api-errors.ts';
import type { ConflictPolicy } from './engine-types.ts';
import { placeResult } from './output-path.ts';

export interface DownloadPlan {
  result: RemoteResult;
  dir: string;
  name: string;
  tempPath: string;
  conflict: ConflictPolicy;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
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

export async function downloadOnce(client: ApiClient, plan: DownloadPlan): Promise<ApiResult<string>> {
  const opened = await client.download(plan.result.url, plan.signal);
  if (!opened.ok) return opened;
  const { body, contentLength } = opened.value;
  const expected = contentLength ?? plan.result.bytes;
  if (contentLength !== undefined && plan.result.bytes !== undefined && contentLength !== plan.result.bytes) {
    body.destroy();
    return { ok: false, error: MISMATCH };
  }
  let handle: Awaited<ReturnType<typeof open>>;
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
  try {
    try {
      for await (const chunk of body) {
        const bytes = chunk as Buffer;
        received += bytes.length;
        if (expected !== undefined && received > expected) {
          failure = MISMATCH;
          break;
        }
        hash.update(bytes);
        try {
          await handle.write(bytes);
        } catch (error) {
          failure = localErrorFor(error);
          break;
        }
        plan.onProgress?.(received, expected);
      }
    } catch {
      // The body broke off (a cut connection): fetch it again.
      failure = plan.signal?.aborted ? { kind: 'aborted', code: 'cancelled' } : MISMATCH;
    }
    if (!failure && expected !== undefined && received !== expected) failure = MISMATCH;
    if (!failure && plan.result.sha256 && hash.digest('hex') !== plan.result.sha256) failure = MISMATCH;
    if (!failure) {
      try {
        await handle.sync();
      } catch (error) {
        failure = localErrorFor(error);
      }
    }
  } finally {
    body.destroy();
    await handle.close().catch(() => undefined);
  }
  if (failure) {
    await unlink(plan.tempPath).catch(() => undefined);
    return { ok: false, error: failure };
  }
  const placed = await placeResult(plan.tempPath, plan.dir, plan.name, plan.conflict);
  if (!placed.ok) {
    await unlink(plan.tempPath).catch(() => undefined);
    return {
      ok: false,
      error: placed.reason === 'exists' ? local('output_exists') : localErrorFor(placed.error),
    };
  }
  await syncFolder(plan.dir);
  return { ok: true, value: placed.path, meta: opened.meta };
}

/** Makes the rename itself durable where the platform allows it (not on Windows). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Folders cannot be opened or synced on some platforms and file systems; the data is synced.
  }
}
