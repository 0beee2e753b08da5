// THE retry policy: the one place that decides whether a failed call is tried again and when.
//  - 5xx, 408 and network failures: again after 1 s, 2 s, 4 s (plus a little jitter), then
//    give up, so a call is attempted at most 4 times;
//  - 429: the API client has already closed the engine-wide rate gate until Retry-After;
//    try again once it opens, however long that is (these waits do not use up attempts);
//  - every other 4xx, a failed conversion, or our own abort: never again as is.
// A POST is safe to repeat because the engine always sends it with the same Idempotency-Key.
import type { ApiError } from './api-errors.ts';
import type { ApiResult } from './api-client.ts';
import type { RateGate } from './rate-gate.ts';

export interface RetryTiming {
  /** First backoff delay; later ones double. 1000 in production. */
  backoffBaseMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Up to this fraction is added to each backoff delay (never subtracted). */
  jitter: number;
}

export const DEFAULT_RETRY: RetryTiming = { backoffBaseMs: 1000, maxAttempts: 4, jitter: 0.1 };

/** After a 429 that carried no Retry-After, wait this long (doubling) before trying again. */
const RATE_LIMIT_FALLBACK_MS = 1000;
const RATE_LIMIT_FALLBACK_MAX_MS = 60_000;

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; counts: boolean };

export function isTransient(error: ApiError): boolean {
  return error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout';
}

/** What to do after `attempt` (1-based) counted attempts ended in `error`. */
export function decideRetry(
  error: ApiError,
  attempt: number,
  timing: RetryTiming,
  random = Math.random,
): RetryDecision {
  if (error.kind === 'rate_limited') return { retry: true, delayMs: 0, counts: false };
  if (!isTransient(error) || attempt >= timing.maxAttempts) return { retry: false };
  const backoff = timing.backoffBaseMs * 2 ** (attempt - 1);
  const withJitter = Math.round(backoff * (1 + timing.jitter * random()));
  // A 503 may say how long it needs; take the longer of the two, never a shorter one.
  return { retry: true, delayMs: Math.max(withJitter, error.retryAfterMs ?? 0), counts: true };
}

export interface RetryContext {
  timing: RetryTiming;
  gate: RateGate;
  signal?: AbortSignal;
  /** Told before each wait so the job can show "Waiting: retrying" and clear it after. */
  onWait?: (
    wait:
      | { kind: 'retrying'; until: number; attempt: number }
      | { kind: 'rate-limited'; until: number }
      | undefined,
  ) => void;
}

/** Runs `call` until it succeeds or the policy gives up; returns the last outcome. */
export async function withRetry<T>(
  call: () => Promise<ApiResult<T>>,
  context: RetryContext,
): Promise<ApiResult<T>> {
  let attempt = 0;
  let rateLimitedInARow = 0;
  for (;;) {
    const outcome = await call();
    if (outcome.ok) {
      context.onWait?.(undefined);
      return outcome;
    }
    const decision = decideRetry(outcome.error, attempt + 1, context.timing);
    if (!decision.retry || context.signal?.aborted) {
      context.onWait?.(undefined);
      return outcome;
    }
    if (decision.counts) {
      attempt += 1;
      rateLimitedInARow = 0;
      const until = context.gate.clock.now() + decision.delayMs;
      context.onWait?.({ kind: 'retrying', until, attempt });
      await context.gate.clock.sleep(decision.delayMs, context.signal);
    } else {
      if (outcome.error.retryAfterMs === undefined) {
        const fallback = Math.min(
          RATE_LIMIT_FALLBACK_MAX_MS,
          RATE_LIMIT_FALLBACK_MS * 2 ** rateLimitedInARow,
        );
        context.gate.closeUntil(context.gate.clock.now() + fallback);
      }
      rateLimitedInARow += 1;
      const until = context.gate.notBefore;
      if (until !== undefined) context.onWait?.({ kind: 'rate-limited', until });
      // The next call waits on the gate itself, right before it is sent.
    }
    if (context.signal?.aborted) return { ok: false, error: { kind: 'aborted', code: 'cancelled' } };
  }
}
