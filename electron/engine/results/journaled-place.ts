// Putting a downloaded result in place so that a crash cannot make a second copy. The final
// path (with the file's size and sha256) goes into the journal BEFORE the rename; a job found
// `downloading` after a crash whose recorded path holds a file of that size and hash is the
// job whose rename happened: it is adopted as completed instead of downloaded again (which
// the `rename` policy would have saved as `name (1).ext`).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ConflictPolicy, JobRecord } from '../engine-types.ts';
import type { JobStore } from '../jobs/job-store.ts';
import type { Placed } from './output-path.ts';
import { numberedName, outputExists, placeResult } from './output-path.ts';

type StoreLike = Pick<JobStore, 'update' | 'flush'>;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The name the policy would give the result now, with the size and sha256 the server
 *  announced: journaled with the download's own record, so that no further write is needed
 *  before the rename while that name stays free. Undefined when size or hash is not known. */
export async function plannedPlacing(
  dir: string,
  name: string,
  policy: ConflictPolicy,
  result: { bytes?: number; sha256?: string },
): Promise<JobRecord['placing']> {
  if (result.bytes === undefined || !result.sha256) return undefined;
  for (let n = 0; n < 10_000; n += 1) {
    const candidate = n === 0 ? name : numberedName(name, n);
    if (policy === 'rename' && (await outputExists(dir, candidate))) continue;
    return { path: join(dir, candidate), bytes: result.bytes, sha256: result.sha256 };
  }
  return undefined;
}

/** Places under one name only: `skip` here means "never clobber"; callers do the numbering. */
function placeAs(temp: string, dir: string, name: string, policy: ConflictPolicy): Promise<Placed> {
  return placeResult(temp, dir, name, policy === 'overwrite' ? 'overwrite' : 'skip');
}

/** A `place` for downloadOnce: the name already journaled if it is still free and the file
 *  is the one announced; else the name the policy picks now, journaled (and written) first.
 *  A name taken meanwhile moves on to the next one, journaled again. */
export function journaledPlace(store: StoreLike, job: JobRecord, knownSha256?: string) {
  return async (
    temp: string,
    dir: string,
    name: string,
    policy: ConflictPolicy,
    written?: number,
  ): Promise<Placed> => {
    // The length downloadOnce wrote and synced; a stat only when the caller did not say.
    let bytes: number;
    try {
      bytes = written ?? (await stat(temp)).size;
    } catch (error) {
      return { ok: false, reason: 'error', error: error as NodeJS.ErrnoException };
    }
    const planned = job.placing;
    // downloadOnce has checked the body against the announced sha256 and length.
    if (planned && knownSha256 && planned.sha256 === knownSha256 && planned.bytes === bytes) {
      const placed = await placeAs(temp, dir, basename(planned.path), policy);
      if (placed.ok || placed.reason === 'error' || policy !== 'rename') {
        if (!placed.ok) store.update(job, { placing: undefined });
        return placed;
      }
    }
    let sha256: string;
    try {
      sha256 = knownSha256 ?? (await sha256Of(temp));
    } catch (error) {
      return { ok: false, reason: 'error', error: error as NodeJS.ErrnoException };
    }
    for (let n = 0; n < 10_000; n += 1) {
      const candidate = n === 0 ? name : numberedName(name, n);
      if (policy !== 'overwrite' && (await outputExists(dir, candidate))) {
        if (policy === 'skip') break;
        continue;
      }
      store.update(job, { placing: { path: join(dir, candidate), bytes, sha256 } });
      await store.flush();
      const placed = await placeAs(temp, dir, candidate, policy);
      if (placed.ok || placed.reason === 'error' || policy !== 'rename') {
        if (!placed.ok) store.update(job, { placing: undefined });
        return placed;
      }
    }
    store.update(job, { placing: undefined });
    return { ok: false, reason: 'exists' };
  };
}

/** The path of this job's result if a crash came between its rename and the journal saying
 *  `completed`: the recorded file is there with the recorded size and sha256. */
export async function placedBeforeCrash(job: JobRecord): Promise<string | undefined> {
  const placing = job.placing;
  if (!placing) return undefined;
  try {
    const stats = await stat(placing.path);
    if (!stats.isFile() || stats.size !== placing.bytes) return undefined;
    if ((await sha256Of(placing.path)) !== placing.sha256) return undefined;
    return placing.path;
  } catch {
    return undefined;
  }
}

/** Marks the job completed with its already placed result, if it has one (see above). */
export async function adoptPlaced(store: JobStore, job: JobRecord): Promise<boolean> {
  const path = await placedBeforeCrash(job);
  if (path === undefined) {
    if (job.placing) store.update(job, { placing: undefined });
    return false;
  }
  store.update(job, {
    state: 'completed',
    progress: 1,
    output: path,
    partPath: undefined,
    placing: undefined,
    wait: undefined,
    error: undefined,
  });
  return true;
}
