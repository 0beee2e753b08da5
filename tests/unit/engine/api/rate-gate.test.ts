// The engine-wide rate gate on a ManualClock the test moves: a 429's "not before" only moves
// forward and every request waits for it, however long; once the X-RateLimit-* allowance is
// used up requests go one spacing apart, never two at one moment; and the headers it reads
// (X-RateLimit-*, Retry-After as seconds or as an HTTP date in its three forms).
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_TIMER_MS,
  paceFromHeaders,
  parseRetryAfter,
  RateGate,
} from '../../../../electron/engine/api/rate-gate.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

/** Starts `count` waiters and records when (on the clock) each was let through. */
function waiters(gate: RateGate, clock: ManualClock, count: number, signal?: AbortSignal) {
  const at: (number | undefined)[] = Array.from({ length: count }, () => undefined);
  const done = Promise.all(
    at.map((_, index) =>
      gate.wait(signal).then((ticket) => {
        at[index] = clock.now();
        return ticket;
      }),
    ),
  );
  return { at, done };
}

describe('closing the gate (a 429)', () => {
  it('lets a request through at once while open, numbering each in the order of sending', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    expect(gate.notBefore).toBeUndefined();
    expect(await gate.wait()).toBe(1);
    expect(await gate.wait()).toBe(2);
  });

  it('holds every request until the instant asked for, and only moves forward', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    const told: (number | undefined)[] = [];
    gate.onChange((notBefore) => told.push(notBefore));
    const until = clock.now() + 3_600_000; // an hour: never capped
    gate.closeUntil(until);
    gate.closeUntil(until - 30_000); // an earlier one is ignored
    expect(gate.notBefore).toBe(until);
    expect(told).toEqual([until]);
    const { at, done } = waiters(gate, clock, 3);
    await clock.untilSleeping('the requests waiting for the gate');
    await clock.advance(3_600_000 - 1);
    expect(at).toEqual([undefined, undefined, undefined]);
    await clock.advance(1);
    await done;
    expect(at).toEqual([until, until, until]);
    expect(gate.notBefore).toBeUndefined();
  });

  it('keeps a waiting request back when a later 429 moves the gate while it waits', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    const first = clock.now() + 10_000;
    gate.closeUntil(first);
    const { at, done } = waiters(gate, clock, 1);
    await clock.untilSleeping('the request waiting for the gate');
    gate.closeUntil(first + 20_000);
    await clock.advance(10_000);
    expect(at).toEqual([undefined]);
    await clock.runUntil(done);
    expect(at).toEqual([first + 20_000]);
  });

  it('lets go of a waiting request at once when it is aborted', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    gate.closeUntil(clock.now() + 60_000);
    const controller = new AbortController();
    const { at, done } = waiters(gate, clock, 2, controller.signal);
    await clock.untilSleeping('the requests waiting for the gate');
    controller.abort();
    await done;
    expect(at).toEqual([clock.now(), clock.now()]);
    expect(clock.wakeTimes).toEqual([]);
  });
});

describe('pacing by X-RateLimit-*', () => {
  it('sends at once while some allowance is left, less the one kept in hand', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    const ticket = await gate.wait();
    gate.pace({ limit: 60, remaining: 3, resetMs: 60_000 }, ticket);
    // 3 left, one kept in hand: two go at once, the next waits for a slot.
    const { at, done } = waiters(gate, clock, 3);
    await clock.untilSleeping('the third request waiting for its slot');
    expect(at.filter((value) => value === clock.now())).toHaveLength(2);
    await clock.runUntil(done);
    expect(at[2]).toBeGreaterThan(at[0]!);
  });

  it('once the allowance is used up, sends one request per spacing, never two at one moment', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    const start = clock.now();
    const ticket = await gate.wait();
    // A bucket of 60 a minute, empty: one comes back every 60 s / 59.
    gate.pace({ limit: 60, remaining: 0, resetMs: 59_000 }, ticket);
    const { at, done } = waiters(gate, clock, 5);
    await clock.runUntil(done);
    const sent = at.map((value) => value! - start);
    expect(new Set(sent).size).toBe(5);
    const gaps = sent.slice(1).map((value, index) => value - sent[index]!);
    expect(gaps).toEqual([1000, 1000, 1000, 1000]);
    // The first waits until one more than is owed has come back: two spacings.
    expect(sent[0]).toBe(2000);
  });

  it('counts the requests sent after the one an answer is to', async () => {
    const gate = new RateGate(new ManualClock());
    const first = await gate.wait();
    await gate.wait();
    // The answer to the first request says 4 are left; the second was sent after it, and one
    // is kept in hand: two may go at once.
    gate.pace({ limit: 5, remaining: 4, resetMs: 1000 }, first);
    expect(await gate.wait()).toBe(3);
    expect(await gate.wait()).toBe(4);
  });

  it('ignores the answer to an older request than one already heard from', async () => {
    const clock = new ManualClock();
    const gate = new RateGate(clock);
    const older = await gate.wait();
    const newer = await gate.wait();
    gate.pace({ limit: 100, remaining: 90, resetMs: 60_000 }, newer);
    gate.pace({ limit: 100, remaining: 0, resetMs: 60_000 }, older); // a long upload's late answer
    expect(await gate.wait()).toBe(3); // still goes at once
    expect(clock.wakeTimes).toEqual([]);
  });
});

