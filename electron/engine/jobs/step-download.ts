// The download step: fetch a finished result into a temp file in the target folder and put it
// in place (download.ts) once it opens as its type (check-result.ts); a broken transfer is
// fetched again by the retry policy, a damaged file never. Whether a
// result has expired is the server's answer, not this computer's clock.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCodeOf } from '../api/api-errors.ts';
import { resultOpens } from '../results/check-result.ts';
import { downloadOnce } from '../results/download.ts';
import type { JobRecord } from '../engine-types.ts';
import { outputDirFor } from '../results/output-path.ts';
import { withRetry } from '../api/retry-policy.ts';
import { outputNameFor } from '../results/safe-name.ts';
import type { RunnerContext, Runtime } from './step-context.ts';
import { failJob, retryContextFor } from './step-context.ts';
import { adoptPlaced, journaledPlace, plannedPlacing } from '../results/journaled-place.ts';

/** The temp name of a job's download: fixed per job, so a crash leftover is found again. */
export function partPathFor(job: JobRecord): string {
  return join(outputDirFor(job.source, job.outDir), `.ifc-${job.id}.part`);
}

export async function downloadStep(ctx: RunnerContext, job: JobRecord, runtime: Runtime): Promise<void> {
  const { signal } = runtime.controller;
  const { store, client, lanes } = ctx;
  const result = job.result;
  if (!result) {
    failJob(ctx, job, 'protocol');
    return;
  }
  // Outside the lane: the journal write below is shared by every job reaching this point
  // together, instead of each download slot waiting for a write of its own.
  if (signal.aborted) return;
  // A crash after the rename but before `completed` was saved: the result is already there.
  if (await adoptPlaced(store, job)) {
    await store.flush();
    return;
  }
  // Past `expiresAt` by this computer's clock is still asked for: the clock may be wrong, and
  // the server says 410 (or 404 after expiry) when the result is really gone.
  const tempPath = partPathFor(job);
  const dir = outputDirFor(job.source, job.outDir);
  const name = outputNameFor(job.sourceName, job.to);
  // The temp file and the final name in ONE write before the transfer: after a crash the
  // temp is removed, and a result already renamed into place is recognised (no 2nd copy).
  store.update(job, {
    state: 'downloading',
    progress: 0,
    partPath: tempPath,
    placing: await plannedPlacing(dir, name, job.conflict, result),
    wait: undefined,
    error: undefined,
  });
  await store.flush();
  const completed = await lanes.download.run(
    async (): Promise<boolean> => {
      if (signal.aborted) return false;
      const outcome = await withRetry(
        () =>
          downloadOnce(client, {
            result,
            dir,
            name,
            tempPath,
            conflict: job.conflict,
            place: journaledPlace(store, job, result.sha256),
            opens: (path) => resultOpens(path, job.to),
            signal,
            // The last bytes written are not reported: the file is checked, placed and
            // `completed` next (for a small file, at once), and says so itself.
            onProgress: (received, total) => {
              if (total === undefined || received < total)
                store.update(job, { progress: total ? received / total : 0 });
            },
          }),
        // A 429 from the storage origin waits on that origin's gate, never the API's.
        { ...retryContextFor(ctx, job, signal), gate: client.gateFor(result.url) },
      );
      if (signal.aborted) {
        await unlink(tempPath).catch(() => undefined);
        return false;
      }
      if (outcome.ok) {
        store.update(job, {
          state: 'completed',
          progress: 1,
          output: outcome.value,
          partPath: undefined,
          placing: undefined,
        });
        return true;
      }
      // The result stays on the server until it expires: a retry downloads it again.
      failJob(ctx, job, errorCodeOf(outcome.error), outcome.error.serverMessage, {
        partPath: undefined,
        placing: undefined,
      });
      return false;
    },
    job.priority,
    signal,
  );
  // Awaited outside the lane: the next download need not wait for this write (the result is
  // in place and its path journaled, so a crash before the write is recognised on resume).
  if (completed) await store.flush();
}
