// What a batch costs, and a limit that holds: a person with an account sets a monthly spending
// limit, converts two files and sees what each was charged (the service's own figures) and the
// total; the next batch would pass the limit and is stopped before anything is sent, with the
// numbers; History shows the month and the batch, and the month's receipt adds up. The
// "cloud" is the local server on loopback, reached through the Settings service address.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../electron/localserver/index.ts';
import { copyFixtures, screenshotPath, setUpE2eWorld, startApp } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { row } from './support/queue-page.ts';

const KEY = 'ifc_e2e_costs_key_4242';

const world = setUpE2eWorld();
let cloud: LocalServer;

beforeAll(async () => {
  cloud = await startLocalServer({ tokens: 500, key: KEY });
});

afterAll(async () => {
  await cloud?.close();
});

describe('costs shown and capped', () => {
  it('shows what each file was charged and the total, and stops a batch past the monthly limit before any upload', async () => {
    const userDataDir = join(world.home.path, 'userData');
    const docs = join(world.home.path, 'Documents');
    const [sales, invoice] = await copyFixtures(docs, ['sales.csv', 'invoice.pdf']);
    const more = await copyFixtures(join(docs, 'more'), ['sales.csv', 'invoice.pdf']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir,
      prepare: async (service) => {
        await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: cloud.url } } });
        const saved = await service.handlers['key:set']({ key: KEY, sessionOnly: false });
        if (!saved.ok) throw new Error(saved.error.message);
      },
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    // Settings -> Spending limits: at most 10 tokens this month.
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    await settings.getByRole('tab', { name: 'Spending limits' }).click();
    await settings.getByLabel('Most tokens per calendar month').fill('10');
    await expect
      .poll(async () => {
        const snapshot = await app.service.handlers['app:snapshot']({});
        return snapshot.ok && snapshot.value.settings.spendCaps;
      })
      .toEqual({ month: 10 });
    await expectNoSeriousA11yViolations(page, 'spending limits');
    await settings.getByRole('button', { name: 'Done' }).click();

    // 4 + 4 tokens (xlsx costs double): within the limit.
    await app.drop([sales!, invoice!]);
    await page.getByRole('heading', { name: 'Ready to convert: 2 files' }).waitFor();
    // One choice per type of file: both become workbooks.
    await page.getByLabel('CSV table (.csv) file to').selectOption('xlsx');
    await page.getByLabel('PDF file to').selectOption('xlsx');
    await page.getByRole('button', { name: 'Convert 2 files' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 60_000 })
      .toBe('2 files · 2 done');
    // Each row says what the service charged for it, as the service's ledger has it.
    for (const name of ['sales.csv', 'invoice.pdf']) {
      const charged = cloud.ledger.jobs.find((entry) => entry.sourceName === name)?.tokensCharged;
      expect(charged).toBe(4);
      await expect
        .poll(() => row(page, name).getByTestId('job-tokens').textContent())
        .toBe('Charged 4 tokens');
    }
    expect(await page.getByTestId('batch-tokens').textContent()).toBe('8 tokens charged');
    await page.screenshot({ path: screenshotPath('costs-per-row') });

    // The same again needs 8; the month leaves 2: the limit stops it before anything is sent.
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await app.drop(more);
    await page.getByRole('heading', { name: 'Ready to convert: 2 files' }).waitFor();
    // One choice per type of file: both become workbooks.
    await page.getByLabel('CSV table (.csv) file to').selectOption('xlsx');
    await page.getByLabel('PDF file to').selectOption('xlsx');
    const posts = cloud.requests.filter((request) => request.method === 'POST').length;
    await page.getByRole('button', { name: 'Convert 2 files' }).click();
    const dialog = page.getByRole('dialog', { name: 'Over your spending limit' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('cap-numbers').textContent()).toBe(
      'This batch needs 8 tokens; your monthly limit leaves 2 tokens.',
    );
    expect(await dialog.textContent()).toContain('Not even the first file fits.');
    await expectNoSeriousA11yViolations(page, 'spending limit dialog');
    await page.screenshot({ path: screenshotPath('spending-limit') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(cloud.requests.filter((request) => request.method === 'POST')).toHaveLength(posts);
    expect(cloud.ledger.jobs).toHaveLength(2);
    // The files are still there to convert once the limit allows.
    await page.getByRole('heading', { name: 'Ready to convert: 2 files' }).waitFor();

    // History -> Spending: the month against its limit, the batch, and the month's receipt.
    await page.getByRole('button', { name: 'History' }).click();
    const spending = page.getByTestId('spend-history');
    await expect
      .poll(() => spending.getByTestId('spend-month').textContent())
      .toBe('This month: 8 tokens of your 10 tokens limit');
    expect(await spending.getByTestId('spend-batch').textContent()).toContain('2 files, 8 tokens');
    const receipt = join(world.home.path, 'receipt.csv');
    app.chooseSaveFile(receipt);
    await spending.getByRole('button', { name: /^Receipt \(CSV\) for the month/ }).click();
    await expect
      .poll(() => spending.getByTestId('spend-said').textContent())
      .toBe(`Receipt saved as ${receipt}`);
    const rows = parse(await readFile(receipt, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((line) => line.File).sort()).toEqual(['invoice.pdf', 'sales.csv']);
    expect(rows.reduce((sum, line) => sum + Number(line.Tokens), 0)).toBe(cloud.ledger.totals.charged);
    await app.close();
  });
});
