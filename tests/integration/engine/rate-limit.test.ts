// 429 handling against the real local server: one engine-wide "not before" instant taken from
// Retry-After (delta-seconds or HTTP-date), and no request of any kind inside that window.
// The server and the engine share a clock the test moves: the request log's times are that
// clock's, so the windows are checked exactly and no test waits real seconds.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../../electron/localserver/index.ts';
import { ManualClock, SkippingClock, spansARetryAfter } from '../../support/manual-clock.ts';
import { makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

function firstRateLimited(requests: RequestLogEntry[]): { index: number; entry: RequestLogEntry } {
  const index = requests.findIndex((request) => request.status === 429);
  expect(index).toBeGreaterThanOrEqual(0);
  return { index, entry: requests[index]! };
}

/** An input the server converts in its own process at once (the bench's byte copy): on a
 *  ManualClock the engine's polls move on the test's time, so a conversion that takes real
 *  seconds in a child process would see them race ahead to its stall deadline. */
async function byteCopyInput(w: World): Promise<string> {
  const path = join(w.inDir, 'data.bin');
  await writeFile(path, randomBytes(4096));
  return path;
}

describe('Retry-After', () => {
  it('waits the full delta-seconds before sending the upload again', async () => {
    const clock = new ManualClock();
    world = await makeWorld({ clock, benchPassThrough: true });
    const source = await byteCopyInput(world);
    world.server.faults.set({ rateLimit: { count: 1, retryAfterSeconds: 2, paths: ['convert'] } });
    const engine = await world.engine({ clock });
    const statuses: (number | undefined)[] = [];
    engine.on('status', (status) => statuses.push(status.notBefore));
    const submitted = await engine.submit([{ source, to: 'dat' }]);
    expect(submitted.ok).toBe(true);
    // The engine now waits out the window: one millisecond short of it, nothing more is sent.
    await clock.untilSleeping('the engine waiting out Retry-After', (at) => at >= clock.now() + 2000);
    const { index, entry } = firstRateLimited(world.server.requests);
    const windowEnd = entry.at + 2000;
    const sentBefore = world.server.requests.length;
    await clock.advance(windowEnd - clock.now() - 1);
    expect(world.server.requests.length).toBe(sentBefore);
    await clock.runUntil(engine.idle());
    const later = world.server.requests.slice(index + 1);
    expect(later.length).toBeGreaterThan(0);
    for (const request of later) expect(request.at).toBeGreaterThanOrEqual(windowEnd);
    expect(statuses.some((notBefore) => notBefore !== undefined && notBefore >= windowEnd)).toBe(true);
    expect(statuses.at(-1)).toBeUndefined();
    expect(engine.jobs()[0]?.state).toBe('completed');
  });

  it('holds every other request too, whatever its path, until the window ends', async () => {
    const clock = new ManualClock();
    world = await makeWorld({ clock });
    world.server.faults.set({ rateLimit: { count: 1, retryAfterSeconds: 2, paths: ['account'] } });
    const engine = await world.engine({ clock });
    const balance = engine.balance();
    await clock.untilSleeping('the engine waiting out the account 429', (at) => at >= clock.now() + 2000);
    // Asked while the gate is closed: it waits on the same gate.
    const formats = engine.formats();
    await clock.runUntil(Promise.all([formats, balance]));
    expect((await formats).ok).toBe(true);
    expect((await balance).ok).toBe(true);
    const { index, entry } = firstRateLimited(world.server.requests);
    const later = world.server.requests.slice(index + 1);
    expect(later.map((request) => request.path).sort()).toEqual(['/api/account', '/api/formats']);
    for (const request of later) expect(request.at).toBeGreaterThanOrEqual(entry.at + 2000);
  });

  it('takes an HTTP-date and waits until exactly that instant', async () => {
    // Half a second past a whole second, so the server's rounding up to a whole second shows.
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0, 500));
    world = await makeWorld({ clock, benchPassThrough: true });
    const source = await byteCopyInput(world);
    world.server.faults.set({
      rateLimit: { count: 1, retryAfterSeconds: 2, asDate: true, paths: ['account'] },
    });
    const engine = await world.engine({ clock });
    const before = clock.now();
    const asked = engine.balance();
    await clock.untilSleeping('the engine waiting for the HTTP-date', (at) => at >= before + 2000);
    // The server rounds the date up to a whole second: 2.5 s from a start at .500.
    await clock.advance(2499);
    expect(world.server.requests.filter((request) => request.status === 200)).toHaveLength(0);
    await clock.advance(1);
    const balance = await asked;
    expect(balance.ok).toBe(true);
    const { entry } = firstRateLimited(world.server.requests);
    const retried = world.server.requests.filter(
      (request) => request.path === '/api/account' && request.status === 200,
    );
    expect(retried).toHaveLength(1);
    // The date is rounded up to a whole second by the server: exactly that instant, not before.
    expect(retried[0]!.at).toBe(Math.ceil((entry.at + 2000) / 1000) * 1000);
    expect(retried[0]!.at - before).toBe(2500);
    const submitted = await clock.runUntil(engine.submit([{ source, to: 'dat' }]));
    expect(submitted.ok).toBe(true);
    await clock.runUntil(engine.idle());
    expect(engine.jobs()[0]?.state).toBe('completed');
  });

  it('shows the wait on the job and lets nothing through when 429s repeat', async () => {
    // Real time, skipped only once the engine is seen holding for a Retry-After: the server's
    // conversion runs in its own process in real seconds while the polls keep pace with it (a
    // ManualClock would race the polls ahead of the conversion), and the request log's times
    // are this clock's, so the windows are still checked on their own time.
    const clock = new SkippingClock();
    world = await makeWorld({ clock });
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ rateLimit: { count: 2, retryAfterSeconds: 1, paths: ['status'] } });
    const engine = await world.engine({
      clock,
      timing: { poll: { firstMs: 10, maxMs: 20 }, syncWaitSeconds: 0 },
    });
    const waits: string[] = [];
    engine.on('job', (job) => {
      if (job.wait) waits.push(job.wait.kind);
      clock.reconsider();
    });
    await engine.submit([{ source, to: 'json' }]);
    // Each wait is skipped once the job has shown it, so the job is seen waiting every time.
    const spans = spansARetryAfter(world.server.requests, 1);
    const shown = () => waits.filter((kind) => kind === 'rate-limited').length;
    const limitedSoFar = () => world.server.requests.filter((request) => request.status === 429).length;
    await clock.skipWhile(engine.idle(), (sleep) => shown() >= limitedSoFar() && spans(sleep));
    const limited = world.server.requests.filter((request) => request.status === 429);
    expect(limited).toHaveLength(2);
    const after = world.server.requests.filter((request) => request.at > limited[1]!.at);
    expect(Math.min(...after.map((request) => request.at)) - limited[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(waits).toContain('rate-limited');
    expect(engine.jobs()[0]?.state).toBe('completed');
  });
});
