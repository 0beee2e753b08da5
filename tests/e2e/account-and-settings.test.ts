// A person with an account: enters a key (a wrong one first), meets a token shortfall before
// anything is sent, converts the files that fit, watches a busy queue, cancels a file the
// service holds and retries it, and changes settings that survive a reload. The "cloud" is a
// local server on loopback with 5 tokens, reached through the Settings service address.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../electron/localserver/index.ts';
import { messageFor } from '../../shared/messages.ts';
import { copyFixtures, screenshotPath, startApp, setUpE2eWorld } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { row } from './support/queue-page.ts';

const KEY = 'ifc_e2e_account_key_7788';

const world = setUpE2eWorld();
let cloud: LocalServer;

beforeAll(async () => {
  cloud = await startLocalServer({ tokens: 5, key: KEY });
});

afterAll(async () => {
  await cloud?.close();
});

describe('a person with an account', () => {
  it('enters a key, meets a token shortfall, converts what fits, cancels and retries, and keeps settings', async () => {
    const userDataDir = join(world.home.path, 'userData');
    const docs = join(world.home.path, 'Documents');
    const [invoice, sales, memo] = await copyFixtures(docs, ['invoice.pdf', 'sales.csv', 'memo.txt']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir,
      prepare: async (service) => {
        // As if set under Settings > Advanced before: the service address of "the cloud".
        await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: cloud.url } } });
      },
    });
    const { page } = app;

    // Key entry: too short, then wrong, then right. The page never shows the key back.
    await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).waitFor();
    const keyField = page.getByLabel('API key', { exact: true });
    const status = page.getByTestId('key-form-status');
    await keyField.fill('abc');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => status.textContent()).toBe(messageFor('key_incomplete'));
    await keyField.fill('ifc_e2e_wrong_key_0000');
    await page.getByRole('button', { name: 'Continue' }).click();
    // Said on the welcome screen itself, where Settings cannot be reached.
    await expect
      .poll(() => status.textContent())
      .toBe(
        'The service did not accept this key. Copy it again from your account page ("Get a key" above) and paste it here, or try it offline instead.',
      );
    expect(await keyField.getAttribute('type')).toBe('password');
    await keyField.fill(KEY);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await expect.poll(() => page.getByTestId('balance').textContent()).toContain('5 tokens');

    // 2 + 2 + 4 tokens (pdf output costs double) against 5: refused before any upload.
    await app.drop([invoice!, sales!, memo!]);
    await page.getByRole('heading', { name: 'Ready to convert: 3 files' }).waitFor();
    await page.getByLabel('Convert invoice.pdf to').selectOption('txt');
    await page.getByLabel('Convert sales.csv to').selectOption('json');
    await expect
      .poll(() => page.getByTestId('estimate').textContent())
      .toBe('Costs 8 tokens. You have 5 tokens: 3 tokens short.');
    await page.getByRole('button', { name: 'Convert 3 files' }).click();
    const dialog = page.getByRole('dialog', { name: 'Not enough tokens' });
    await dialog.waitFor();
    const explained = await dialog.textContent();
    expect(explained).toContain(
      'Converting 3 files needs 8 tokens, but your balance is 5 tokens: you are 3 tokens short.',
    );
    expect(explained).toContain('The first 2 files fit in your balance (4 tokens).');
    await expectNoSeriousA11yViolations(page, 'token shortfall dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(cloud.ledger.jobs).toHaveLength(0);

    await page.getByRole('button', { name: 'Convert 3 files' }).click();
    await dialog.getByRole('button', { name: 'Convert the 2 files that fit' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 20_000 })
      .toBe('3 files · 2 done · 1 waiting');
    const waiting = row(page, 'memo.txt');
    expect(await waiting.getByTestId('job-phase').textContent()).toBe('Waiting for tokens');
    // The balance follows what was spent, without asking.
    await expect.poll(() => page.getByTestId('balance').textContent()).toContain('1 token');

    // After a top-up, once the balance is checked again, the waiting file goes on by itself.
    cloud.setTokens(100);
    await page.getByRole('button', { name: 'Check the token balance again' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 20_000 })
      .toBe('3 files · 3 done');
    expect(existsSync(join(docs, 'memo.pdf'))).toBe(true);
    await expect.poll(() => page.getByTestId('balance').textContent()).toContain('96 tokens');

    // A busy queue: the service answers slowly and holds one file forever.
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    cloud.faults.set({ slow: { path: 'convert', delayMs: 600 }, neverFinish: { match: 'report' } });
    const more = await copyFixtures(join(docs, 'more'), [
      'report.docx',
      'invoice.docx',
      'scan.png',
      'scan.jpg',
      'notes.md',
    ]);
    app.chooseFiles(more);
    await page.getByRole('button', { name: 'Browse…' }).click();
    await page.getByRole('heading', { name: 'Ready to convert: 5 files' }).waitFor();
    await page.getByRole('button', { name: 'Convert 5 files' }).click();
    await page.getByTestId('staging').waitFor({ state: 'hidden' });
    const report = row(page, 'report.docx');
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 10_000 })
      .toMatch(/in progress/);
    await page.screenshot({ path: screenshotPath('busy-queue') });
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 20_000 })
      .toBe('5 files · 4 done · 1 in progress');
    await expect
      .poll(() => report.getByTestId('job-phase').textContent())
      .toMatch(/^(Waiting for the server|Converting \d+ ?%)$/);

    // Cancel the held file, then retry it once the service behaves.
    await report.getByRole('button', { name: 'Cancel report.docx' }).click();
    await expect.poll(() => report.getByTestId('job-phase').textContent()).toBe('Cancelled');
    cloud.faults.clear();
    await report.getByRole('button', { name: 'Retry report.docx' }).click();
    await expect.poll(() => report.getByTestId('job-phase').textContent(), { timeout: 15_000 }).toBe('Done');
    expect(existsSync(join(docs, 'more', 'report.html'))).toBe(true);

    // Settings: every change applies at once and survives a reload of the window.
    const outFolder = join(world.home.path, 'Converted');
    app.chooseFolder(outFolder);
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    // Settings is in sections; the key is under Account.
    await settings.getByRole('tab', { name: 'Account' }).click();
    await expect
      .poll(() => settings.getByTestId('key-status').textContent())
      .toContain('A key is set, ending …7788');
    await settings.getByRole('button', { name: 'Test', exact: true }).click();
    await expect
      .poll(() => settings.getByTestId('key-form-status').textContent())
      .toMatch(/^This key works\. Balance: \d+ tokens\.$/);
    await settings.getByRole('tab', { name: 'General' }).click();
    await settings.getByLabel('When a file with the same name already exists').selectOption('overwrite');
    await settings.getByLabel('Files converted at the same time').selectOption('4');
    await settings.getByLabel('Notify me when a batch of files is finished').uncheck();
    await settings.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => settings.getByTestId('output-folder').textContent()).toBe(outFolder);
    await settings.locator('.dialog-body').evaluate((body) => body.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('settings') });
    await expectNoSeriousA11yViolations(page, 'settings');
    await settings.getByLabel('Appearance').selectOption('dark');
    await settings.getByRole('button', { name: 'Done' }).click();
    await settings.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await settings.waitFor();
    expect(await settings.getByLabel('When a file with the same name already exists').inputValue()).toBe(
      'overwrite',
    );
    expect(await settings.getByLabel('Files converted at the same time').inputValue()).toBe('4');
    expect(await settings.getByLabel('Notify me when a batch of files is finished').isChecked()).toBe(false);
    expect(await settings.getByTestId('output-folder').textContent()).toBe(outFolder);
    expect(await settings.getByLabel('Appearance').inputValue()).toBe('dark');
    const saved = await app.service.handlers['app:snapshot']({});
    expect(saved.ok && saved.value.settings).toMatchObject({
      conflict: 'overwrite',
      concurrency: 4,
      notifications: false,
      output: { kind: 'folder', path: outFolder },
      theme: 'dark',
      defaultTargets: { pdf: 'txt', csv: 'json' },
    });

    // Removing the key leads back to onboarding (cloud without a key), once Settings is closed.
    await settings.getByRole('tab', { name: 'Account' }).click();
    await settings.getByRole('button', { name: 'Remove key' }).click();
    await expect
      .poll(() => settings.getByTestId('key-status').textContent())
      .toContain('No key is set, so nothing can be converted with the service yet.');
    await settings.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).waitFor();
    await app.close();
  });
});
