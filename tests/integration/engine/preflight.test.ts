// Batch preflight against the real server: a batch the balance cannot cover is refused before
// any upload; --partial sends what fits in the order given; the estimate is what is charged.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

describe('preflight', () => {
  it('refuses a batch the balance cannot cover, with nothing uploaded', async () => {
    world = await makeWorld({ tokens: 5 });
    const sources = [
      await world.fixture('invoice.pdf', 'a.pdf'),
      await world.fixture('invoice.pdf', 'b.pdf'),
    ];
    const engine = await world.engine();
    const estimate = await engine.estimate(sources.map((source) => ({ source, to: 'xlsx' })));
    expect(estimate.ok && estimate.value).toMatchObject({
      total: 8,
      balance: 5,
      shortfall: 3,
      fitCount: 1,
      fitTokens: 4,
    });
    const submitted = await engine.submit(sources.map((source) => ({ source, to: 'xlsx' })));
    expect(submitted.ok).toBe(false);
    if (!submitted.ok) {
      expect(submitted.error.code).toBe('insufficient_tokens');
      expect(submitted.error.details).toMatchObject({ required: 8, balance: 5, shortfall: 3 });
    }
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    expect(engine.jobs()).toHaveLength(0);
  });

  it('with partial, sends the files that fit in the order given and leaves the rest pending', async () => {
    world = await makeWorld({ tokens: 9 });
    const sources = [
      await world.fixture('invoice.pdf', 'a.pdf'),
      await world.fixture('invoice.pdf', 'b.pdf'),
      await world.fixture('invoice.pdf', 'c.pdf'),
    ];
    const engine = await world.engine();
    const submitted = await engine.submit(
      sources.map((source) => ({ source, to: 'xlsx' })),
      { partial: true },
    );
    expect(submitted.ok).toBe(true);
    await engine.idle();
    expect(engine.jobs().map((job) => [job.sourceName, job.state])).toEqual([
      ['a.pdf', 'completed'],
      ['b.pdf', 'completed'],
      ['c.pdf', 'pending'],
    ]);
    expect(world.server.ledger.postsBySourceName('c.pdf')).toBe(0);
    expect(world.server.balance()).toBe(1);
  });

  it('estimates exactly what the server charges, across sizes and format multipliers', async () => {
    world = await makeWorld();
    const big = join(world.inDir, 'big.csv');
    // 1.1 MiB of rows: two started megabytes.
    const row = '2026-01-01,North,"Paper, A4",3,12.50\r\n';
    await writeFile(
      big,
      `date,region,product,units,revenue\r\n${row.repeat(Math.ceil((1.1 * 1048576) / row.length))}`,
    );
    const items = [
      { source: big, to: 'json' },
      { source: await world.fixture('invoice.pdf'), to: 'xlsx' },
      { source: await world.fixture('memo.txt'), to: 'pdf' },
    ];
    const engine = await world.engine();
    const estimate = await engine.estimate(items);
    expect(estimate.ok).toBe(true);
    const submitted = await engine.submit(items);
    expect(submitted.ok).toBe(true);
    await engine.idle();
    const charged = world.server.ledger.jobs.reduce((sum, entry) => sum + entry.tokensCharged, 0);
    expect(estimate.ok && estimate.value.total).toBe(charged);
    const byName = (list: { name: string; tokens?: number }[]) =>
      list.map((entry) => `${entry.name}=${entry.tokens}`).sort();
    expect(
      byName(engine.jobs().map((job) => ({ name: `${job.sourceName}>${job.to}`, tokens: job.tokens }))),
    ).toEqual(
      byName(
        world.server.ledger.jobs.map((entry) => ({
          name: `${entry.sourceName}>${entry.targetFormat}`,
          tokens: entry.tokensCharged,
        })),
      ),
    );
    expect(charged).toBe(3 + 4 + 4);
    expect(engine.jobs().every((job) => job.state === 'completed')).toBe(true);
  });

  it('sets aside files it cannot convert instead of failing them', async () => {
    world = await makeWorld();
    await world.fixture('invoice.pdf');
    await world.fixture('scan.png');
    await world.fixture('empty.pdf');
    const engine = await world.engine();
    const expanded = await engine.expandInputs([world.inDir], 'xlsx');
    expect(expanded.ok).toBe(true);
    if (!expanded.ok) return;
    expect(expanded.value.files.map((file) => file.name)).toEqual(['invoice.pdf']);
    expect(expanded.value.skipped.map((entry) => [entry.name, entry.code]).sort()).toEqual([
      ['empty.pdf', 'file_empty'],
      ['scan.png', 'unsupported_conversion'],
    ]);
  });
});
