// What a person can do to one job: hold it, let it go, cancel it, try it again, check a
// stalled one again, forget it. Each answers with a Result (not_found / conflict otherwise).
import type { JobState } from '../../../shared/jobs.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { Result } from '../../../shared/result.ts';
import { fail, ok } from '../../../shared/result.ts';
import type { ApiError } from '../api/api-errors.ts';
import type { JobRecord } from '../engine-types.ts';
import type { JobRunner } from './job-runner.ts';
import type { JobStore } from './job-store.ts';
import { SETTLED_STATES } from './job-store.ts';

export interface ControlContext {
  store: JobStore;
  runner: JobRunner;
  /** The queue is paused (new jobs show "Waiting: paused"). */
  paused(): boolean;
  /** The job's batch is moving again: its summary is due again when it settles. */
  reopen(batchId: string): void;
}

const notFound = (): Result<never> => fail({ code: 'not_found', message: messageFor('not_found') });
const conflict = (): Result<never> => fail({ code: 'conflict', message: messageFor('conflict') });

/** A job's state read afresh (TypeScript would otherwise keep an earlier narrowing). */
function stateOf(job: JobRecord): JobState {
  return job.state;
}

/** Holds one job that has not been sent yet; it stays pending until resumeJob. */
export async function pauseJob(ctx: ControlContext, jobId: string): Promise<Result<void>> {
  const job = ctx.store.get(jobId);
  if (!job) return notFound();
  if (ctx.runner.bodySent(jobId)) return conflict();
  if (job.state !== 'queued' && job.state !== 'uploading') return conflict();
  await ctx.runner.stop(jobId, 'paused');
  const state = stateOf(job);
  if (state === 'queued' || state === 'uploading') {
    ctx.store.update(job, { state: 'pending', progress: 0, heldByUser: true, wait: { kind: 'paused' } });
    return ok(undefined);
  }
  ctx.runner.start(job);
  return conflict();
}

export function resumeJob(ctx: ControlContext, jobId: string): Result<void> {
  const job = ctx.store.get(jobId);
  if (!job) return notFound();
  if (job.state !== 'pending') return conflict();
  ctx.store.update(job, {
    state: 'queued',
    heldByUser: undefined,
    wait: ctx.paused() ? { kind: 'paused' } : undefined,
  });
  ctx.reopen(job.batchId);
  ctx.runner.start(job);
  return ok(undefined);
}

export async function cancelJob(ctx: ControlContext, jobId: string): Promise<Result<void>> {
  const job = ctx.store.get(jobId);
  if (!job) return notFound();
  if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled') return conflict();
  if (!job.serverJobId && ctx.runner.bodySent(jobId)) {
    // The server may be accepting it right now: let the answer arrive, then DELETE the job.
    ctx.runner.requestCancelAfterUpload(jobId);
    return ok(undefined);
  }
  await ctx.runner.stop(jobId, 'cancelled');
  // Re-read: while it stopped, an upload may have been accepted or a download finished.
  const state = stateOf(job);
  if (job.serverJobId && (state === 'processing' || state === 'stalled')) {
    const outcome = await ctx.runner.cancelOnServer(job);
    if (outcome === 'cancelled') return ok(undefined);
    ctx.runner.start(job); // finished meanwhile (409) or unreachable: carry on with it
    return conflict();
  }
  if (state === 'completed' || state === 'failed') return conflict();
  ctx.store.update(job, {
    state: 'cancelled',
    wait: undefined,
    progress: 0,
    partPath: undefined,
    idempotencyKey: job.serverJobId ? job.idempotencyKey : undefined,
  });
  return ok(undefined);
}

/** Tries a failed, cancelled, stalled or pending job again: re-downloads a result the server
 *  still holds, re-polls an accepted job, and only otherwise sends the file again. */
export function retryJob(ctx: ControlContext, jobId: string): Result<void> {
  const job = ctx.store.get(jobId);
  if (!job) return notFound();
  if (!['failed', 'cancelled', 'stalled', 'pending'].includes(job.state) || ctx.runner.isRunning(jobId)) {
    return conflict();
  }
  const base = { error: undefined, wait: undefined, progress: 0, heldByUser: undefined } as const;
  // Only the server's word (a 410) makes a result gone; our clock may be wrong.
  const resultAlive = job.result && job.error?.code !== 'expired';
  if (job.result && resultAlive && job.state !== 'cancelled') {
    ctx.store.update(job, { ...base, state: 'downloading' });
  } else if (job.serverJobId && job.charged && !job.result && job.state !== 'cancelled') {
    ctx.store.update(job, {
      ...base,
      state: 'processing',
      deadlineAt: ctx.store.clock.now() + ctx.runner.stallAfterMs,
    });
  } else {
    // A new conversion: a new key, unless the last one may have reached the server unanswered.
    const keepKey = !job.serverJobId && job.state === 'failed';
    ctx.store.update(job, {
      ...base,
      state: 'queued',
      serverJobId: undefined,
      result: undefined,
      output: undefined,
      charged: undefined,
      idempotencyKey: keepKey ? job.idempotencyKey : undefined,
    });
  }
  ctx.reopen(job.batchId);
  ctx.runner.start(job, { pollSoon: true });
  return ok(undefined);
}

/** A stalled job: ask the server again, with a fresh deadline. Never resubmits. */
export function checkAgainJob(ctx: ControlContext, jobId: string): Result<void> {
  const job = ctx.store.get(jobId);
  if (!job) return notFound();
  if (job.state !== 'stalled' || !job.serverJobId) return conflict();
  ctx.store.update(job, {
    state: 'processing',
    error: undefined,
    deadlineAt: ctx.store.clock.now() + ctx.runner.stallAfterMs,
  });
  ctx.reopen(job.batchId);
  ctx.runner.start(job, { pollSoon: true });
  return ok(undefined);
}

/** Forgets a job that is not moving (finished, pending or stalled). */
export function removeJob(ctx: ControlContext, jobId: string): Result<void> {
  const job = ctx.store.get(jobId);
  if (!job) return notFound();
  if (!SETTLED_STATES.has(job.state) || ctx.runner.isRunning(jobId)) return conflict();
  ctx.store.remove(jobId);
  return ok(undefined);
}

/** 402 (or a job failed for tokens): the job and every job of its batch not yet sent wait for
 *  a top-up; jobs already accepted go on. Returns the balance the server reported, if any. */
export function holdBatchForTokens(ctx: ControlContext, job: JobRecord, error: ApiError): number | undefined {
  const required = Number(error.details?.required);
  const balance = Number(error.details?.balance);
  const wait = {
    kind: 'tokens' as const,
    ...(Number.isFinite(required) ? { required } : {}),
    ...(Number.isFinite(balance) ? { balance } : {}),
  };
  for (const other of ctx.store.batchJobs(job.batchId)) {
    if (other === job || other.state === 'queued') {
      void ctx.runner.stop(other.id, 'out-of-tokens');
      ctx.store.update(other, { state: 'pending', progress: 0, wait });
    }
  }
  return Number.isFinite(balance) ? balance : undefined;
}
