// A new user with no key: tries it offline, drops three files and a folder, picks targets,
// watches the queue, finds the saved files, meets a failing file, cancels and retries, and
// finds the results again after a restart. Real engine, real offline server, built window.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageFor } from '../../shared/messages.ts';
import { copyFixtures, screenshotPath, startApp, useOffline, setUpE2eWorld } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { recordPhases, row, seenPhases } from './support/queue-page.ts';

const world = setUpE2eWorld();

describe('a new user, offline', () => {
  it('goes from onboarding to converted files, sees a failure plainly, and finds results after a restart', async () => {
    const userDataDir = join(world.home.path, 'userData');
    const docs = join(world.home.path, 'Documents');
    const [invoice, sales, memo] = await copyFixtures(docs, ['invoice.pdf', 'sales.csv', 'memo.txt']);
    const folder = join(docs, 'From the office');
    await copyFixtures(folder, ['notes.md', 'report.docx', 'encrypted.pdf', 'empty.pdf']);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'setup.exe'), Buffer.from('MZ not really a program'));

    const app = await startApp(world.browser, world.site.url, { userDataDir });
    const { page } = app;

    // Onboarding: no key yet, so the window offers a key or offline use, nothing else.
    await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'onboarding');
    await page.getByRole('button', { name: 'Try it offline on this computer' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await expect.poll(() => page.getByTestId('balance').textContent()).toContain('On this computer · free');
    await page.screenshot({ path: screenshotPath('empty-state') });

    // Three files and a folder: the folder expands; what cannot be converted is listed with why.
    await app.drop([invoice!, sales!, memo!, folder]);
    const staging = page.getByTestId('staging');
    await staging.getByRole('heading', { name: 'Ready to convert: 6 files' }).waitFor();
    const skipped = page.getByTestId('skipped');
    await expect.poll(() => skipped.textContent()).toContain('2 files cannot be converted');
    expect(await skipped.textContent()).toContain(`empty.pdf: ${messageFor('file_empty')}`);
    expect(await skipped.textContent()).toContain('setup.exe');

    // One choice per source type, offering only what the endpoint converts that type to (so
    // it never claims files that cannot take it); one file is overridden.
    const groups = await page.getByTestId('group-target').locator('label').allTextContents();
    expect(groups).toEqual([
      'PDF files to',
      'CSV table (.csv) file to',
      'Plain text (.txt) file to',
      'Markdown (.md) file to',
      'Word document (.docx) file to',
    ]);
    const pdfs = page.getByLabel('PDF files to');
    const offered = await pdfs
      .locator('option:not([disabled])')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(offered).toContain('txt');
    await pdfs.selectOption('txt');
    await page.getByLabel('Word document (.docx) file to').selectOption('txt');
    await page.getByLabel('Convert sales.csv to').selectOption('json');
    const salesTargets = await page
      .getByLabel('Convert sales.csv to')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(salesTargets).toEqual(['xlsx', 'json']);
    await expect
      .poll(() => page.getByTestId('estimate').textContent())
      .toBe('Free: converted on this computer.');

    await recordPhases(page);
    await page.getByRole('button', { name: 'Convert 6 files' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 30_000 })
      .toBe('6 files · 5 done · 1 failed');
    // On this computer nothing is charged: no tokens on the rows or in the queue's header.
    expect(await page.getByTestId('job-tokens').count()).toBe(0);
    expect(await page.getByTestId('batch-tokens').count()).toBe(0);

    // Progress was visible on the way (phases other than the final ones were shown).
    const phases = await seenPhases(page);
    expect(phases).toContain('Done');
    expect(phases.some((phase) => /^(Queued|Converting|Saving)/.test(phase))).toBe(true);

    // Saved where expected (next to each source, the target's extension), shown in the row.
    const invoiceRow = row(page, 'invoice.pdf');
    const invoiceOut = join(docs, 'invoice.txt');
    expect(await invoiceRow.getByTestId('job-output').textContent()).toBe(
      'Saved as invoice.txt in Documents',
    );
    expect(await invoiceRow.getByTestId('job-output-folder').getAttribute('title')).toBe(docs);
    expect(existsSync(invoiceOut)).toBe(true);
    expect(existsSync(join(docs, 'sales.json'))).toBe(true);
    expect(existsSync(join(folder, 'notes.html'))).toBe(true);
    expect(await row(page, 'sales.csv').getByTestId('job-output').textContent()).toBe(
      'Saved as sales.json in Documents',
    );
    expect(await row(page, 'notes.md').getByTestId('job-output').textContent()).toBe(
      'Saved as notes.html in From the office',
    );

    // The failing file says what happened and what to do, in one sentence.
    const locked = row(page, 'encrypted.pdf');
    expect(await locked.getByTestId('job-phase').textContent()).toBe('Failed');
    expect(await locked.getByTestId('job-detail').textContent()).toBe(messageFor('encrypted_input'));
    await page.screenshot({ path: screenshotPath('finished-batch') });
    await expectNoSeriousA11yViolations(page, 'finished batch');

    // "Show in folder" and "Open" reach the desktop with the saved path.
    await invoiceRow.getByRole('button', { name: 'Show in folder for invoice.pdf' }).click();
    await invoiceRow.getByRole('button', { name: 'Open the converted invoice.pdf' }).click();
    await expect.poll(() => app.recorded.shown).toEqual([invoiceOut]);
    await expect.poll(() => app.recorded.opened).toEqual([invoiceOut]);

    // A done row can be dragged out of the window (main starts the OS file drag).
    const jobNamed = async (name: string) => {
      const snapshot = await app.service.handlers['app:snapshot']({});
      return snapshot.ok ? snapshot.value.jobs.find((job) => job.sourceName === name) : undefined;
    };
    const invoiceJob = await jobNamed('invoice.pdf');
    expect(await invoiceRow.getAttribute('draggable')).toBe('true');
    expect(await locked.getAttribute('draggable')).toBe('false');
    await invoiceRow.dispatchEvent('dragstart');
    await expect.poll(() => app.recorded.drags).toEqual([{ jobId: invoiceJob?.id }]);

    // Retry the failed file: it is sent again and fails again for the same plain reason.
    const failedAt = (await jobNamed('encrypted.pdf'))?.updatedAt ?? 0;
    await locked.getByRole('button', { name: 'Retry encrypted.pdf' }).click();
    await expect
      .poll(async () => {
        const job = await jobNamed('encrypted.pdf');
        return job && job.updatedAt > failedAt && job.state;
      })
      .toBe('failed');
    await expect.poll(() => locked.getByTestId('job-phase').textContent()).toBe('Failed');
    expect(await locked.getByTestId('job-detail').textContent()).toBe(messageFor('encrypted_input'));

    // The balance and the batch notification: one notice for the batch, not one per file.
    expect(app.recorded.notices.length).toBeGreaterThanOrEqual(1);

    // Clear finished keeps the failed file (it needs its own dismiss); dismissing it empties
    // the queue and the drop zone is back.
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent())
      .toBe('1 file · 0 done · 1 failed');
    await locked.getByRole('button', { name: 'Remove encrypted.pdf from the list' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await app.close();

    // After a restart, the recent results are still there.
    const again = await startApp(world.browser, world.site.url, { userDataDir });
    await again.page.getByRole('button', { name: 'History' }).click();
    const history = again.page.getByTestId('history-list');
    await history.waitFor();
    const text = await history.textContent();
    for (const name of ['invoice.txt', 'sales.json', 'memo.pdf', 'notes.html', 'report.txt']) {
      expect(text).toContain(name);
    }
    await again.page.getByRole('button', { name: 'Show in folder for invoice.txt' }).click();
    await expect.poll(() => again.recorded.shown).toEqual([invoiceOut]);
    await again.close();
  });

  it('cancels a waiting file and retries it, with the queue paused and resumed', async () => {
    const userDataDir = join(world.home.path, 'userData-cancel');
    const docs = join(world.home.path, 'Cancel');
    const [memo, ...files] = await copyFixtures(docs, [
      'memo.txt',
      'invoice.docx',
      'report.docx',
      'scan.png',
    ]);
    const app = await startApp(world.browser, world.site.url, { userDataDir, prepare: useOffline });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    // A file handed over by the tray or "Open with" arrives staged, waiting for a target.
    await app.service.stageExternal([memo!]);
    await page.getByRole('heading', { name: 'Ready to convert: 1 file' }).waitFor();
    await page.getByRole('button', { name: 'Convert 1 file' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 15_000 })
      .toBe('1 file · 1 done');

    // Nothing runs, so the window offers no "Pause all"; the tray's Pause still holds new
    // files in the queue: long enough to cancel one for sure.
    expect(await page.getByRole('button', { name: 'Pause all' }).count()).toBe(0);
    expect((await app.service.handlers['queue:pause']({})).ok).toBe(true);
    app.chooseFiles(files);
    await page.getByRole('button', { name: 'Browse…' }).click();
    await page.getByRole('heading', { name: 'Ready to convert: 3 files' }).waitFor();
    await page.getByLabel('Convert scan.png to').selectOption('webp');
    await page.getByRole('button', { name: 'Convert 3 files' }).click();
    await page.getByRole('heading', { name: 'Queue (paused)' }).waitFor();
    const scan = row(page, 'scan.png');
    await expect.poll(() => scan.getByTestId('job-phase').textContent()).toBe('Paused');

    await scan.getByRole('button', { name: 'Cancel scan.png' }).click();
    await expect.poll(() => scan.getByTestId('job-phase').textContent()).toBe('Cancelled');
    await scan.getByRole('button', { name: 'Retry scan.png' }).click();
    await expect.poll(() => scan.getByTestId('job-phase').textContent()).toMatch(/^(Queued|Paused)$/);

    await page.getByRole('button', { name: 'Resume all' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), { timeout: 30_000 })
      .toBe('4 files · 4 done');
    expect(existsSync(join(docs, 'scan.webp'))).toBe(true);
    expect(existsSync(join(docs, 'report.html'))).toBe(true);
    await app.close();
  });
});
