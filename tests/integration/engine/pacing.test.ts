// Pacing before 429: against the local server with a small limit per (scaled) window, a batch
// spread by the X-RateLimit-* headers uses the allowance and meets at most one 429 per window
// (with the local server's token bucket: none), and every file is converted exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

const LIMIT = 5;
const WINDOW_MS = 1500;
const FILES = 24;

describe('pacing by X-RateLimit headers', () => {
  it('converts a batch much larger than the limit with at most one 429 per window, each file once', async () => {
    world = await makeWorld({ rateLimitPerMinute: LIMIT, rateLimitWindowMs: WINDOW_MS });
    const sources: string[] = [];
    for (let index = 0; index < FILES; index += 1)
      sources.push(await world.fixture('sales.csv', `sales-${index}.csv`));
    const engine = await world.engine();
    const submitted = await engine.submit(sources.map((source) => ({ source, to: 'json' })));
    expect(submitted.ok).toBe(true);
    await engine.idle();
    expect(engine.jobs().filter((job) => job.state === 'completed')).toHaveLength(FILES);
    for (let index = 0; index < FILES; index += 1) {
      expect(world.server.ledger.jobs.filter((job) => job.sourceName === `sales-${index}.csv`)).toHaveLength(
        1,
      );
    }
    const api = world.server.requests.filter((request) => request.origin === 'api');
    // More requests than one window allows: the pacing had work to do.
    expect(api.length).toBeGreaterThan(3 * LIMIT);
    const tooMany = api.filter((request) => request.status === 429).length;
    const windows = Math.ceil((api.at(-1)!.at - api[0]!.at) / WINDOW_MS) + 1;
    expect(tooMany).toBeLessThanOrEqual(windows);
  });
});
