// 429 handling against the real local server: one engine-wide "not before" instant taken from
// Retry-After (delta-seconds or HTTP-date), and no request of any kind inside that window.
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../../electron/localserver/index.ts';
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

describe('Retry-After', () => {
  it('waits the full delta-seconds before sending the upload again', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ rateLimit: { count: 1, retryAfterSeconds: 2, paths: ['convert'] } });
    const engine = await world.engine();
    const statuses: (number | undefined)[] = [];
    engine.on('status', (status) => statuses.push(status.notBefore));
    const submitted = await engine.submit([{ source, to: 'json' }]);
    expect(submitted.ok).toBe(true);
    await engine.idle();
    const { index, entry } = firstRateLimited(world.server.requests);
    const windowEnd = entry.at + 2000;
    const later = world.server.requests.slice(index + 1);
    expect(later.length).toBeGreaterThan(0);
    for (const request of later) expect(request.at).toBeGreaterThanOrEqual(windowEnd);
    expect(statuses.some((notBefore) => notBefore !== undefined && notBefore >= windowEnd)).toBe(true);
    expect(statuses.at(-1)).toBeUndefined();
    expect(engine.jobs()[0]?.state).toBe('completed');
  });

  it('holds every other request too, whatever its path, until the window ends', async () => {
    world = await makeWorld();
    world.server.faults.set({ rateLimit: { count: 1, retryAfterSeconds: 2, paths: ['account'] } });
    const engine = await world.engine();
    const balance = engine.balance();
    while (!world.server.requests.some((request) => request.status === 429))
      await new Promise((r) => setTimeout(r, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const formats = await engine.formats();
    expect(formats.ok).toBe(true);
    expect((await balance).ok).toBe(true);
    const { index, entry } = firstRateLimited(world.server.requests);
    const later = world.server.requests.slice(index + 1);
    expect(later.map((request) => request.path).sort()).toEqual(['/api/account', '/api/formats']);
    for (const request of later) expect(request.at).toBeGreaterThanOrEqual(entry.at + 2000);
  });

  it('takes an HTTP-date and waits until exactly that instant', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({
      rateLimit: { count: 1, retryAfterSeconds: 2, asDate: true, paths: ['account'] },
    });
    const engine = await world.engine();
    const before = Date.now();
    const balance = await engine.balance();
    expect(balance.ok).toBe(true);
    const { entry } = firstRateLimited(world.server.requests);
    const retried = world.server.requests.filter(
      (request) => request.path === '/api/account' && request.status === 200,
    );
    expect(retried).toHaveLength(1);
    // The date is rounded up to a whole second by the server: at least 2 s, at most 3 s later.
    expect(retried[0]!.at - entry.at).toBeGreaterThanOrEqual(2000);
    expect(retried[0]!.at - before).toBeLessThan(3500);
    const submitted = await engine.submit([{ source, to: 'json' }]);
    expect(submitted.ok).toBe(true);
    await engine.idle();
    expect(engine.jobs()[0]?.state).toBe('completed');
  });

  it('shows the wait on the job and lets nothing through when 429s repeat', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ rateLimit: { count: 2, retryAfterSeconds: 1, paths: ['status'] } });
    const engine = await world.engine({ timing: { poll: { firstMs: 10, maxMs: 20 }, syncWaitSeconds: 0 } });
    const waits: string[] = [];
    engine.on('job', (job) => {
      if (job.wait) waits.push(job.wait.kind);
    });
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const limited = world.server.requests.filter((request) => request.status === 429);
    expect(limited).toHaveLength(2);
    const after = world.server.requests.filter((request) => request.at > limited[1]!.at);
    expect(Math.min(...after.map((request) => request.at)) - limited[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(waits).toContain('rate-limited');
    expect(engine.jobs()[0]?.state).toBe('completed');
  });
});
