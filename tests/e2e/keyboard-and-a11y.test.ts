// The window for people who use a keyboard, a screen reader, dark mode or 200 % zoom, and
// for batches of thousands of files. Real engine and offline server behind the built page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../shared/jobs.ts';
import { messageFor } from '../../shared/messages.ts';
import { copyFixtures, screenshotPath, startApp, useOffline, setUpE2eWorld } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { focusIsVisible, tabTo } from './support/keyboard.ts';
import { row } from './support/queue-page.ts';

const world = setUpE2eWorld();

/** Nothing sticks out sideways: no horizontal scrolling of the page or of any row. */
async function fitsWidth(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width)
      problems.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const element of document.querySelectorAll('button, select, input, .job-name, .path, h1, h2')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1)
        problems.push(`${element.textContent?.slice(0, 30)} ends at ${box.right}`);
    }
    return problems;
  });
}

describe('the window without a mouse', () => {
  it('is fully usable with the keyboard, shows focus, and announces progress politely', async () => {
    const docs = join(world.home.path, 'Keyboard');
    const files = await copyFixtures(docs, ['invoice.pdf', 'sales.csv']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-keys'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    app.chooseFiles(files);

    await tabTo(page, page.getByRole('button', { name: 'Browse…' }));
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ready to convert: 2 files' }).waitFor();
    // Back from the dialog, focus is on Convert (not the page): the next thing to do.
    const convert = page.getByRole('button', { name: 'Convert 2 files' });
    await expect
      .poll(() => convert.evaluate((element) => element === document.activeElement), { timeout: 20_000 })
      .toBe(true);

    const pdfs = page.getByLabel('PDF file to');
    await tabTo(page, pdfs);
    expect(await focusIsVisible(page)).toBe(true);
    expect(await pdfs.inputValue()).toBe('txt');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => pdfs.inputValue()).toBe('xlsx');

    await tabTo(page, convert);
    await page.keyboard.press('Enter');
    // After Convert, focus moves on to the queue's heading.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 20_000 })
      .toBe('queue-title');
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 20_000 })
      .toBe('2 files · 2 done');
    expect(existsSync(join(docs, 'invoice.xlsx'))).toBe(true);
    expect(existsSync(join(docs, 'sales.xlsx'))).toBe(true);

    // Status changes go to a polite live region (read after what the reader is saying).
    const announcer = page.getByTestId('announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await expect
      .poll(() => announcer.textContent())
      .toMatch(/^(Batch finished: 2 files converted\.|2 files done\.)$/);

    const show = row(page, 'invoice.pdf').getByRole('button', { name: 'Show in folder for invoice.pdf' });
    await tabTo(page, show);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => app.recorded.shown).toEqual([join(docs, 'invoice.xlsx')]);

    // Settings open and close from the keyboard; focus comes back to where it was.
    const settingsButton = page.getByRole('button', { name: 'Settings' });
    await tabTo(page, settingsButton);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await settingsButton.evaluate((element) => element === document.activeElement)).toBe(true);
    await app.close();
  });
});

describe('the window for every eye', () => {
  it('follows dark mode, passes an accessibility scan, and fits at 200 % zoom', async () => {
    const docs = join(world.home.path, 'Dark');
    const files = await copyFixtures(docs, ['report.pdf', 'encrypted.pdf', 'notes.md', 'sales.xlsx']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-dark'),
      colorScheme: 'dark',
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    // The OS said dark; the page follows it without a setting.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 17, 22)');
    // Motion follows the OS as well: with reduced motion (as these tests run) the spinner and
    // the sliding bar stand still; with no preference they move. The app's own stylesheet
    // decides, on an indeterminate bar and a spinning icon put on the page.
    const motion = () =>
      page.evaluate(() => {
        const bar = document.createElement('progress');
        const icon = document.createElement('span');
        icon.className = 'spin';
        document.body.append(bar, icon);
        const names = [getComputedStyle(bar).animationName, getComputedStyle(icon).animationName];
        bar.remove();
        icon.remove();
        return names;
      });
    expect(await motion()).toEqual(['none', 'none']);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await motion()).toEqual(['slide', 'spin']);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await expectNoSeriousA11yViolations(page, 'empty state, dark');

    await app.drop(files);
    await page.getByRole('heading', { name: 'Ready to convert: 4 files' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'files ready to convert, dark');
    await page.getByRole('button', { name: 'Convert 4 files' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 30_000 })
      .toBe('4 files · 3 done · 1 failed');
    expect(await row(page, 'encrypted.pdf').getByTestId('job-detail').textContent()).toBe(
      messageFor('encrypted_input'),
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('dark-mode') });
    await expectNoSeriousA11yViolations(page, 'finished batch, dark');

    // 200 % zoom of a 1000 x 720 window is a 500 x 360 CSS-pixel page.
    await page.setViewportSize({ width: 500, height: 360 });
    expect(await fitsWidth(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('zoom-200-queue'), fullPage: true });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    expect(await fitsWidth(page)).toEqual([]);
    await expectNoSeriousA11yViolations(page, 'settings at 200 %');
    await page.keyboard.press('Escape');
    await app.close();
  });

  it('fits onboarding at 200 % zoom and passes the scan there', async () => {
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-zoom'),
      viewport: { width: 500, height: 360 },
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).waitFor();
    expect(await fitsWidth(page)).toEqual([]);
    await expectNoSeriousA11yViolations(page, 'onboarding at 200 %');
    await app.close();
  });
});

describe('a queue of thousands', () => {
  it('renders only the visible rows and takes bursts of events in stride', async () => {
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'ud-many'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    // Display-only jobs pushed the way main pushes them: batched events, some out of order.
    const now = Date.now();
    const make = (index: number, patch: Partial<JobView> = {}): JobView => ({
      id: `many-${index}`,
      batchId: 'many',
      source: `/home/ana/Scans/page-${String(index).padStart(4, '0')}.png`,
      sourceName: `page-${String(index).padStart(4, '0')}.png`,
      bytes: 84_799,
      from: 'png',
      to: 'jpg',
      state: 'queued',
      progress: 0,
      createdAt: now,
      updatedAt: now,
      ...patch,
    });
    const total = 5_000;
    for (let first = 0; first < total; first += 500) {
      const jobs = Array.from({ length: 500 }, (_, offset) => make(first + offset));
      await app.emit('jobs:changed', { jobs, removed: [] });
    }
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent())
      .toBe('5,000 files · 0 done · 5,000 waiting');
    const rendered = await page.getByTestId('job-row').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(40);

    // A burst of progress for every row, then an older event arriving late for the first one.
    await app.emit('jobs:changed', {
      jobs: Array.from({ length: total }, (_, index) =>
        make(index, {
          state: 'completed',
          progress: 1,
          output: `/home/ana/Scans/page-${index}.jpg`,
          updatedAt: now + 10,
        }),
      ),
      removed: [],
    });
    await app.emit('jobs:changed', {
      jobs: [make(0, { state: 'uploading', progress: 0.5, updatedAt: now + 5 })],
      removed: [],
    });
    await expect.poll(() => page.getByTestId('batch-counts').textContent()).toBe('5,000 files · 5,000 done');
    expect(await row(page, 'page-0000.png').getByTestId('job-phase').textContent()).toBe('Done');

    // Scrolling to the end shows the last file; still only a window of rows exists.
    await page.getByTestId('queue-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await row(page, 'page-4999.png').waitFor();
    expect(await page.getByTestId('job-row').count()).toBeLessThan(40);
    await app.close();
  });
});
