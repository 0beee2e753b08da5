// A person sets up a watch folder in Settings (the folder comes from main's picker), saves an
// invoice into it, and finds the converted file in the queue with where it was saved; then
// edits, pauses and removes the folder, by the same buttons a keyboard reaches. Real engine,
// real offline server, built window.
import { existsSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright';
import { describe, expect, it } from 'vitest';
import { copyFixtures, screenshotPath, startApp, useOffline, setUpE2eWorld } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { focusIsVisible, tabTo } from './support/keyboard.ts';
import { row } from './support/queue-page.ts';

/** Controls in `area` that stick out of the dialog on the right. */
function overflowing(area: Locator): Promise<string[]> {
  return area.evaluate((root) => {
    const edge = root.closest('dialog')!.getBoundingClientRect().right;
    return [...root.querySelectorAll('button, select, input, .path, .watch-meta')]
      .filter((element) => element.getBoundingClientRect().right > edge + 1)
      .map((element) => element.textContent?.slice(0, 30) ?? element.tagName);
  });
}

const world = setUpE2eWorld();

describe('watch folders', () => {
  it('adds a watch folder in Settings and shows what arrives in it converted in the queue', async () => {
    const root = await realpath(world.home.path);
    const scans = join(root, 'Scans');
    await mkdir(scans);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(root, 'userData'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    // Add: the folder first (main's picker), then what to make and what happens to originals.
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Watch folders' }).click();
    const section = settings.getByTestId('watch-folders');
    await expect.poll(() => section.textContent()).toContain('No folder is watched.');
    app.chooseFolder(scans);
    await section.getByRole('button', { name: 'Add folder…' }).click();
    await section.getByLabel('Convert to', { exact: true }).selectOption('xlsx');
    await section.getByLabel('Files to convert').selectOption('pdf');
    await section.getByLabel('After a file is converted').selectOption('move');
    await section.getByRole('button', { name: 'Start watching' }).click();
    const watched = section.getByTestId('watch-row');
    await expect.poll(() => watched.getByTestId('watch-state').textContent()).toBe('Watching');
    expect(await watched.textContent()).toContain('PDF → XLSX · Originals moved to "Converted"');
    expect(await watched.textContent()).toContain(scans);
    await expect.poll(() => section.getByTestId('watch-status').textContent()).toBe('Watching Scans.');
    // Focus lands on the new folder's own controls, not back at the top of the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Edit watch folder Scans');
    await page.screenshot({ path: screenshotPath('watch-folders-settings') });
    await expectNoSeriousA11yViolations(page, 'settings with a watch folder');
    await settings.getByRole('button', { name: 'Done' }).click();
    await settings.waitFor({ state: 'hidden' });

    // An invoice saved into the folder shows up in the queue, converted, with where it went.
    await copyFixtures(scans, ['invoice.pdf']);
    const invoice = row(page, 'invoice.pdf');
    await expect.poll(() => invoice.getByTestId('job-phase').textContent(), { timeout: 20_000 }).toBe('Done');
    expect(await invoice.getByTestId('job-output').textContent()).toBe('Saved as invoice.xlsx in Scans');
    expect(await invoice.getByTestId('job-output-folder').getAttribute('title')).toBe(scans);
    expect(existsSync(join(scans, 'invoice.xlsx'))).toBe(true);
    await page.screenshot({ path: screenshotPath('watch-folders') });
    // "Move" put the original into the watched folder's Converted folder once it was saved.
    await expect.poll(() => existsSync(join(scans, 'Converted', 'invoice.pdf'))).toBe(true);
    // And it is one of the recent results.
    await page.getByRole('button', { name: 'History' }).click();
    const recent = page.getByRole('dialog', { name: 'Recent results' });
    await expect.poll(() => recent.getByTestId('history-list').textContent()).toContain('invoice.xlsx');
    await recent.getByRole('button', { name: 'Close' }).click();

    // Edit: a new target; the row keeps its place and its Edit button keeps the focus.
    // Settings opens again on the section it showed last.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => watched.textContent()).toContain('1 file converted');
    await watched.getByRole('button', { name: 'Edit watch folder Scans' }).click();
    await watched.getByLabel('Convert to', { exact: true }).selectOption('txt');
    await page.screenshot({ path: screenshotPath('watch-folders-edit') });
    await expectNoSeriousA11yViolations(page, 'editing a watch folder');
    // At 200 % zoom (a 500 px wide page) the row and its form still fit the dialog.
    await page.setViewportSize({ width: 500, height: 360 });
    expect(await overflowing(section)).toEqual([]);
    await page.setViewportSize({ width: 1000, height: 720 });
    await watched.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => watched.textContent()).toContain('PDF → TXT');
    await expect
      .poll(() => section.getByTestId('watch-status').textContent())
      .toBe('Saved the watch folder Scans.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Edit watch folder Scans');

    // With the keyboard alone: pause and resume, then remove after saying yes.
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Pause watching Scans');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => watched.getByTestId('watch-state').textContent()).toBe('Paused');
    expect(await focused()).toBe('Resume watching Scans');
    await page.keyboard.press('Enter');
    await expect.poll(() => watched.getByTestId('watch-state').textContent()).toBe('Watching');
    const remove = watched.getByRole('button', { name: 'Remove watch folder Scans' });
    await tabTo(page, remove);
    await page.keyboard.press('Enter');
    const question = watched.getByRole('group', { name: 'Stop watching Scans?' });
    await question.waitFor();
    expect(await focused()).toBe('Stop watching');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Keep watching');
    await page.keyboard.press('Enter');
    await question.waitFor({ state: 'hidden' });
    expect(await focused()).toBe('Remove watch folder Scans');
    await page.keyboard.press('Enter');
    await question.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => section.textContent()).toContain('No folder is watched.');
    await expect
      .poll(() => section.getByTestId('watch-status').textContent())
      .toBe('Stopped watching Scans.');
    expect(await focused()).toBe('Add folder…');
    const listed = await app.service.handlers['watch:list']({});
    expect(listed).toEqual({ ok: true, value: [] });
    await app.close();
  });
});
