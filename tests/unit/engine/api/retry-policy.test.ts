// The retry policy's decisions, and withRetry carrying them out on a ManualClock the test
// moves (the rate gate's own arithmetic is in rate-gate.test.ts).
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../../electron/engine/api/api-client.ts';
import type { ApiError } from '../../../../electron/engine/api/api-errors.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import { DEFAULT_RETRY, decideRetry, withRetry } from '../../../../electron/engine/api/retry-policy.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

const error = (kind: ApiError['kind'], extra: Partial<ApiError> = {}): ApiError => ({
  kind,
  code: kind,
  ...extra,
});

describe('decideRetry', () => {
  it('backs off 1 s, 2 s, 4 s for 5xx and network failures, then gives up', () => {
    const noJitter = () => 0;
    expect(decideRetry(error('server'), 1, DEFAULT_RETRY, noJitter)).toEqual({
      retry: true,
      delayMs: 1000,
      counts: true,
    });
    expect(decideRetry(error('network'), 2, DEFAULT_RETRY, noJitter)).toEqual({
      retry: true,
      delayMs: 2000,
      counts: true,
    });
    expect(decideRetry(error('timeout'), 3, DEFAULT_RETRY, noJitter)).toEqual({
      retry: true,
      delayMs: 4000,
      counts: true,
    });
    expect(decideRetry(error('server'), 4, DEFAULT_RETRY, noJitter)).toEqual({ retry: false });
  });

  it('adds at most 10% jitter, never less than the base delay', () => {
    const decision = decideRetry(error('server'), 1, DEFAULT_RETRY, () => 0.999);
    expect(decision.retry && decision.delayMs).toBeGreaterThanOrEqual(1000);
    expect(decision.retry && decision.delayMs).toBeLessThanOrEqual(1100);
  });

  it('never retries a 4xx, a failed conversion or an abort', () => {
    for (const kind of [
      'bad_request',
      'auth',
      'insufficient_tokens',
      'not_found',
      'unsupported_conversion',
      'file_too_large',
      'conversion_failed',
      'aborted',
      'local',
    ] as const) {
      expect(decideRetry(error(kind), 1, DEFAULT_RETRY)).toEqual({ retry: false });
    }
  });

  it('waits on a 429 without using up attempts, and honours a longer 503 Retry-After', () => {
    expect(decideRetry(error('rate_limited'), 9, DEFAULT_RETRY)).toEqual({
      retry: true,
      delayMs: 0,
      counts: false,
    });
    const decision = decideRetry(error('server', { retryAfterMs: 30_000 }), 1, DEFAULT_RETRY, () => 0);
    expect(decision).toEqual({ retry: true, delayMs: 30_000, counts: true });
  });
});

describe('withRetry', () => {
  it('stops after exactly 4 attempts of a failing call, 1 s, 2 s and 4 s apart on the gate clock', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const calls: number[] = [];
    const outcome = await clock.runUntil(
      withRetry<number>(
        async () => {
          calls.push(clock.now() - start);
          return { ok: false, error: error('server') };
        },
        { timing: { ...DEFAULT_RETRY, jitter: 0 }, gate: new RateGate(clock) },
      ),
    );
    expect(outcome.ok).toBe(false);
    expect(calls).toEqual([0, 1000, 3000, 7000]);
  });

  it('keeps waiting through repeated 429s and succeeds after them', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    const start = clock.now();
    const calls: number[] = [];
    const waits: string[] = [];
    const outcome = await clock.runUntil(
      withRetry<number>(
        async (): Promise<ApiResult<number>> => {
          await gate.wait();
          calls.push(clock.now() - start);
          if (calls.length <= 6) {
            // As the API client does on a 429 with Retry-After: 30.
            gate.closeUntil(clock.now() + 30_000);
            return { ok: false, error: error('rate_limited', { retryAfterMs: 30_000 }) };
          }
          return { ok: true, value: 42, meta: {} };
        },
        { timing: DEFAULT_RETRY, gate, onWait: (wait) => waits.push(wait?.kind ?? 'none') },
      ),
      200_000,
    );
    expect(outcome.ok && outcome.value).toBe(42);
    // Six 429s do not use up the four attempts; each waits exactly its Retry-After.
    expect(calls).toEqual([0, 30_000, 60_000, 90_000, 120_000, 150_000, 180_000]);
    expect(waits).toContain('rate-limited');
    expect(waits.at(-1)).toBe('none');
  });
});
