// Time as the engine and the local server see it: the system clock's sleep ends at once when
// its signal aborts (also when aborted before), so a stopped wait never holds anyone; and
// sleepUntil waits for the span left until an instant on whichever clock it is given.
import { describe, expect, it } from 'vitest';
import { sleepUntil, systemClock } from '../../../shared/clock.ts';
import { ManualClock } from '../../support/manual-clock.ts';

describe('the system clock', () => {
  it('tells epoch milliseconds', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(Date.now()).toBeGreaterThanOrEqual(now);
  });

  it('ends an hour-long sleep the moment its signal aborts, and at once when already aborted', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(3_600_000, controller.signal);
    controller.abort();
    await sleeping; // resolves (quietly) rather than waiting out the hour
    await systemClock.sleep(3_600_000, AbortSignal.abort());
    await systemClock.sleep(-5); // nothing to wait
  });
});

describe('sleeping until an instant', () => {
  it('waits the span left until that instant on the clock it is given, none once it has passed', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    void sleepUntil(clock, start + 1500);
    expect(clock.wakeTimes).toEqual([start + 1500]);
    await clock.advance(1500);
    expect(clock.wakeTimes).toEqual([]);
    void sleepUntil(clock, start); // already past
    expect(clock.wakeTimes).toEqual([clock.now()]);
  });
});
