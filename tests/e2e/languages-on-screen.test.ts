// Every locale on screen (French, Spanish, English: empty, busy, finished with a failure,
// Settings, each with a screenshot) and the pseudo-locale at 200 % zoom with no text outside
// its box. German and Japanese through the whole flow are in languages.test.ts. Real app
// service, real offline converter, built window, Debian Chromium.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PSEUDO_LOCALE } from '../../shared/i18n/languages.ts';
import { copyFixtures, screenshotPath, setUpE2eWorld, startApp, useOffline } from './support/app-harness.ts';
import {
  convertWithAFailure,
  FILES,
  openSettings,
  threeDoneOneFailed,
  wordsOf,
} from './support/language-flow.ts';
import { overflowingText } from './support/overflow.ts';
import { row } from './support/queue-page.ts';

const world = setUpE2eWorld();

describe('every locale on screen', () => {
  it.each(['fr', 'es', 'en'] as const)(
    '%s: empty, busy queue, finished with a failure, settings',
    async (locale) => {
      const say = wordsOf(locale);
      const app = await startApp(world.browser, world.site.url, {
        userDataDir: join(world.home.path, `ud-shots-${locale}`),
        systemLocales: [locale],
        prepare: useOffline,
      });
      const { page } = app;
      await page.getByRole('heading', { name: say('app.drop.title') }).waitFor();
      await page.screenshot({ path: screenshotPath(`${locale}-empty`) });
      await convertWithAFailure(app, locale, join(world.home.path, `Documents-${locale}`), true);
      expect(await row(page, 'encrypted.pdf').getByTestId('job-detail').textContent()).toBe(
        say('errors.encrypted_input'),
      );
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath(`${locale}-finished-failure`) });
      const settings = await openSettings(page, locale);
      await settings.locator('.dialog-body').evaluate((body) => body.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`${locale}-settings`) });
      await app.close();
    },
  );
});

describe('the pseudo-locale at 200 % zoom', () => {
  it('keeps every text inside its box in onboarding, the queue, settings and history', async () => {
    const say = wordsOf(PSEUDO_LOCALE);
    // 200 % zoom of a 1000 x 720 window is a 500 x 360 CSS-pixel page.
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-pseudo'),
      viewport: { width: 500, height: 360 },
      prepare: async (service) => {
        const chosen = await service.handlers['settings:update']({ patch: { language: PSEUDO_LOCALE } });
        if (!chosen.ok) throw new Error(chosen.error.message);
      },
    });
    const { page } = app;
    await page.getByRole('heading', { name: say('app.welcome.title') }).waitFor();
    expect(await overflowingText(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('pseudo-200-onboarding'), fullPage: true });

    await page.getByRole('button', { name: say('app.welcome.tryOffline') }).click();
    await page.getByRole('heading', { name: say('app.drop.title') }).waitFor();
    expect(await overflowingText(page)).toEqual([]);

    await app.drop(await copyFixtures(join(world.home.path, 'Documents-pseudo'), FILES));
    await page.getByRole('heading', { name: say('app.staging.ready', { count: 4 }) }).waitFor();
    expect(await overflowingText(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('pseudo-200-staging'), fullPage: true });

    await app.service.handlers['queue:pause']({});
    await page.getByRole('button', { name: say('app.staging.start', { count: 4 }) }).click();
    await page.getByRole('heading', { name: say('app.queue.titlePaused') }).waitFor();
    expect(await overflowingText(page)).toEqual([]);
    await page.getByRole('button', { name: say('app.queue.resumeAll') }).click();
    await threeDoneOneFailed(page, PSEUDO_LOCALE);
    expect(await overflowingText(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('pseudo-200-queue'), fullPage: true });

    await openSettings(page, PSEUDO_LOCALE);
    expect(await overflowingText(page, 'dialog[open]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('pseudo-200-settings') });
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: say('app.history'), exact: true }).click();
    await page.getByRole('dialog', { name: say('app.history.title') }).waitFor();
    expect(await overflowingText(page, 'dialog[open]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('pseudo-200-history') });
    await app.close();
  });
});
