// A first-time user meets no dead end: the welcome screen says what a key and a token are,
// where to get a key (through main's allowlist of links), what a refused key means there, and
// what offline can and cannot do; Settings is in sections with one save rule; a cancelled
// folder picker says so; a watch folder is set up folder first, asks about the files already
// there and lists what it leaves alone; the top bar says a folder is watched; Help / About
// shows the version. Real engine, real offline server, a "cloud" on loopback, built window.
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServicePage } from '../../electron/main/external-links.ts';
import { type LocalServer, startLocalServer } from '../../electron/localserver/index.ts';
import { SIGN_UP_URL } from '../../shared/service-links.ts';
import { copyFixtures, screenshotPath, setUpE2eWorld, startApp, useOffline } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { row } from './support/queue-page.ts';

const KEY = 'ifc_e2e_onboarding_key_4321';
const world = setUpE2eWorld();
let cloud: LocalServer;

beforeAll(async () => {
  cloud = await startLocalServer({ tokens: 50, key: KEY });
});

afterAll(async () => {
  await cloud?.close();
});

async function packageVersion(): Promise<string> {
  const text = await readFile(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

describe('the welcome screen', () => {
  it('explains key and tokens, links to sign-up through the allowlist, says what a wrong key means there, and shows About', async () => {
    const version = await packageVersion();
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-welcome'),
      version,
      prepare: async (service) => {
        await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: cloud.url } } });
      },
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).waitFor();
    expect(await page.getByTestId('key-explained').textContent()).toContain('An API key is the password');
    expect(await page.getByTestId('key-explained').textContent()).toContain(
      'Tokens are what conversions cost',
    );
    const offline = await page.getByTestId('offline-facts').textContent();
    expect(offline).toContain('Converts PDF, Word (DOCX), Excel (XLSX)');
    expect(offline).toContain('Nothing leaves this computer');
    expect(offline).toContain('need the service');

    // A wrong key: the sentence says what to do on this screen, not in unreachable Settings.
    await page.getByLabel('API key', { exact: true }).fill('ifc_e2e_wrong_key_0000');
    await page.getByRole('button', { name: 'Continue' }).click();
    const status = page.getByTestId('key-form-status');
    await expect.poll(() => status.textContent()).toContain('The service did not accept this key.');
    expect(await status.textContent()).not.toContain('Settings');
    await page.screenshot({ path: screenshotPath('welcome-wrong-key') });
    await expectNoSeriousA11yViolations(page, 'welcome screen with a wrong key');

    // "Get a key / create an account" opens a window main lets through to the browser: the
    // service's own https page (main's setWindowOpenHandler answers with isServicePage).
    await page
      .context()
      .route('https://www.ifileconverter.co.uk/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Sign up</title>' }),
      );
    const link = page.getByRole('link', { name: /Get a key \/ create an account/ });
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(SIGN_UP_URL);
    expect(isServicePage(popup.url())).toBe(true);
    await popup.close();

    // Help / About is there before any key: the version is package.json's.
    await page.getByRole('button', { name: 'Help' }).click();
    const about = page.getByRole('dialog', { name: 'Help and about' });
    await about.waitFor();
    expect(await about.getByTestId('about-version').textContent()).toBe(version);
    expect(await about.getByTestId('about-licence').textContent()).toContain(
      'Copyright © 2026 iFileConverter',
    );
    expect(await about.getByRole('link', { name: /Help pages and contact/ }).getAttribute('href')).toMatch(
      /^https:\/\/www\.ifileconverter\.co\.uk\//,
    );
    await page.screenshot({ path: screenshotPath('about') });
    await expectNoSeriousA11yViolations(page, 'help and about');
    await about.getByRole('button', { name: 'Close' }).last().click();
    await about.waitFor({ state: 'hidden' });

    // The right key gets in.
    await page.getByLabel('API key', { exact: true }).fill(KEY);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await app.close();
  });
});

describe('Settings', () => {
  it('is in sections with one save rule, hides the key offline, keeps the window when the service has no key, and says a cancelled picker changed nothing', async () => {
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-settings'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    const tabs = settings.getByRole('tab');
    await expect
      .poll(() => tabs.allTextContents(), { message: "Settings' side list" })
      .toEqual(['General', 'Account', 'Spending limits', 'Watch folders', 'Invoice ledger']);
    expect(await settings.textContent()).not.toContain('Changes are saved as you make them');
    expect(await settings.getByTestId('save-rule').textContent()).toBe(
      'Changes here apply as you make them.',
    );

    // "In one folder", then the picker is cancelled: the choice goes back and says so.
    app.chooseFolder(undefined);
    await settings.getByLabel('In one folder').click();
    await expect
      .poll(() => settings.getByTestId('output-status').textContent())
      .toBe('No folder was chosen, so results still go next to each original.');
    expect(await settings.getByLabel('Next to the original file').isChecked()).toBe(true);
    expect(await settings.getByLabel('In one folder').isChecked()).toBe(false);
    await page.screenshot({ path: screenshotPath('settings-general') });
    await expectNoSeriousA11yViolations(page, 'settings, general');

    // Arrow keys move between sections (the tabs pattern); offline, Account has no key part.
    await settings.getByRole('tab', { name: 'General' }).focus();
    await page.keyboard.press('ArrowDown');
    const account = settings.getByRole('tab', { name: 'Account' });
    await expect.poll(() => account.getAttribute('aria-selected')).toBe('true');
    expect(await account.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await settings.getByTestId('save-rule').textContent()).toContain(
      'kept only when you press the button beside it',
    );
    expect(await settings.getByLabel('This computer, offline').isChecked()).toBe(true);
    expect(await settings.getByTestId('key-status').count()).toBe(0);
    expect(await settings.getByLabel('API key').count()).toBe(0);

    // Choosing the service without a key: the window behind stays as it was, and the Account
    // section says what is missing with the sign-up link beside it.
    await settings.getByLabel(/iFileConverter service/).check();
    await expect
      .poll(() => settings.getByTestId('key-missing').textContent())
      .toContain('No key is set, so nothing can be converted with the service yet.');
    expect(await settings.getByRole('link', { name: /Get a key \/ create an account/ }).count()).toBe(1);
    // (Once the switch to the service is done: the drop zone again, not the welcome screen.)
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await expect.poll(() => settings.getByTestId('key-missing').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('settings-account-no-key') });
    await expectNoSeriousA11yViolations(page, 'settings, account without a key');

    // Back to offline: the key part goes away again.
    await settings.getByLabel('This computer, offline').check();
    await expect.poll(() => settings.getByTestId('key-status').count()).toBe(0);
    await settings.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await app.close();
  });
});

