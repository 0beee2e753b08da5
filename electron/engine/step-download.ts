// The download step: fetch a finished result into a temp file in the target folder and put it
// in place (download.ts); a broken transfer is fetched again by the retry policy.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCodeOf } from './api-errors.ts';
import { downloadOnce } from './download.ts';
import type { JobRecord } from './engine-types.ts';
import { outputDirFor } from './output-path.ts';
import { withRetry } from './retry-policy.ts';
import { outputNameFor } from './safe-name.ts';
import type { RunnerContext, Runtime } from './step-context.ts';
import { failJob, retryContextFor } from './step-context.ts';

/** The temp name of a job's download: fixed per job, so a crash leftover is found again. */
export function partPathFor(job: JobRecord): string {
  return join(outputDirFor(job.source, job.outDir), `.ifc-${job.id}.part`);
}

export async function downloadStep(ctx: RunnerContext, job: JobRecord, rt: Runtime): Promise<void> {
  const { signal } = rt.controller;
  const { store, client, lanes } = ctx;
  const result = job.result;
  if (!result) {
    failJob(ctx, job, 'protocol');
    return;
  }
  await lanes.download.run(
    async () => {
      if (signal.aborted) return;
      if (result.expiresAt !== undefined && result.expiresAt <= Date.now())
        return failJob(ctx, job, 'expired');
      const tempPath = partPathFor(job);
      store.update(job, {
        state: 'downloading',
        progress: 0,
        partPath: tempPath,
        wait: undefined,
        error: undefined,
      });
      await store.flush();
      const outcome = await withRetry(
        () =>
          downloadOnce(client, {
            result,
            dir: outputDirFor(job.source, job.outDir),
            name: outputNameFor(job.sourceName, job.to),
            tempPath,
            conflict: job.conflict,
            signal,
            onProgress: (received, total) => store.update(job, { progress: total ? received / total : 0 }),
          }),
        retryContextFor(ctx, job, signal),
      );
      if (signal.aborted) {
        await unlink(tempPath).catch(() => undefined);
        return;
      }
      if (outcome.ok) {
        store.update(job, { state: 'completed', progress: 1, output: outcome.value, partPath: undefined });
        await store.flush();
        return;
      }
      // The result stays on the server until it expires: a retry downloads it again.
      failJob(ctx, job, errorCodeOf(outcome.error), outcome.error.serverMessage, { partPath: undefined });
    },
    job.priority,
    signal,
  );
}