describe('paceFromHeaders', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('reads the three headers, Reset as seconds from now or as a Unix time', () => {
    expect(
      paceFromHeaders(
        { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '30' },
        now,
      ),
    ).toEqual({ limit: 600, remaining: 12, resetMs: 30_000 });
    expect(
      paceFromHeaders(
        {
          'x-ratelimit-limit': ['60'],
          'x-ratelimit-remaining': ' 5 ',
          'x-ratelimit-reset': String(now / 1000 + 45),
        },
        now,
      ),
    ).toEqual({ limit: 60, remaining: 5, resetMs: 45_000 });
    expect(
      paceFromHeaders(
        { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '0.25' },
        now,
      )?.resetMs,
    ).toBe(250);
  });

  it('never believes more is left than the limit, and ignores what is missing or makes no sense', () => {
    expect(
      paceFromHeaders(
        { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '50', 'x-ratelimit-reset': '1' },
        now,
      )?.remaining,
    ).toBe(10);
    for (const headers of [
      {},
      { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '5' },
      { 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
      { 'x-ratelimit-limit': 'ten', 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '1' },
      { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': '1' },
    ]) {
      expect(paceFromHeaders(headers, now), JSON.stringify(headers)).toBeUndefined();
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('reads delta-seconds, including large ones, uncapped', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 3600 ', now)).toBe(3_600_000);
    expect(parseRetryAfter(['120', '5'], now)).toBe(120_000);
  });

  it('reads an HTTP-date in each of its three forms; one in the past means now', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Saturday, 28-Nov-26 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sat Nov 28 12:01:30 2026', now)).toBe(
      90_000 - new Date(now).getTimezoneOffset() * 60_000 * 0,
    );
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('reads a date without a zone (asctime) as GMT, whatever the time zone here', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['Europe/Berlin', 'America/Los_Angeles', 'Asia/Tokyo']) {
        process.env.TZ = tz;
        expect(parseRetryAfter('Sat Nov 28 12:01:30 2026', now), tz).toBe(90_000);
        expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:30 GMT', now), tz).toBe(90_000);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, '', 'soon', '-5', '1.5', '2026-11-28']) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });
});

describe('on the system clock', () => {
  const warnings: Error[] = [];
  const listen = (warning: Error) => warnings.push(warning);
  afterEach(() => {
    process.off('warning', listen);
  });

  it('waits past the 32-bit timer limit in steps instead of letting Node fire the timer at once', async () => {
    process.on('warning', listen);
    const gate = new RateGate();
    gate.closeUntil(Date.now() + MAX_TIMER_MS + 10_000);
    const controller = new AbortController();
    let done = false;
    const waiting = gate.wait(controller.signal).then(() => {
      done = true;
    });
    // Node reports an overflowing timer (TimeoutOverflowWarning) on the next tick, and such
    // a timer fires after 1 ms; the gate's timer was set synchronously by wait().
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'TimeoutOverflowWarning')).toEqual([]);
    expect(done).toBe(false);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
  });
});
