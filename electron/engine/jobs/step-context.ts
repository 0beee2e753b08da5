// What the per-job steps (upload, poll, download) share: the runner's context, the job's
// runtime state, and two helpers every step uses.
import type { FormatLimits } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { ApiClient, ResponseMeta } from '../api/api-client.ts';
import type { ApiError } from '../api/api-errors.ts';
import type { JobRecord } from '../engine-types.ts';
import type { JobStore } from './job-store.ts';
import type { Lane } from './lanes.ts';
import type { PollTiming } from './poll-schedule.ts';
import type { RateGate } from '../api/rate-gate.ts';
import type { RetryContext, RetryTiming } from '../api/retry-policy.ts';

export interface RunnerContext {
  client: ApiClient;
  store: JobStore;
  gate: RateGate;
  lanes: { upload: Lane; poll: Lane; download: Lane };
  retry: RetryTiming;
  poll: PollTiming;
  syncWaitSeconds: number;
  limits(): FormatLimits | undefined;
  /** 401: stop everything and ask for a key. */
  onAuthFailure(): void;
  /** 402 on this job: it and the rest of its batch wait for tokens. */
  onOutOfTokens(job: JobRecord, error: ApiError): void;
  onCharged(tokens: number, meta: ResponseMeta): void;
}

/** A running job's state that is not worth journaling. */
export interface Runtime {
  controller: AbortController;
  done: Promise<void>;
  pollsDone: number;
  hintMs?: number;
  pollSoon: boolean;
  /** The whole request body has been handed over: the server may have the job. */
  bodySent: boolean;
  cancelRequested: boolean;
}

/** Retries that show themselves on the job ("Waiting: retrying", "Waiting: server busy"). */
export function retryContextFor(ctx: RunnerContext, job: JobRecord, signal: AbortSignal): RetryContext {
  return {
    timing: ctx.retry,
    gate: ctx.gate,
    signal,
    onWait: (wait) => {
      if (wait || job.wait) ctx.store.update(job, { wait });
    },
  };
}

export function failJob(
  ctx: RunnerContext,
  job: JobRecord,
  code: string,
  serverMessage?: string,
  patch: Partial<JobRecord> = {},
): void {
  ctx.store.update(job, {
    ...patch,
    state: 'failed',
    wait: undefined,
    error: { code, message: messageFor(code, serverMessage) },
  });
}
