// A person turns on "Add invoices to the ledger" for a watch folder, saves an invoice into it,
// finds it in the Invoices view, corrects the seller, restarts the app and still sees the
// correction, then exports the ledger to a workbook that another library (jszip) reads.
// Real engine, real offline server, real SQLite ledger, built window in Chromium.
import { existsSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sheetCells } from '../support/xlsx-cells.ts';
import { copyFixtures, screenshotPath, setUpE2eWorld, startApp, useOffline } from './support/app-harness.ts';
import { row } from './support/queue-page.ts';

const world = setUpE2eWorld();

describe('invoices', () => {
  it('lists an invoice from a watch folder, keeps a correction across a restart, exports it', async () => {
    const root = await realpath(world.home.path);
    const inbox = join(root, 'Invoices');
    await mkdir(inbox);
    const userDataDir = join(root, 'userData');
    let app = await startApp(world.browser, world.site.url, { userDataDir, prepare: useOffline });
    let page = app.page;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Watch folders' }).click();
    const section = settings.getByTestId('watch-folders');
    app.chooseFolder(inbox);
    await section.getByRole('button', { name: 'Add folder…' }).click();
    await section.getByLabel('Convert to', { exact: true }).selectOption('xlsx');
    await section.getByLabel('Add invoices to the ledger').check();
    await section.getByRole('button', { name: 'Start watching' }).click();
    await expect
      .poll(() => section.getByTestId('watch-row').getByTestId('watch-state').textContent())
      .toBe('Watching');
    await settings.getByRole('tab', { name: 'Invoice ledger' }).click();
    await settings.getByRole('heading', { name: 'Invoice ledger' }).waitFor();
    await settings.getByRole('button', { name: 'Done' }).click();

    await copyFixtures(inbox, ['invoice.pdf']);
    // Converted first (the queue says so), then read into the ledger.
    const job = row(page, 'invoice.pdf');
    await expect.poll(() => job.getByTestId('job-phase').textContent(), { timeout: 60_000 }).toBe('Done');
    await page.getByRole('button', { name: 'Invoices' }).click();
    const view = page.getByRole('dialog', { name: 'Invoices' });

    const table = view.getByTestId('invoices-table');
    await expect
      .poll(
        async () => {
          await view.getByRole('button', { name: 'Refresh' }).click();
          return (await table.count()) > 0 ? table.textContent() : '';
        },
        { timeout: 60_000, message: 'the watched invoice in the Invoices view' },
      )
      .toContain('INV-2026-0042');
    expect(await table.textContent()).toContain('1,582.86');
    expect(await table.textContent()).toContain('Total GBP (1)');

    await view.getByRole('button', { name: 'Northwind Office Supplies Ltd' }).click();
    // Beside the fields: the source PDF's first page, rendered in main.
    const sheet = view.getByRole('img', { name: 'First page of invoice.pdf' });
    await sheet.waitFor();
    expect(await sheet.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBe(900);
    await view.getByLabel('Seller', { exact: true }).fill('Northwind Supplies');
    await view.getByRole('button', { name: 'Save Seller', exact: true }).click();
    await expect.poll(() => table.textContent()).toContain('Northwind Supplies');
    expect(await table.textContent()).toContain('(corrected)');
    await page.screenshot({ path: screenshotPath('invoices') });
    await app.close();

    app = await startApp(world.browser, world.site.url, { userDataDir });
    page = app.page;
    await page.getByRole('button', { name: 'Invoices' }).click();
    const again = page.getByRole('dialog', { name: 'Invoices' }).getByTestId('invoices-table');
    await expect
      .poll(async () => ((await again.count()) > 0 ? again.textContent() : ''))
      .toContain('Northwind Supplies');
    expect(await again.textContent()).toContain('(corrected)');

    const exported = join(root, 'invoices.xlsx');
    app.chooseSaveFile(exported);
    await page.getByRole('button', { name: 'Export workbook' }).click();
    await expect.poll(() => existsSync(exported), { message: 'the exported workbook' }).toBe(true);
    const rows = await sheetCells(exported, 'Invoices');
    const header = rows[0]!;
    expect(rows[1]![header.indexOf('Seller')]).toBe('Northwind Supplies');
    expect(rows[1]![header.indexOf('Invoice number')]).toBe('INV-2026-0042');
    expect(Number(rows[1]![header.indexOf('Gross')])).toBe(1582.86);
    expect(await sheetCells(exported, 'Lines')).toHaveLength(6);
    await app.close();
  });
});
