// The window in the person's language: German and Japanese from the OS's language list (as
// Electron reports it), the whole main flow (onboarding, a paused busy queue, a finished batch
// with a failure, Settings) with a screenshot of each per locale, and a switch of language in
// Settings without a restart. The other locales on screen and the pseudo-locale at 200 % zoom
// are in languages-on-screen.test.ts (a file of their own, so two e2e files share the work).
// Real app service, real offline converter, built window, Debian Chromium.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_NAMES, type Locale } from '../../shared/i18n/languages.ts';
import { screenshotPath, startApp, setUpE2eWorld } from './support/app-harness.ts';
import { row } from './support/queue-page.ts';
import { convertWithAFailure, openSettings, wordsOf } from './support/language-flow.ts';

const world = setUpE2eWorld();

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
