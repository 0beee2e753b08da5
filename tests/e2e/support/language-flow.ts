// The window's main flow in one language, shared by the language e2e files: what the window
// should say in a locale, a batch converted with one failure, and Settings opened.
import type { Page } from 'playwright';
import { expect } from 'vitest';
import type { UiLocale } from '../../../shared/i18n/languages.ts';
import { intlFor, type MessageId } from '../../../shared/i18n/translate.ts';
import { copyFixtures, screenshotPath, type startApp } from './app-harness.ts';
import { row } from './queue-page.ts';

/** What the window should say in `locale` (the catalogues are checked by tests/unit/i18n). */
export function wordsOf(locale: UiLocale) {
  const intl = intlFor(locale);
  return (id: MessageId, values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values) as string;
}

export const FILES = ['invoice.pdf', 'sales.csv', 'memo.txt', 'encrypted.pdf'];

/** Drops the files, converts them with the queue paused first (a busy queue to look at),
 *  then resumed, and waits for "4 files · 3 done · 1 failed" in the window's words. */
export async function convertWithAFailure(
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
  await threeDoneOneFailed(page, locale);
}

/** Waits for the header's "4 files · 3 done · 1 failed" in `locale`'s words. */
export async function threeDoneOneFailed(page: Page, locale: UiLocale): Promise<void> {
  const say = wordsOf(locale);
  const counts = [
    say('app.files', { count: 4 }),
    say('app.queue.done', { count: 3 }),
    say('app.queue.failed', { count: 1 }),
  ];
  await expect
    .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 30_000 })
    .toBe(counts.join(' · '));
}

export async function openSettings(page: Page, locale: UiLocale) {
  const say = wordsOf(locale);
  await page.getByRole('button', { name: say('app.settings'), exact: true }).click();
  const dialog = page.getByRole('dialog', { name: say('settings.title') });
  await dialog.waitFor();
  return dialog;
}
