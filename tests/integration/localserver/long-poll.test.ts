// POST /api/convert?wait= holds the answer on the server's clock: the hold ends the moment the
// job ends (time standing still), or once the wait has passed on that clock, never by real
// time. A hold on a real timer fails here: the server is never seen sleeping on the test's
// clock.
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { ManualClock } from '../../support/manual-clock.ts';
import { fixture, type Harness, harness, type JobBody, makeFile, postConvert } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOLD_MS = 30_000;

/** The server holding an answer for ?wait=30 that began at `start` on `clock`. */
const holdFrom = (clock: ManualClock, start: number) =>
  clock.untilSleeping('the server holding the answer for ?wait=30', (at) => at === start + HOLD_MS);

describe('?wait= on the server clock', () => {
  it('answers 202 with the job still running once the wait has passed on the server clock', async () => {
    const clock = new ManualClock();
    h = await harness({ clock, faults: { neverFinish: {} } });
    const start = clock.now();
    const answer = postConvert(h, { to: 'html', path: await fixture(h, 'notes.md'), wait: 30 });
    await holdFrom(clock, start);

    await clock.advance(HOLD_MS - 1);
    // A moment before the end the server still holds it.
    expect(clock.wakeTimes).toContain(start + HOLD_MS);
    await clock.advance(1);
    const response = await answer;
    expect(response.status).toBe(202);
    expect(((await response.json()) as JobBody).status).toBe('processing');
    expect(clock.wakeTimes).not.toContain(start + HOLD_MS);
  });

  it('answers 200 with the finished job the moment it ends, without the clock moving', async () => {
    const clock = new ManualClock();
    // One worker, taken by a job that never ends: the held job waits in the queue until the
    // test cancels that one, then converts for real.
    h = await harness({ clock, conversionConcurrency: 1, faults: { neverFinish: { match: 'blocker' } } });
    const blocker = (await (
      await postConvert(h, { to: 'html', path: await makeFile(h, 'blocker.md', '# held\n') })
    ).json()) as JobBody;
    const start = clock.now();
    const answer = postConvert(h, { to: 'html', path: await fixture(h, 'notes.md'), wait: 30 });
    await holdFrom(clock, start);

    const cancelled = await fetch(`${h.server.url}/api/convert/${blocker.jobId}`, {
      method: 'DELETE',
      headers: h.auth,
    });
    expect(cancelled.status).toBe(204);
    const response = await answer;
    expect(response.status).toBe(200);
    expect((await response.json()) as JobBody).toMatchObject({ status: 'completed', sourceName: 'notes.md' });
    expect(clock.now()).toBe(start);
    // The hold's sleep went with it (only the result's retention still sleeps).
    expect(clock.wakeTimes).not.toContain(start + HOLD_MS);
  });

  it('ends a hold when the server closes, leaving nothing asleep', async () => {
    const clock = new ManualClock();
    const server = await harness({ clock, faults: { neverFinish: {} } });
    const start = clock.now();
    const answer = postConvert(server, { to: 'html', path: await fixture(server, 'notes.md'), wait: 30 });
    // The connection goes with the server: the client sees it cut, not an answer.
    const outcome = answer.then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await holdFrom(clock, start);
    await server.close();
    expect(await outcome).toBeInstanceOf(Error);
    expect(clock.wakeTimes).toEqual([]);
  });
});
