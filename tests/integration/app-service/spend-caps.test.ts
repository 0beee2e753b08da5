// Spend caps in the app service, against the local server over real HTTP as "the cloud": a
// batch past the monthly limit is refused before any upload with the numbers, the month's
// spend survives a restart, "convert what fits" trims to the limit, and the month's receipt
// adds up to what the server charged.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppService } from '../../../electron/app-service/service.ts';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { copyFixtures, startService, tempDir, waitFor } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let server: LocalServer;

async function cloudService(userData: string, saveAs?: string): Promise<AppService> {
  const { service } = await startService(userData, saveAs ? { saveAs } : {});
  cleanups.push(() => service.close());
  await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: server.url } } });
  const saved = await service.handlers['key:set']({ key: server.key, sessionOnly: false });
  if (!saved.ok) throw new Error(saved.error.message);
  return service;
}

async function stage(service: AppService, paths: string[], to: string) {
  const staged = await service.stageExternal(paths);
  return staged.files.map((file) => ({ stageId: file.stageId, to }));
}

async function settled(service: AppService, jobIds: string[]) {
  return waitFor(
    async () => {
      const snapshot = await service.handlers['app:snapshot']({});
      if (!snapshot.ok) return false;
      const jobs = snapshot.value.jobs.filter((job) => jobIds.includes(job.id));
      return jobs.length === jobIds.length && jobs.every((job) => job.state === 'completed') && jobs;
    },
    'the batch to complete',
    60_000,
  );
}

describe('spend caps in the app service', () => {
  it('refuses a batch past the monthly limit before any upload, and keeps the month across a restart', async () => {
    server = await startLocalServer({ tokens: 500 });
    cleanups.push(() => server.close());
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const userData = join(dir.path, 'userData');
    const docs = join(dir.path, 'docs');
    const [sales, invoice, sales2, invoice2] = await copyFixtures(docs, ['sales.csv', 'invoice.pdf']).then(
      async (first) => [...first, ...(await copyFixtures(join(docs, 'more'), ['sales.csv', 'invoice.pdf']))],
    );
    const service = await cloudService(userData);
    await service.handlers['settings:update']({ patch: { spendCaps: { month: 10 } } });

    // 4 + 4 tokens (xlsx costs double): within the month's 10.
    const first = await service.handlers['batch:start']({
      items: await stage(service, [sales!, invoice!], 'xlsx'),
      partial: false,
    });
    if (!first.ok) throw new Error(first.error.message);
    const done = await settled(service, first.value.jobIds);
    // Each row's tokens are the ones the service's answer reported, and marked as charged.
    for (const job of done) {
      expect(job.charged).toBe(true);
      expect(job.tokens).toBe(server.ledger.entry(job.serverJobId!)?.tokensCharged);
    }
    await waitFor(async () => {
      const summary = await service.handlers['spend:summary']({});
      return summary.ok && summary.value.spent === 8;
    }, 'the month to count 8 tokens');

    // The same again would need 8; the month leaves 2: refused, with the numbers, nothing sent.
    const again = await stage(service, [sales2!, invoice2!], 'xlsx');
    const estimate = await service.handlers['batch:estimate']({ items: again });
    expect(estimate.ok && estimate.value.cap).toEqual({
      kind: 'month',
      required: 8,
      limit: 10,
      left: 2,
      fitCount: 0,
      fitTokens: 0,
    });
    const posts = server.requests.filter((request) => request.method === 'POST').length;
    const refused = await service.handlers['batch:start']({ items: again, partial: false });
    expect(refused.ok === false && refused.error.code).toBe('spend_cap_month');
    expect(refused.ok === false && refused.error.details).toMatchObject({ required: 8, left: 2 });
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(posts);
    expect(server.ledger.jobs).toHaveLength(2);

    // After a restart the month still counts what it spent.
    await service.close();
    cleanups.pop();
    const receipt = join(dir.path, 'month.csv');
    const restarted = await cloudService(userData, receipt);
    const summary = await restarted.handlers['spend:summary']({});
    expect(summary.ok && summary.value).toMatchObject({ spent: 8, caps: { month: 10 } });
    expect(summary.ok && summary.value.batches).toEqual([
      expect.objectContaining({ batchId: first.value.batchId, files: 2, tokens: 8 }),
    ]);
    const still = await stage(restarted, [sales2!, invoice2!], 'xlsx');
    const refusedAgain = await restarted.handlers['batch:start']({ items: still, partial: false });
    expect(refusedAgain.ok === false && refusedAgain.error.code).toBe('spend_cap_month');
    expect(server.ledger.jobs).toHaveLength(2);

    // Raised to 14 (6 left): "convert what fits" sends the first file only.
    await restarted.handlers['settings:update']({ patch: { spendCaps: { month: 14 } } });
    const trimmed = await restarted.handlers['batch:start']({ items: still, partial: true });
    if (!trimmed.ok) throw new Error(trimmed.error.message);
    expect(trimmed.value.jobIds).toHaveLength(1);
    // The file left out stays staged for later.
    expect(trimmed.value.leftOut).toEqual([still[1]!.stageId]);
    await settled(restarted, trimmed.value.jobIds);
    // The first batch's two files upload side by side: either may reach the server first.
    const charged = server.ledger.jobs.map((entry) => entry.sourceName);
    expect(charged.slice(0, 2).sort()).toEqual(['invoice.pdf', 'sales.csv']);
    expect(charged.slice(2)).toEqual(['sales.csv']);

    // The month's receipt: one row per charge the server made, adding up to its total.
    await waitFor(async () => {
      const now = await restarted.handlers['spend:summary']({});
      return now.ok && now.value.spent === 12 && now;
    }, 'the month to count 12 tokens');
    const month = summary.ok ? summary.value.month : '';
    const exported = await restarted.handlers['spend:exportReceipt']({
      scope: { kind: 'month', month },
      format: 'csv',
    });
    expect(exported).toEqual({ ok: true, value: { path: receipt, count: 3 } });
    const rows = parse(await readFile(receipt, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.reduce((sum, row) => sum + Number(row.Tokens), 0)).toBe(server.ledger.totals.charged);
    expect(rows.map((row) => row['Job id']).sort()).toEqual(
      server.ledger.jobs.map((entry) => entry.jobId).sort(),
    );
  }, 240_000);

  it('does not apply limits to conversions on this computer, which are free', async () => {
    server = await startLocalServer({ tokens: 500 });
    cleanups.push(() => server.close());
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const { service } = await startService(join(dir.path, 'userData'));
    cleanups.push(() => service.close());
    await service.handlers['settings:update']({
      patch: { endpoint: { kind: 'local' }, spendCaps: { batch: 1 } },
    });
    const [sales] = await copyFixtures(join(dir.path, 'docs'), ['sales.csv']);
    const estimate = await service.handlers['batch:estimate']({
      items: await stage(service, [sales!], 'xlsx'),
    });
    expect(estimate.ok && estimate.value).toMatchObject({ offline: true });
    expect(estimate.ok && estimate.value.cap).toBeUndefined();
  });
});
