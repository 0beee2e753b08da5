// The retry policy's decisions and the rate gate's arithmetic, without a network.
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../../electron/engine/api/api-client.ts';
import type { ApiError } from '../../../../electron/engine/api/api-errors.ts';
import { MAX_TIMER_MS, parseRetryAfter, RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import { DEFAULT_RETRY, decideRetry, withRetry } from '../../../../electron/engine/api/retry-policy.ts';

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
  it('stops after exactly 4 attempts of a failing call', async () => {
    let calls = 0;
    const outcome = await withRetry<number>(
      async () => {
        calls += 1;
        return { ok: false, error: error('server') };
      },
      { timing: { ...DEFAULT_RETRY, backoffBaseMs: 1 }, gate: new RateGate() },
    );
    expect(outcome.ok).toBe(false);
    expect(calls).toBe(4);
  });

  it('keeps waiting through repeated 429s and succeeds after them', async () => {
    const gate = new RateGate();
    let calls = 0;
    const waits: string[] = [];
    const outcome = await withRetry<number>(
      async (): Promise<ApiResult<number>> => {
        await gate.wait();
        calls += 1;
        if (calls <= 6) {
          gate.closeUntil(Date.now() + 5);
          return { ok: false, error: error('rate_limited', { retryAfterMs: 5 }) };
        }
        return { ok: true, value: 42, meta: {} };
      },
      { timing: DEFAULT_RETRY, gate, onWait: (wait) => waits.push(wait?.kind ?? 'none') },
    );
    expect(outcome.ok && outcome.value).toBe(42);
    expect(calls).toBe(7);
    expect(waits).toContain('rate-limited');
    expect(waits.at(-1)).toBe('none');
  });
});

describe('RateGate', () => {
  it('only moves forward', () => {
    const gate = new RateGate();
    const far = Date.now() + 60_000;
    gate.closeUntil(far);
    gate.closeUntil(far - 30_000);
    expect(gate.notBefore).toBe(far);
  });

  it('waits past the 32-bit timer limit instead of firing at once', async () => {
    const gate = new RateGate();
    gate.closeUntil(Date.now() + MAX_TIMER_MS + 10_000);
    const controller = new AbortController();
    let done = false;
    const waiting = gate.wait(controller.signal).then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('reads delta-seconds, including large ones, uncapped', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('3600', now)).toBe(3_600_000);
  });
  it('reads an HTTP-date more than 30 s away', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
