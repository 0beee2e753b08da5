// The poll step: ask about an accepted job on the schedule of poll-schedule.ts (a status
// Retry-After replaces it once), until it completes, fails, or passes its deadline (stalled:
// kept with its id, never resubmitted, since its tokens were charged).
import { messageFor } from '../../../shared/messages.ts';
import type { RemoteJob } from '../api/api-client.ts';
import { errorCodeOf } from '../api/api-errors.ts';
import type { JobRecord } from '../engine-types.ts';
import { nextPollDelay } from './poll-schedule.ts';
import { withRetry } from '../api/retry-policy.ts';
import type { RunnerContext, Runtime } from './step-context.ts';
import { failJob, retryContextFor } from './step-context.ts';

/** Applies what the server says about an accepted job. */
export function applyRemote(ctx: RunnerContext, job: JobRecord, remote: RemoteJob): void {
  const { store } = ctx;
  const tokens = remote.tokensCharged !== undefined ? { tokens: remote.tokensCharged } : {};
  if (remote.status === 'completed' && remote.result) {
    store.update(job, {
      ...tokens,
      state: 'downloading',
      progress: 0,
      result: remote.result,
      wait: undefined,
    });
  } else if (remote.status === 'failed' && remote.error?.code === 'insufficient_tokens') {
    // Refused for tokens after acceptance: like a 402, this job and the rest of its batch
    // wait for a top-up, and the next try is a new submission (fresh key).
    store.update(job, {
      serverJobId: undefined,
      idempotencyKey: undefined,
      charged: false,
      result: undefined,
    });
    ctx.onOutOfTokens(job, { kind: 'insufficient_tokens', code: 'insufficient_tokens' });
  } else if (remote.status === 'failed') {
    // A failed conversion is refunded and never retried on its own: the cause must change.
    const code = remote.error?.code ?? 'conversion_error';
    failJob(ctx, job, code, remote.error?.message, { ...tokens, charged: false });
  } else {
    store.update(job, {
      ...tokens,
      state: 'processing',
      progress: remote.progress ?? job.progress,
      wait: undefined,
    });
  }
}

export async function pollStep(ctx: RunnerContext, job: JobRecord, runtime: Runtime): Promise<void> {
  const { signal } = runtime.controller;
  const { store, client, lanes } = ctx;
  if (!job.serverJobId) {
    store.update(job, { state: 'queued' });
    return;
  }
  const delay = runtime.pollSoon ? 0 : nextPollDelay(runtime.pollsDone, ctx.poll, runtime.hintMs);
  runtime.pollSoon = false;
  runtime.hintMs = undefined;
  const deadline = job.deadlineAt ?? Number.POSITIVE_INFINITY;
  const { clock } = ctx.gate;
  await clock.sleep(Math.min(delay, Math.max(0, deadline - clock.now())), signal);
  if (signal.aborted) return;
  if (clock.now() >= deadline) {
    store.update(job, {
      state: 'stalled',
      wait: undefined,
      error: { code: 'stalled', message: messageFor('stalled') },
    });
    return;
  }
  const serverJobId = job.serverJobId;
  const outcome = await lanes.poll.run(
    () => withRetry(() => client.status(serverJobId, signal), retryContextFor(ctx, job, signal)),
    job.priority,
    signal,
  );
  if (signal.aborted) return;
  runtime.pollsDone += 1;
  if (outcome.ok) {
    runtime.hintMs = outcome.meta.retryAfterMs;
    applyRemote(ctx, job, outcome.value);
    return;
  }
  const { error } = outcome;
  if (error.kind === 'auth') {
    ctx.onAuthFailure();
    return;
  }
  if (error.kind === 'not_found' || error.kind === 'expired') {
    failJob(ctx, job, errorCodeOf(error), error.serverMessage, { charged: false });
    return;
  }
  // Still charged and maybe still converting: keep the job id, let a person check again.
  store.update(job, {
    state: 'stalled',
    wait: undefined,
    error: { code: errorCodeOf(error), message: messageFor(errorCodeOf(error)) },
  });
}
