// The upload step: stream the file (the sync path asks the server to hold its answer while it
// converts small files), with the idempotency key on disk before a byte leaves and the
// server's job id on disk right after it accepts.
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../api/api-errors.ts';
import { errorCodeOf } from '../api/api-errors.ts';
import type { JobRecord } from '../engine-types.ts';
import { type OpenedSource, openSource } from './preflight.ts';
import { withRetry } from '../api/retry-policy.ts';
import type { RunnerContext, Runtime } from './step-context.ts';
import { failJob, retryContextFor } from './step-context.ts';
import { applyRemote } from './step-poll.ts';

export async function uploadStep(ctx: RunnerContext, job: JobRecord, runtime: Runtime): Promise<void> {
  const { signal } = runtime.controller;
  const { store, lanes } = ctx;
  const accepted = await lanes.upload.run(
    async (): Promise<boolean> => {
      if (signal.aborted) return false;
      // Opened for reading before anything is sent: a file that went missing or became
      // unreadable since the preflight fails here, with its own reason, never as a network
      // error. Every attempt's body is read from this one handle (or is the small file's
      // bytes, read as it was opened), closed once the lane is done.
      const source = await openSource(job.source, job.bytes);
      if (!source.ok) {
        failJob(ctx, job, source.code, undefined, { progress: 0 });
        return false;
      }
      try {
        return await sendSource(ctx, job, runtime, source);
      } finally {
        await source.handle.close().catch(() => undefined);
      }
    },
    job.priority,
    signal,
  );
  // The server's job id on disk before the job goes on; awaited outside the lane, so the
  // next upload need not wait for this write (a crash before it re-sends with the same key,
  // which the server answers with this same job: never a second charge). When the answer
  // already carried the finished job (the sync path), the download step's own write, awaited
  // before the transfer, records the id with everything else: one write per small file, not two.
  if (accepted && job.state !== 'downloading') await store.flush();
}

/** Sends the open source file (retrying as the policy says); true once the server accepted it. */
async function sendSource(
  ctx: RunnerContext,
  job: JobRecord,
  runtime: Runtime,
  { handle, bytes, content }: OpenedSource,
): Promise<boolean> {
  const { signal } = runtime.controller;
  const { store, client } = ctx;
  if (bytes === 0) {
    failJob(ctx, job, 'file_empty');
    return false;
  }
  // A key made with the batch was on disk before the job started (Engine.submit waits for
  // that write); only a new key has to be written before the first byte leaves.
  const freshKey = job.idempotencyKey === undefined;
  store.update(job, {
    state: 'uploading',
    progress: 0,
    bytes,
    idempotencyKey: job.idempotencyKey ?? randomUUID(),
    wait: undefined,
    error: undefined,
  });
  if (freshKey) await store.flush();
  if (signal.aborted) return false;
  const limits = ctx.limits();
  const sync = ctx.syncWaitSeconds > 0 && limits !== undefined && bytes <= limits.syncMaxBytes;
  const outcome = await withRetry(
    () => {
      runtime.bodySent = false;
      if (job.state !== 'uploading') store.update(job, { state: 'uploading', progress: 0 });
      return client.submit({
        path: job.source,
        handle,
        ...(content ? { content } : {}),
        fileName: job.sourceName,
        bytes,
        to: job.to,
        idempotencyKey: job.idempotencyKey!,
        ...(sync ? { waitSeconds: ctx.syncWaitSeconds } : {}),
        signal,
        onProgress: (sent) => {
          if (sent < bytes) {
            store.update(job, { progress: bytes > 0 ? sent / bytes : 1 });
            return;
          }
          runtime.bodySent = true;
          // On the sync path the server converts while we wait for its answer: say so.
          if (sync) store.update(job, { state: 'processing', progress: 0 });
          else store.update(job, { progress: 1 });
        },
      });
    },
    retryContextFor(ctx, job, signal),
  );
  if (!outcome.ok) {
    if (!signal.aborted) uploadFailed(ctx, job, outcome.error);
    return false;
  }
  // Accepted, even if someone is stopping us right now: the job id must be kept, since
  // the tokens are spent (whoever stops the job looks at its state afterwards).
  const { jobId, tokensCharged } = outcome.value;
  const tokens = tokensCharged ?? outcome.value.job?.tokensCharged ?? job.tokens;
  const now = store.clock.now();
  store.update(job, {
    serverJobId: jobId,
    state: 'processing',
    progress: 0,
    charged: true,
    acceptedAt: now,
    deadlineAt: now + ctx.poll.stallAfterMs,
    ...(tokens !== undefined ? { tokens } : {}),
  });
  ctx.onCharged(tokens ?? 0, outcome.meta);
  if (outcome.value.job) applyRemote(ctx, job, outcome.value.job);
  return true;
}

function uploadFailed(ctx: RunnerContext, job: JobRecord, error: ApiError): void {
  const { store } = ctx;
  // The server turned the job down for good: nothing was created under this key, and a
  // server that replays answers per key must not replay this refusal after a top-up.
  const definitive = { idempotencyKey: undefined, progress: 0 };
  switch (error.kind) {
    case 'auth':
      store.update(job, { ...definitive, state: 'pending', wait: { kind: 'needs-key' } });
      ctx.onAuthFailure();
      return;
    case 'insufficient_tokens':
      store.update(job, definitive);
      ctx.onOutOfTokens(job, error);
      return;
    case 'bad_request':
    case 'file_too_large':
    case 'unsupported_conversion':
    case 'not_found':
    case 'conflict':
      failJob(ctx, job, errorCodeOf(error), error.serverMessage, definitive);
      return;
    default:
      // Network, 5xx after retries, an answer we could not read: the server may hold the
      // job, so the key is kept and a retry re-sends with it (never a second charge).
      failJob(ctx, job, errorCodeOf(error), error.serverMessage, { progress: 0 });
  }
}
