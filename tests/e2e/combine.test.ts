// Combine into one PDF from the window: three mixed files dropped, put in another order with
// the keyboard and by dragging, named, saved where the person chose; another library (pdf.js)
// reads the pages and the bookmarks back in that order. A damaged PDF among the parts stops
// the combine with its own sentence and the file's name, and nothing is written.
// Real engine, real offline server, built window in Chromium.
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { messageFor } from '../../shared/messages.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { copyFixtures, screenshotPath, setUpE2eWorld, startApp, useOffline } from './support/app-harness.ts';

const world = setUpE2eWorld();

async function readBack(path: string) {
  const task = pdfjs.getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0 });
  const doc = await task.promise;
  const bookmarks: { title: string; page: number }[] = [];
  for (const item of (await doc.getOutline()) ?? []) {
    const dest = Array.isArray(item.dest) ? item.dest : await doc.getDestination(String(item.dest));
    bookmarks.push({ title: item.title, page: await doc.getPageIndex(dest![0]) });
  }
  const texts: string[] = [];
  for (let number = 1; number <= doc.numPages; number += 1) {
    const content = await (await doc.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await task.destroy();
  return { bookmarks, texts };
}

describe('combine into one PDF', () => {
  it('joins three files in the order set by keyboard and drag, named and saved where chosen', async () => {
    const root = await realpath(world.home.path);
    const [invoice, memo, scan] = await copyFixtures(root, ['invoice.pdf', 'memo.txt', 'scan.png']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(root, 'userData'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await app.drop([invoice!, memo!, scan!]);
    await page.getByRole('button', { name: 'Combine into one PDF…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Combine into one PDF' });
    const order = () =>
      dialog
        .getByTestId('combine-list')
        .locator('.combine-name')
        .evaluateAll((names) => names.map((name) => name.textContent));
    expect(await order()).toEqual(['invoice.pdf', 'memo.txt', 'scan.png']);

    // The keyboard's way: Move up on memo.txt, focused and pressed with Enter.
    await dialog.getByRole('button', { name: 'Move memo.txt up' }).focus();
    await page.keyboard.press('Enter');
    expect(await order()).toEqual(['memo.txt', 'invoice.pdf', 'scan.png']);
    // And a drag: scan.png onto the first row.
    await dialog
      .locator('.combine-row', { hasText: 'scan.png' })
      .dragTo(dialog.locator('.combine-row', { hasText: 'memo.txt' }));
    expect(await order()).toEqual(['scan.png', 'memo.txt', 'invoice.pdf']);

    await dialog.getByLabel('Name of the PDF').fill('Quarter 3');
    expect(await dialog.textContent()).toContain('Saved as Quarter 3.pdf');
    await expectNoSeriousA11yViolations(page, 'combine dialog');
    await page.screenshot({ path: screenshotPath('combine-dialog') });

    const target = join(root, 'Quarter 3.pdf');
    app.chooseSaveFile(target);
    await dialog.getByRole('button', { name: 'Combine 3 files…' }).click();
    await expect
      .poll(() => dialog.getByRole('status').textContent(), {
        timeout: 60_000,
        message: 'the combine to end',
      })
      .toBe('Saved Quarter 3.pdf: 3 pages from 3 files.');
    const merged = await readBack(target);
    expect(merged.bookmarks).toEqual([
      { title: 'scan.png', page: 0 },
      { title: 'memo.txt', page: 1 },
      { title: 'invoice.pdf', page: 2 },
    ]);
    expect(merged.texts[1]).toContain('Plain text memo.');
    expect(merged.texts[2]).toContain('Northwind Office Supplies Ltd');

    // Show in folder names the combined file; the parts left the staged list and the queue.
    await dialog.getByRole('button', { name: 'Show in folder' }).click();
    expect(app.recorded.shown.at(-1)).toBe(target);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    expect(await page.getByTestId('staging').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="job-row"]').count()).toBe(0);
    // The parts were a means: no notification and no History entry of their own.
    expect(app.recorded.notices).toEqual([]);
    const snapshot = await app.service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.history).toEqual([]);
    await app.close();
  });

  it('stops at a damaged PDF with its sentence and the file name, and writes nothing', async () => {
    const root = await realpath(world.home.path);
    const [memo, corrupt] = await copyFixtures(root, ['memo.txt', 'corrupt.pdf']);
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(root, 'userData-2'),
      prepare: useOffline,
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await app.drop([memo!, corrupt!]);
    await page.getByRole('button', { name: 'Combine into one PDF…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Combine into one PDF' });
    const target = join(root, 'Combined.pdf');
    app.chooseSaveFile(target);
    await dialog.getByRole('button', { name: 'Combine 2 files…' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: 60_000, message: 'the refusal' })
      .toBe(`corrupt.pdf: ${messageFor('corrupt_input')}`);
    expect(existsSync(target)).toBe(false);
    await app.close();
  });
});
