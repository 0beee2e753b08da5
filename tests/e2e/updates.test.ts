// Updates in the real page: electron-updater's real AppImageUpdater (electron simulated, see
// tests/support/update-feed.ts) downloads from a feed on 127.0.0.1; the window says the update
// waits while a file converts, then offers "Restart to update", which installs it. Settings ->
// "Check for updates" shows a broken feed's one sentence and turns checks off.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_CHECK_DELAY_MS } from '../../electron/app-service/updates/update-decisions.ts';
import { updateFeedFrom } from '../../electron/main/update-feed.ts';
import { ManualClock } from '../support/manual-clock.ts';
import {
  appImage,
  installApp,
  latestYml,
  sha512,
  simulateElectronForUpdater,
  startUpdateFeed,
  type UpdateFeedServer,
  updaterElectron,
} from '../support/update-feed.ts';
import { copyFixtures, screenshotPath, setUpE2eWorld, startApp, useOffline } from './support/app-harness.ts';

const world = setUpE2eWorld();
const saved = {
  env: { ...process.env },
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
};
let feed: UpdateFeedServer;
let restoreElectron: () => void;

beforeAll(async () => {
  restoreElectron = simulateElectronForUpdater();
  feed = await startUpdateFeed();
});

afterAll(async () => {
  await feed?.close();
  restoreElectron?.();
  process.env = saved.env;
  (process as { resourcesPath?: string }).resourcesPath = saved.resourcesPath;
});

describe('updates in the window', () => {
  it('waits while a file converts, then "Restart to update" installs the downloaded version', async () => {
    const next = appImage('1.1.0');
    feed.publish('window', {
      'latest-linux.yml': latestYml('1.1.0', 'iFileConverter-Desktop-1.1.0.AppImage', next),
      'iFileConverter-Desktop-1.1.0.AppImage': next,
    });
    const dir = join(world.home.path, 'window');
    const installed = await installApp(feed, 'window', dir);
    const clock = new ManualClock();
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: installed.userData,
      prepare: useOffline,
      updateFeed: updateFeedFrom(installed.updater, { logger: installed.logger }),
      updateClock: clock,
    });
    try {
      const { page, service } = app;
      // A batch under way: held by "Pause all" so it is still running when the update comes.
      const [csv] = await copyFixtures(join(dir, 'docs'), ['sales.csv']);
      const staged = await service.stageExternal([csv!]);
      expect((await service.handlers['queue:pause']({})).ok).toBe(true);
      const started = await service.handlers['batch:start']({
        items: [{ stageId: staged.files[0]!.stageId, to: 'xlsx' }],
        partial: false,
      });
      expect(started.ok).toBe(true);

      await clock.advance(FIRST_CHECK_DELAY_MS);
      const banner = page.getByTestId('update-banner');
      await banner
        .getByText(
          'Version 1.1.0 is downloaded. Restarting to update is offered once the files finish converting.',
        )
        .waitFor({ timeout: 30_000 });
      expect(await banner.getByRole('button').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('update-waiting-for-batch') });

      await page.getByRole('button', { name: 'Resume all' }).click();
      const restart = banner.getByRole('button', { name: 'Restart to update' });
      await restart.waitFor({ timeout: 60_000 });
      expect(await banner.textContent()).toContain('Version 1.1.0 is ready to install.');
      await page.screenshot({ path: screenshotPath('update-ready') });
      expect(await readFile(installed.installed)).toEqual(installed.before);

      await restart.click();
      await expect
        .poll(() => updaterElectron.app.quits, { message: 'the app to quit for the update', timeout: 30_000 })
        .toBe(1);
      expect(sha512(await readFile(installed.installed))).toBe(sha512(next));
    } finally {
      await app.close();
    }
  });

  it('Settings: a broken feed in one sentence, and the switch that turns checks off', async () => {
    feed.publish('settings', { 'latest-linux.yml': 'version: [not a feed' });
    const dir = join(world.home.path, 'settings');
    const installed = await installApp(feed, 'settings', dir);
    const clock = new ManualClock();
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: installed.userData,
      prepare: useOffline,
      updateFeed: updateFeedFrom(installed.updater, { logger: installed.logger }),
      updateClock: clock,
    });
    try {
      const { page } = app;
      await clock.advance(FIRST_CHECK_DELAY_MS);
      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      const box = settings.getByLabel('Check for updates at start and daily (downloaded in the background)');
      await box.waitFor();
      expect(await box.isChecked()).toBe(true);
      const hint = settings.getByTestId('update-hint');
      await expect
        .poll(() => hint.textContent(), { message: 'the failed check in Settings', timeout: 30_000 })
        .toBe(
          'Updates could not be checked just now. Everything else works as usual; the app tries again tomorrow.',
        );
      await hint.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('update-feed-broken-settings') });

      await box.uncheck();
      await expect
        .poll(() => hint.count(), { message: 'the sentence gone once off', timeout: 15_000 })
        .toBe(0);
      const saved = JSON.parse(await readFile(join(installed.userData, 'settings.json'), 'utf8'));
      expect(saved.settings.updateChecks).toBe(false);
    } finally {
      await app.close();
    }
  });
});
