// The window in the person's language: German and Japanese from the OS's language list (as
// Electron reports it), the whole main flow (onboarding, a paused busy queue, a finished batch
// with a failure, Settings) with a screenshot of each per locale, a switch of language in
// Settings without a restart, and the pseudo-locale at 200 % zoom with no text overflowing its
// box. Real app service, real offline converter, built window, Debian Chromium.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_NAMES, type Locale, PSEUDO_LOCALE, type UiLocale } from '../../shared/i18n/languages.ts';
import { intlFor, type MessageId } from '../../shared/i18n/translate.ts';
import { copyFixtures, screenshotPath, startApp, setUpE2eWorld, useOffline } from './support/app-harness.ts';
import { overflowingText } from './support/overflow.ts';
import { row } from './support/queue-page.ts';

const world = setUpE2eWorld();

/** What the window should say in `locale` (the catalogues are checked by tests/unit/i18n). */
function wordsOf(locale: UiLocale) {
  const intl = intlFor(locale);
  return (id: MessageId, values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values) as string;
}

const FILES = ['invoice.pdf', 'sales.csv', 'memo.txt', 'encrypted.pdf'];

/** Drops the files, converts them with the queue paused first (a busy queue to look at),
 *  then resumed, and waits for "4 files · 3 done · 1 failed" in the window's words. */
async function convertWithAFailure(
  app: Awaited<ReturnType<typeof startApp>>,
  locale: UiLocale,
  docs: string,
  shoot: boolean,
) {
  const say = wordsOf(locale);
  const { page } = app;
  await app.drop(await copyFixtures(docs, FILES));
  await page.getByRole('heading', { name: say('app.staging.ready', { count: 4 }) }).waitFor();
  // Paused before starting: the four files wait in the queue, each saying so.
  const paused = await app.service.handlers['queue:pause']({});
  expect(paused.ok).toBe(true);
  await page.getByRole('button', { name: say('app.staging.start', { count: 4 }) }).click();
  await page.getByRole('heading', { name: say('app.queue.titlePaused') }).waitFor();
  await expect
    .poll(() => row(page, 'memo.txt').getByTestId('job-phase').textContent())
    .toBe(say('app.phase.paused'));
  if (shoot) await page.screenshot({ path: screenshotPath(`${locale}-busy-queue`) });
  await page.getByRole('button', { name: say('app.queue.resumeAll') }).click();
  const counts = [
    say('app.files', { count: 4 }),
    say('app.queue.done', { count: 3 }),
    say('app.queue.failed', { count: 1 }),
  ];
  await expect
    .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 30_000 })
    .toBe(counts.join(' · '));
}

async function openSettings(page: Page, locale: UiLocale) {
  const say = wordsOf(locale);
  await page.getByRole('button', { name: say('app.settings'), exact: true }).click();
  const dialog = page.getByRole('dialog', { name: say('settings.title') });
  await dialog.waitFor();
  return dialog;
}

describe.each([
  { locale: 'de' as Locale, system: ['de-DE', 'en-US'], decimal: ',' },
  { locale: 'ja' as Locale, system: ['ja-JP'], decimal: '.' },
])('the window in $locale', ({ locale, system, decimal }) => {
  it('speaks the OS language through the whole flow, and switches language without a restart', async () => {
    const say = wordsOf(locale);
    const docs = join(world.home.path, `Documents-${locale}`);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, `ud-${locale}`),
      systemLocales: system,
    });
    const { page } = app;

    // First run: onboarding in the OS's language, the page marked as that language.
    await page.getByRole('heading', { name: say('app.welcome.title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    await page.getByRole('button', { name: say('app.welcome.tryOffline') }).click();
    await page.getByRole('heading', { name: say('app.drop.title') }).waitFor();
    await expect.poll(() => page.getByTestId('balance').textContent()).toContain(say('app.balance.offline'));
    await page.screenshot({ path: screenshotPath(`${locale}-empty`) });

    await convertWithAFailure(app, locale, docs, true);
    const locked = row(page, 'encrypted.pdf');
    expect(await locked.getByTestId('job-phase').textContent()).toBe(say('app.phase.failed'));
    expect(await locked.getByTestId('job-detail').textContent()).toBe(say('errors.encrypted_input'));
    // Sizes in the locale's own numbers: 38,405 bytes are "38,4 kB" in German.
    const bytes = (await stat(join(docs, 'invoice.pdf'))).size;
    const size = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'kilobyte',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(bytes / 1000);
    expect(size).toContain(decimal);
    expect(await row(page, 'invoice.pdf').locator('.job-meta').textContent()).toContain(size);
    // The OS notification for the batch is in the same language.
    await expect.poll(() => app.recorded.notices.at(-1)?.title).toBe(say('desktop.notice.problems'));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath(`${locale}-finished-failure`) });

    // Settings, with the system's language named in the language menu.
    const settings = await openSettings(page, locale);
    const language = settings.getByTestId('language');
    expect(await language.locator('option[value="system"]').textContent()).toBe(
      say('settings.language.system', { name: LANGUAGE_NAMES[locale] }),
    );
    await settings.locator('.dialog-body').evaluate((body) => body.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath(`${locale}-settings`) });

    // Another language applies at once: the dialog, the queue behind it, the page's lang.
    const other: Locale = locale === 'de' ? 'ja' : 'de';
    await language.selectOption(other);
    const otherSay = wordsOf(other);
    await page.getByRole('dialog', { name: otherSay('settings.title') }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(other);
    expect(await page.getByTestId('batch-counts').textContent()).toBe(
      [
        otherSay('app.files', { count: 4 }),
        otherSay('app.queue.done', { count: 3 }),
        otherSay('app.queue.failed', { count: 1 }),
      ].join(' · '),
    );
    expect(await locked.getByTestId('job-detail').textContent()).toBe(otherSay('errors.encrypted_input'));
    await app.close();

    // The choice is kept: after a restart the window opens in it, whatever the OS says.
    const again = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, `ud-${locale}`),
      systemLocales: system,
    });
    await again.page.getByRole('heading', { name: otherSay('app.queue.title') }).waitFor();
    await again.close();
  });
});

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
    const counts = [
      say('app.files', { count: 4 }),
      say('app.queue.done', { count: 3 }),
      say('app.queue.failed', { count: 1 }),
    ];
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 30_000 })
      .toBe(counts.join(' · '));
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
