// The retry policy against the real server: 5xx is tried exactly 4 times 1, 2 and 4 s apart
// (plus jitter, on a clock the test moves), a 4xx once, a failed conversion never again, and a
// 401 stops all work.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../electron/engine/api/api-client.ts';
import { RateGate } from '../../../electron/engine/api/rate-gate.ts';
import { DEFAULT_RETRY, withRetry } from '../../../electron/engine/api/retry-policy.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

describe('retry policy', () => {
  it('tries a 5xx upload exactly 4 times, 1, 2 and 4 s apart, then fails the job', async () => {
    const clock = new ManualClock();
    world = await makeWorld({ clock });
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ serverError: [{ path: 'convert', status: 503, count: 10 }] });
    const engine = await world.engine({ clock, timing: { retry: DEFAULT_RETRY } });
    await clock.runUntil(engine.submit([{ source, to: 'json' }]));
    await clock.runUntil(engine.idle());
    const posts = world.server.requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(4);
    expect(posts.every((post) => post.status === 503)).toBe(true);
    // The same idempotency key on every attempt: a body that reached the server is never a second job.
    expect(new Set(posts.map((post) => post.idempotencyKey)).size).toBe(1);
    const gaps = posts.slice(1).map((post, index) => post.at - posts[index]!.at);
    // The policy's jitter is at most 10 % on top; the clock moves only when the engine waits.
    [1000, 2000, 4000].forEach((expected, index) => {
      expect(gaps[index]).toBeGreaterThanOrEqual(expected);
      expect(gaps[index]).toBeLessThanOrEqual(expected * 1.1 + 1);
    });
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('server_error');
    expect(world.server.ledger.jobs).toHaveLength(0);
  });

  it('recovers when the 5xx stops before the attempts run out', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ serverError: [{ path: 'status', status: 500, count: 2 }] });
    const engine = await world.engine({
      timing: { syncWaitSeconds: 0, poll: { firstMs: 10, maxMs: 20 }, retry: { backoffBaseMs: 20 } },
    });
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    expect(engine.jobs()[0]?.state).toBe('completed');
    expect(world.server.requests.filter((request) => request.status === 500)).toHaveLength(2);
  });

  it('asks only once after a 4xx', async () => {
    world = await makeWorld();
    const gate = new RateGate();
    const client = new ApiClient({ url: world.server.url, key: world.server.key, gate });
    const outcome = await withRetry(() => client.status('j_unknown'), { timing: DEFAULT_RETRY, gate });
    await client.close();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.kind).toBe('not_found');
    expect(world.server.requests.filter((request) => request.path.includes('j_unknown'))).toHaveLength(1);
  });

  it('never sends a failed conversion again, and the tokens come back', async () => {
    const clock = new ManualClock();
    world = await makeWorld({ clock });
    const source = await world.fixture('corrupt.pdf');
    const engine = await world.engine({ clock });
    const before = world.server.balance();
    let failedAt = 0;
    engine.on('job', (view) => {
      if (view.state === 'failed' && !failedAt) failedAt = clock.now();
    });
    await clock.runUntil(engine.submit([{ source, to: 'txt' }]));
    // The server holds the upload's answer (?wait=10) on this clock until the conversion, a
    // real child process, has ended: time runs only up to a horizon short of that hold, so the
    // job's end is what releases it, as on a real server.
    await clock.runUntil(engine.idle(), 5_000);
    // Every timer the engine has runs on this clock: ten minutes later, still nothing was sent.
    await clock.advance(10 * 60_000);
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('corrupt_input');
    expect(world.server.ledger.postsBySourceName('corrupt.pdf')).toBe(1);
    expect(world.server.balance()).toBe(before);
    // Nothing about the job is sent once it is known to have failed (a balance check may follow).
    expect(failedAt).toBeGreaterThan(0);
    const afterwards = world.server.requests.filter((request) => request.at > failedAt);
    expect(afterwards.filter((request) => request.path.startsWith('/api/convert'))).toHaveLength(0);
  });

  it('stops everything on a 401 and asks for a key', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    const engine = await world.engine({ api: { url: world.server.url, key: 'ifc_wrong_key_0000' } });
    const submitted = await engine.submit([{ source, to: 'json' }]);
    expect(submitted.ok).toBe(false);
    if (!submitted.ok) expect(submitted.error.code).toBe('invalid_api_key');
    expect(engine.status().needsKey).toBe(true);
    const count = world.server.requests.length;
    expect(world.server.requests.every((request) => request.status === 401)).toBe(true);
    // With the right key the work goes on.
    engine.setApiKey(world.server.key);
    const again = await engine.submit([{ source, to: 'json' }]);
    expect(again.ok).toBe(true);
    await engine.idle();
    expect(world.server.requests.length).toBeGreaterThan(count);
    expect(engine.jobs()[0]?.state).toBe('completed');
  });
});
