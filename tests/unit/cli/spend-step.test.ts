// What `ifc` says and writes about cost (spend-step.ts): the numbers after a refusal's sentence
// for the codes that carry them (and nothing made up for those that do not), and the
// --receipt of one batch, written from a real engine's jobs (the local server over real HTTP):
// only that batch's charged files, the tokens column adding up to what the server charged for
// it (read back with csv-parse), a refunded failure left out, and a path that cannot be written
// answered with false rather than a throw (the conversions are done and kept).
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { refusalFacts, writeBatchReceipt } from '../../../electron/cli/spend-step.ts';
import { createEngine, type Engine } from '../../../electron/engine/index.ts';
import type { LocalServer } from '../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import { FAST_ENGINE_TIMING } from '../../support/wait.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';

const cleanups = cleanupsAfterEach();

describe('the facts after a refusal', () => {
  it('gives the numbers of a shortfall and of a batch past --max-tokens', () => {
    expect(refusalFacts('insufficient_tokens', { required: 120, balance: 100, shortfall: 20 })).toBe(
      'needs 120 tokens, balance 100, short by 20',
    );
    expect(refusalFacts('spend_cap_batch', { required: 120, limit: 50 })).toBe(
      'needs 120 tokens, --max-tokens 50',
    );
  });

  it('adds nothing for other codes or without details', () => {
    expect(refusalFacts('insufficient_tokens', undefined)).toBeUndefined();
    expect(refusalFacts('network', { required: 1 })).toBeUndefined();
    expect(refusalFacts('spend_cap_month', { required: 1, limit: 0 })).toBeUndefined();
  });
});

describe('the receipt of a batch', () => {
  async function world(): Promise<{ dir: string; engine: Engine; server: LocalServer }> {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-spend-step-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'in'));
    const server = await startLocalServer({
      tokens: 1000,
      faults: { failJobs: { code: 'conversion_failed', match: 'kaputt' } },
    });
    cleanups.push(() => server.close());
    const made = await createEngine({
      api: { url: server.url, key: server.key },
      stateDir: join(dir, 'state'),
      timing: FAST_ENGINE_TIMING,
    });
    if (!made.ok) throw new Error(made.error.code);
    cleanups.push(() => made.value.close());
    return { dir, engine: made.value, server };
  }

  async function batch(w: { dir: string; engine: Engine }, names: string[]): Promise<string> {
    const sources = await Promise.all(
      names.map(async (name) => {
        const path = join(w.dir, 'in', name);
        await copyFile(join(FIXTURES, 'memo.txt'), path);
        return path;
      }),
    );
    const submitted = await w.engine.submit(
      sources.map((source) => ({ source, to: 'pdf', outDir: join(w.dir, 'out') })),
      { conflict: 'rename' },
    );
    if (!submitted.ok) throw new Error(submitted.error.code);
    await new Promise<void>((resolve) => {
      const off = w.engine.on('batch', (summary) => {
        if (summary.batchId !== submitted.value.batchId) return;
        off();
        resolve();
      });
    });
    return submitted.value.batchId;
  }

  it("lists only this batch's charged files, adding up to what the server kept", async () => {
    const w = await world();
    await batch(w, ['früher.txt']);
    const chargedBefore = w.server.ledger.totals.charged - w.server.ledger.totals.refunded;
    const batchId = await batch(w, ['Beleg März.txt', '日本語.txt', 'kaputt.txt']);
    const keptForBatch = w.server.ledger.totals.charged - w.server.ledger.totals.refunded - chargedBefore;
    const receipt = join(w.dir, 'Quittung März.csv');
    expect(await writeBatchReceipt(w.engine, batchId, receipt)).toBe(true);
    const rows = parse(await readFile(receipt, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.File).sort()).toEqual(['Beleg März.txt', '日本語.txt']);
    expect(rows.reduce((sum, row) => sum + Number(row.Tokens), 0)).toBe(keptForBatch);
    expect(keptForBatch).toBeGreaterThan(0);
  });

  it('answers false, without throwing, when the receipt cannot be written', async () => {
    const w = await world();
    const batchId = await batch(w, ['a.txt']);
    const blocked = join(w.dir, 'blocked');
    await writeFile(blocked, 'a file where a folder should be');
    expect(await writeBatchReceipt(w.engine, batchId, join(blocked, 'receipt.csv'))).toBe(false);
    expect(await readFile(blocked, 'utf8')).toBe('a file where a folder should be');
  });
});
