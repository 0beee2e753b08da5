// Before and at Convert, the window tells the truth (issue 21): a file deleted after it was
// added and a file skipped on a name clash stay in view with their sentence and are counted;
// the batch target is chosen per source type, so it never claims files that cannot take it;
// each file shows its cost, "Get tokens" is at hand, and files waiting for tokens go on by
// themselves after a top-up; keyboard focus follows Browse and Convert. Real engine, real
// offline server (or the local server as "the cloud"), built window in Chromium.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../electron/localserver/index.ts';
import { messageFor } from '../../shared/messages.ts';
import {
  copyFixtures,
  screenshotPath,
  setUpE2eWorld,
  startApp,
  useCloud,
  useOffline,
} from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { row } from './support/queue-page.ts';

const KEY = 'ifc_e2e_staging_key_4242';
const ACCOUNT_PAGE = 'https://www.ifileconverter.co.uk/account';

const world = setUpE2eWorld();
let cloud: LocalServer;

beforeAll(async () => {
  cloud = await startLocalServer({ tokens: 5, key: KEY });
});

afterAll(async () => {
  await cloud?.close();
});

const focusedId = (page: import('playwright').Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('nothing leaves a batch silently', () => {
  it('lists a vanished file and a file skipped on a name clash, counts them, and keeps an honest target', async () => {
    const docs = join(world.home.path, 'Honest');
    const [invoice, report, sales, memo] = await copyFixtures(docs, [
      'invoice.pdf',
      'report.pdf',
      'sales.csv',
      'memo.txt',
    ]);
    const folder = join(docs, 'Quarter');
    await copyFixtures(folder, ['notes.md']);
    // sales.json already exists, and the conflict setting says "Skip the file".
    await writeFile(join(docs, 'sales.json'), '{"kept": true}');
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-honest'),
      prepare: async (service) => {
        await useOffline(service);
        await service.handlers['settings:update']({ patch: { conflict: 'skip' } });
      },
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    await app.drop([invoice!, report!, sales!, memo!, folder]);
    const staging = page.getByTestId('staging');
    await staging.getByRole('heading', { name: 'Ready to convert: 5 files' }).waitFor();

    // The dropped folder's file is listed under the folder's name.
    const quarter = page.getByTestId('staged-folder');
    expect(await quarter.locator('.staged-folder-name').textContent()).toBe('From the folder Quarter');
    expect(await quarter.getByTestId('staged-row').allTextContents()).toEqual([
      expect.stringContaining('notes.md'),
    ]);

    // One choice per source type: "PDF files to" speaks for the two PDFs and nothing else.
    const pdfs = page.getByLabel('PDF files to');
    const pdfOptions = await pdfs
      .locator('option:not([disabled])')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(pdfOptions).toContain('txt');
    expect(await page.getByTestId('group-target').count()).toBe(4);
    await pdfs.selectOption('txt');
    await expect.poll(() => page.getByLabel('Convert invoice.pdf to').inputValue()).toBe('txt');
    expect(await page.getByLabel('Convert report.pdf to').inputValue()).toBe('txt');
    const csvGroup = page.getByLabel('CSV table (.csv) file to');
    const csvBefore = await csvGroup.inputValue();
    // A change to one PDF says the PDFs are chosen file by file; the CSV choice does not move.
    await page.getByLabel('Convert report.pdf to').selectOption(pdfOptions.find((to) => to !== 'txt')!);
    await expect.poll(() => pdfs.inputValue(), { timeout: 20_000 }).toBe('');
    expect(await pdfs.locator('option:checked').textContent()).toBe('Chosen file by file');
    expect(await csvGroup.inputValue()).toBe(csvBefore);
    await pdfs.selectOption('txt');

    // memo.txt is deleted after it was added: the next cost check (any change) marks its row.
    await rm(memo!);
    await page.getByLabel('Convert sales.csv to').selectOption('json');
    await expect.poll(() => csvGroup.inputValue()).toBe('json');
    const memoRow = page.getByTestId('staged-row').filter({ hasText: 'memo.txt' });
    await expect
      .poll(() => memoRow.getByTestId('staged-problem').textContent())
      .toBe(`Gone: ${messageFor('file_missing')}`);
    await page.screenshot({ path: screenshotPath('staging-honest-target') });
    await expectNoSeriousA11yViolations(page, 'staged files grouped by type and folder');

    await page.getByRole('button', { name: 'Convert 5 files' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 60_000 })
      .toBe('3 files · 3 done');
    // The two left out are rows with their sentence, not a screen-reader whisper.
    const leftOut = page.getByTestId('not-converted');
    await leftOut.getByRole('heading', { name: 'Not converted: 2 files' }).waitFor();
    const reasons = await leftOut.getByTestId('not-converted-row').allTextContents();
    expect(reasons.sort()).toEqual(
      [`memo.txt${messageFor('file_missing')}`, `sales.csv${messageFor('output_exists')}`].sort(),
    );
    // Focus went on to the queue's heading, not back to the page.
    expect(await focusedId(page)).toBe('queue-title');
    expect(existsSync(join(docs, 'invoice.txt'))).toBe(true);
    expect(existsSync(join(folder, 'notes.html'))).toBe(true);
    // The notification counts them too.
    await expect
      .poll(() => app.recorded.notices.at(-1)?.body, { timeout: 20_000 })
      .toBe('3 converted, 2 not converted');
    await page.screenshot({ path: screenshotPath('not-converted-rows') });
    await expectNoSeriousA11yViolations(page, 'files left out of a batch');

    // A batch where the only file is skipped: the window does not jump back to an empty drop
    // zone; after Browse focus is on Convert, after Convert on what was left out.
    await leftOut.getByRole('button', { name: 'Dismiss this list' }).click();
    await leftOut.waitFor({ state: 'hidden' });
    const again = await copyFixtures(join(docs, 'again'), ['sales.csv']);
    await writeFile(join(docs, 'again', 'sales.json'), '{}');
    app.chooseFiles(again);
    await page.getByRole('button', { name: 'Browse…' }).first().click();
    await page.getByRole('heading', { name: 'Ready to convert: 1 file' }).waitFor();
    await expect.poll(() => focusedId(page), { timeout: 20_000 }).toBe('start-button');
    await page.keyboard.press('Enter');
    await leftOut.getByRole('heading', { name: 'Not converted: 1 file' }).waitFor();
    await expect.poll(() => focusedId(page), { timeout: 20_000 }).toBe('not-converted-title');
    expect(await leftOut.getByTestId('not-converted-row').textContent()).toBe(
      `sales.csv${messageFor('output_exists')}`,
    );
    await expect
      .poll(() => app.recorded.notices.at(-1)?.body, { timeout: 20_000 })
      .toBe('0 converted, 1 not converted');
    await app.close();
  });
});

describe('a long staged list', () => {
  it('says how many files are below the edge of its box, and scrolls to them', async () => {
    const docs = join(world.home.path, 'Many');
    await mkdir(docs, { recursive: true });
    const paths: string[] = [];
    for (let index = 1; index <= 30; index += 1) {
      const path = join(docs, `note ${String(index).padStart(2, '0')}.txt`);
      await writeFile(path, `Note number ${index}\n`);
      paths.push(path);
    }
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-many'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    app.chooseFiles(paths);
    await page.getByRole('button', { name: 'Browse…' }).first().click();
    await page.getByRole('heading', { name: 'Ready to convert: 30 files' }).waitFor();
    const hint = page.getByTestId('more-below');
    const below = async () => Number((await hint.textContent())?.match(/^(\d+) more files? below/)?.[1] ?? 0);
    await expect.poll(below, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await below();
    await page.screenshot({ path: screenshotPath('staging-more-below') });
    await hint.click();
    await expect
      .poll(() => page.locator('.staged-list').evaluate((list) => list.scrollTop), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect.poll(below, { timeout: 20_000 }).toBeLessThan(before);
    await app.close();
  });
});

describe('costs and tokens', () => {
  it('shows each file\'s cost, offers "Get tokens", and resumes waiting files after a top-up by itself', async () => {
    const docs = join(world.home.path, 'Costs');
    await mkdir(docs, { recursive: true });
    const [invoice, sales, memo] = await copyFixtures(docs, ['invoice.pdf', 'sales.csv', 'memo.txt']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-costs'),
      // Often enough for a test, rarely enough to stay far below the server's rate limit.
      tokenRecheckMs: 1500,
      prepare: useCloud(cloud.url, KEY),
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await expect
      .poll(() => page.getByTestId('balance').textContent(), { timeout: 20_000 })
      .toContain('5 tokens');
    // The balance has its way to top up: the account page, opened by main in the browser.
    const balanceLink = page.locator('.balance-group').getByRole('link', { name: 'Get tokens' });
    expect(await balanceLink.getAttribute('href')).toBe(ACCOUNT_PAGE);
    expect(await balanceLink.getAttribute('target')).toBe('_blank');

    await app.drop([invoice!, sales!, memo!]);
    await page.getByRole('heading', { name: 'Ready to convert: 3 files' }).waitFor();
    await page.getByLabel('Convert invoice.pdf to').selectOption('txt');
    await page.getByLabel('Convert sales.csv to').selectOption('json');
    await expect
      .poll(() => page.getByTestId('estimate').textContent())
      .toBe('Costs 8 tokens. You have 5 tokens: 3 tokens short.');
    // Each file's own cost, by the same rule as the total: a PDF result costs double.
    const cost = (name: string) =>
      page
        .getByTestId('staged-row')
        .filter({ hasText: name })
        .locator('[data-testid="staged-cost"] [aria-hidden]');
    expect(await cost('invoice.pdf').textContent()).toBe('2 tokens');
    expect(await cost('sales.csv').textContent()).toBe('2 tokens');
    expect(await cost('memo.txt').textContent()).toBe('4 tokens');
    expect(await page.locator('.estimate-line').getByRole('link', { name: 'Get tokens' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Convert 3 files' }).click();
    const dialog = page.getByRole('dialog', { name: 'Not enough tokens' });
    await dialog.waitFor();
    expect(await dialog.getByRole('link', { name: 'Get tokens' }).getAttribute('href')).toBe(ACCOUNT_PAGE);
    await page.screenshot({ path: screenshotPath('shortfall-get-tokens') });
    await expectNoSeriousA11yViolations(page, 'shortfall dialog with Get tokens');
    await dialog.getByRole('button', { name: 'Convert the 2 files that fit' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 60_000 })
      .toBe('3 files · 2 done · 1 waiting');
    const waiting = row(page, 'memo.txt');
    expect(await waiting.getByTestId('job-phase').textContent()).toBe('Waiting for tokens');
    expect(await waiting.getByRole('link', { name: 'Get tokens' }).getAttribute('href')).toBe(ACCOUNT_PAGE);

    // A top-up on the account page: no click here, the waiting file goes on by itself.
    cloud.setTokens(100);
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 60_000 })
      .toBe('3 files · 3 done');
    expect(existsSync(join(docs, 'memo.pdf'))).toBe(true);
    await expect
      .poll(() => page.getByTestId('balance').textContent(), { timeout: 20_000 })
      .toContain('96 tokens');
    await app.close();
  });

  it('says "the 1 file that fits" in the singular', async () => {
    const docs = join(world.home.path, 'One');
    const [invoice, memo] = await copyFixtures(docs, ['invoice.pdf', 'memo.txt']);
    cloud.setTokens(3);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-one'),
      prepare: useCloud(cloud.url, KEY),
    });
    const { page } = app;
    await expect
      .poll(() => page.getByTestId('balance').textContent(), { timeout: 20_000 })
      .toContain('3 tokens');
    await app.drop([invoice!, memo!]);
    await page.getByLabel('Convert invoice.pdf to').selectOption('txt');
    await page.getByLabel('Convert memo.txt to').selectOption('pdf');
    await expect
      .poll(() => page.getByTestId('estimate').textContent(), { timeout: 20_000 })
      .toMatch(/short\.$/);
    await page.getByRole('button', { name: 'Convert 2 files' }).click();
    const dialog = page.getByRole('dialog', { name: 'Not enough tokens' });
    await dialog.getByRole('button', { name: 'Convert the 1 file that fits' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await app.close();
  });
});