describe('a watch folder, the first time', () => {
  it('asks for the folder first, suggests a format, asks about the files there, lists what it ignores, and shows in the top bar', async () => {
    const root = await realpath(world.home.path);
    const inbox = join(root, 'Inbox');
    await copyFixtures(inbox, ['invoice.pdf', 'report.docx', 'scan.png']);
    await mkdir(inbox, { recursive: true });
    await writeFile(join(inbox, 'setup.exe'), Buffer.from('MZ not really a program'));
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(root, 'ud-watch'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    expect(await page.getByTestId('watch-indicator').count()).toBe(0);

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Watch folders' }).click();
    const section = settings.getByTestId('watch-folders');

    // A cancelled picker leaves things as they were and says so.
    app.chooseFolder(undefined);
    await section.getByRole('button', { name: 'Add folder…' }).click();
    await expect
      .poll(() => section.getByTestId('watch-status').textContent())
      .toBe('No folder was chosen, so nothing changed.');

    // The folder first; the format is suggested from what is in it.
    app.chooseFolder(inbox);
    await section.getByRole('button', { name: 'Add folder…' }).click();
    const form = section.getByTestId('watch-add-form');
    await form.waitFor();
    expect(await form.getByTestId('watch-add-folder').textContent()).toBe(inbox);
    expect(await form.getByTestId('watch-add-summary').textContent()).toBe('It holds 4 files.');
    const convertTo = form.getByLabel('Convert to', { exact: true });
    // Offline, a PDF and a Word file can both become text: TXT is what most files here can be.
    expect(await convertTo.inputValue()).toBe('txt');
    expect(await form.getByTestId('watch-suggested').textContent()).toBe(
      'Suggested from what is in the folder: 2 files can become TXT.',
    );

    // "Any type -> TXT": the files it cannot take are listed with why, not silently ignored.
    await convertTo.selectOption('txt');
    const ignored = form.getByTestId('watch-ignored');
    await expect.poll(() => ignored.locator('summary').textContent()).toBe('2 files will be left alone');
    expect(await ignored.locator('li').allTextContents()).toEqual([
      'scan.png: PNG cannot become TXT',
      'setup.exe: not a type the service converts',
    ]);
    // The files already there: asked about, "only new ones" chosen.
    const existing = form.getByRole('group', { name: '2 files already in the folder can become TXT:' });
    expect(await existing.getByLabel('Leave them, convert only files added from now on').isChecked()).toBe(
      true,
    );
    expect(await existing.getByLabel('Convert all 2 now as well').isChecked()).toBe(false);
    await form.getByRole('button', { name: 'Start watching' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('watch-folder-add') });
    await expectNoSeriousA11yViolations(page, 'adding a watch folder');
    await form.getByRole('button', { name: 'Start watching' }).click();
    await expect.poll(() => section.getByTestId('watch-status').textContent()).toBe('Watching Inbox.');
    await settings.getByRole('button', { name: 'Done' }).click();
    await settings.waitFor({ state: 'hidden' });

    // The top bar says a folder is watched, and opens its section.
    const indicator = page.getByTestId('watch-indicator');
    await expect.poll(() => indicator.textContent()).toBe('Watching 1 folder');
    await page.screenshot({ path: screenshotPath('watch-indicator') });
    await expectNoSeriousA11yViolations(page, 'top bar with a watched folder');

    // A new file is converted; the ones already there are not.
    await copyFixtures(inbox, ['report.pdf']);
    const report = row(page, 'report.pdf');
    await expect.poll(() => report.getByTestId('job-phase').textContent(), { timeout: 60_000 }).toBe('Done');
    expect(existsSync(join(inbox, 'report.txt'))).toBe(true);
    await expect
      .poll(
        async () => {
          const listed = await app.service.handlers['watch:list']({});
          const status = listed.ok ? listed.value[0]?.status : undefined;
          return status && status.settling + status.queued + status.inFlight;
        },
        { timeout: 30_000, message: 'the watch done with every file in the folder' },
      )
      .toBe(0);
    const snapshot = await app.service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.jobs.map((job) => job.sourceName)).toEqual(['report.pdf']);
    expect(existsSync(join(inbox, 'invoice.txt'))).toBe(false);
    // report.docx would have become "report (1).txt" beside the new report.txt.
    expect(existsSync(join(inbox, 'report (1).txt'))).toBe(false);

    await indicator.click();
    await expect
      .poll(() => settings.getByRole('tab', { name: 'Watch folders' }).getAttribute('aria-selected'))
      .toBe('true');
    expect(await settings.getByTestId('watch-row').textContent()).toContain('Any type → TXT');
    await app.close();
  });
});
