// The queue after Convert, offline, as a person scans it: the rows speak of this computer
// (Queued / Converting / Saving, nothing about a server or downloads), refusals say what to
// do, the failed file sits on top and stays until dismissed, nothing offers a pause with
// nothing running, and the rows are compact. Real engine, real offline server, built window.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../electron/localserver/index.ts';
import type { InvokeHandlers } from '../../shared/ipc/dispatch.ts';
import { messageFor } from '../../shared/messages.ts';
import {
  copyFixtures,
  screenshotPath,
  startApp,
  useCloud,
  useOffline,
  setUpE2eWorld,
} from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';
import { recordPhases, row, seenPhases } from './support/queue-page.ts';

const world = setUpE2eWorld();
const KEY = 'ifc_e2e_rows_first_key_5151';
let cloud: LocalServer;

beforeAll(async () => {
  cloud = await startLocalServer({ tokens: 100, key: KEY });
});

afterAll(async () => {
  await cloud?.close();
});

/** Holds main's answers to Convert until the test lets each one go: what the window shows
 *  while main checks the files is then on screen for as long as the test looks. */
function holdStarts() {
  const held: (() => void)[] = [];
  let arrived: (() => void) | undefined;
  return {
    wrap: (handlers: InvokeHandlers): InvokeHandlers => ({
      ...handlers,
      'batch:start': async (input) => {
        await new Promise<void>((release) => {
          held.push(release);
          arrived?.();
        });
        return handlers['batch:start'](input);
      },
    }),
    /** Waits for a Convert to reach main, then lets it through. */
    async release() {
      if (held.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
      held.shift()!();
    },
  };
}

describe('the finished queue, offline', () => {
  it('talks like offline, pins the failure first, keeps it after Clear finished, and fits twice the rows', async () => {
    const userDataDir = join(world.home.path, 'userData-queue');
    const docs = join(world.home.path, 'Queue');
    const files = await copyFixtures(docs, [
      'memo.txt',
      'sales.csv',
      'invoice.pdf',
      'notes.md',
      'report.docx',
      'corrupt.pdf',
    ]);
    const archive = join(docs, 'photos.zip');
    // The local file header's signature: a .zip in name and in its first bytes.
    await writeFile(archive, Buffer.from('PK\u0003\u0004 not a whole archive'));
    const program = join(docs, 'setup.exe');
    await writeFile(program, Buffer.from('MZ not really a program'));

    const app = await startApp(world.browser, world.site.url, { userDataDir, prepare: useOffline });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    // Refusals say what to do: unzip the archive; which types this converter takes.
    await app.drop([...files, archive, program]);
    await page.getByTestId('staging').getByRole('heading', { name: 'Ready to convert: 6 files' }).waitFor();
    const skipped = page.getByTestId('skipped');
    await expect.poll(() => skipped.textContent()).toContain('2 files cannot be converted');
    const refusals = (await skipped.textContent()) ?? '';
    expect(refusals).toContain(`photos.zip: ${messageFor('archive_input')}`);
    expect(messageFor('archive_input')).toContain('Unzip it and drop the files inside');
    // The .exe: the refusal, then the types this (offline) converter takes, from its own list.
    expect(refusals).toContain(
      `setup.exe: ${messageFor('unsupported_format')} The converter you are using takes `,
    );
    expect(refusals).toMatch(/setup\.exe: .* takes [A-Z, ]*DOCX[A-Z, ]*PDF/);

    await recordPhases(page);
    await page.getByRole('button', { name: 'Convert 6 files' }).click();
    // A generous guard: six real conversions on a loaded 2-core machine.
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent(), {
        timeout: 120_000,
        message: 'the batch to finish: 5 done, 1 failed',
      })
      .toBe('6 files · 5 done · 1 failed');

    // Offline wording: never a server to wait for, never a download.
    const phases = await seenPhases(page);
    expect(phases).toContain('Done');
    expect(phases.some((phase) => /^(Queued|Converting|Saving)/.test(phase))).toBe(true);
    expect(phases.filter((phase) => /server|Uploading|Downloading/i.test(phase))).toEqual([]);

    // The failure is pinned first, says why, and offers no Retry (a retry cannot mend a file).
    const rows = page.getByTestId('job-row');
    const first = rows.first();
    await expect.poll(() => first.getAttribute('data-state')).toBe('failed');
    expect(await first.getByTestId('job-detail').textContent()).toBe(messageFor('corrupt_input'));
    const damaged = row(page, 'corrupt.pdf');
    expect(await damaged.getByRole('button', { name: /Retry/ }).count()).toBe(0);

    // The bar does not claim 100 % with a file failed; nothing runs, so no "Pause all".
    const overall = Number(await page.locator('#overall-progress').getAttribute('value'));
    expect(overall).toBeLessThan(100);
    expect(await page.getByRole('button', { name: 'Pause all' }).count()).toBe(0);

    // Compact rows: the figure is printed for the report and bounded for the future.
    const heights = await rows.evaluateAll((nodes) =>
      nodes.map((node) => node.getBoundingClientRect().height),
    );
    const viewport = await page.getByTestId('queue-scroll').evaluate((node) => node.clientHeight);
    const doneHeight = Math.max(...heights.slice(1));
    console.log(
      `queue rows: done ${doneHeight.toFixed(1)} px, failed ${heights[0]!.toFixed(1)} px, ` +
        `${(viewport / doneHeight).toFixed(1)} done rows per ${viewport} px of queue`,
    );
    expect(doneHeight).toBeLessThanOrEqual(64);

    await page.screenshot({ path: screenshotPath('finished-queue') });
    await expectNoSeriousA11yViolations(page, 'finished queue');

    // Clear finished keeps the failure: it needs its own dismiss.
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect
      .poll(() => page.getByTestId('batch-counts').textContent())
      .toBe('1 file · 0 done · 1 failed');
    expect(await rows.count()).toBe(1);
    await damaged.getByRole('button', { name: 'Remove corrupt.pdf from the list' }).click();
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();

    // History names the target plainly and lists the failure too, with its reason.
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByTestId('history-list');
    await history.waitFor();
    expect(await history.textContent()).toMatch(/Converted to [A-Z]+ from memo\.txt/);
    const failed = page.getByTestId('history-failed');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toContain('corrupt.pdf');
    expect(await failed.textContent()).toContain(messageFor('corrupt_input'));
    await page.screenshot({ path: screenshotPath('history-with-failure') });
    await expectNoSeriousA11yViolations(page, 'history with a failure');
    await app.close();
  });

  it('shows every file at once as "Checking the file…", then its job; a refused start puts them back', async () => {
    const docs = join(world.home.path, 'Rows first');
    const files = await copyFixtures(docs, ['memo.txt', 'sales.csv', 'notes.md']);
    const starts = holdStarts();
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'userData-rows-first'),
      handlers: starts.wrap,
      prepare: useCloud(cloud.url, KEY),
    });
    const { page } = app;
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor();
    await app.drop(files);
    const staging = page.getByTestId('staging');
    await staging.getByRole('heading', { name: 'Ready to convert: 3 files' }).waitFor();
    const counts = page.getByTestId('batch-counts');

    // The balance moves between the estimate and the start: main refuses the batch.
    await page.getByRole('button', { name: 'Convert 3 files' }).click();
    const checking = page.getByTestId('starting-row');
    await expect.poll(() => checking.count(), { message: 'three "Checking" rows' }).toBe(3);
    expect(await counts.textContent()).toBe('3 files · 3 being checked · 0 done');
    expect(await checking.allTextContents()).toEqual(
      ['memo.txt', 'sales.csv', 'notes.md'].map((name) => expect.stringContaining(name)),
    );
    expect(await checking.first().textContent()).toContain('Checking the file…');
    // Nothing can be done to a file main has not taken yet, and it is not in the list to set up.
    expect(await checking.getByRole('button').count()).toBe(0);
    expect(await staging.count()).toBe(0);
    await page.screenshot({ path: screenshotPath('queue-checking') });
    await expectNoSeriousA11yViolations(page, 'files being checked');
    cloud.setTokens(0);
    await starts.release();
    await page
      .getByRole('dialog')
      .getByRole('heading', { name: /Not enough tokens/ })
      .waitFor();
    expect(await checking.count()).toBe(0);
    expect(await page.getByTestId('queue').count()).toBe(0);
    // Back in the list, each with the target it had.
    await staging.getByRole('heading', { name: 'Ready to convert: 3 files' }).waitFor();
    expect(cloud.ledger.jobs).toHaveLength(0);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // With tokens again: the rows show at once and give way to the jobs.
    cloud.setTokens(100);
    await page.getByRole('button', { name: 'Convert 3 files' }).click();
    await expect.poll(() => checking.count(), { message: 'three "Checking" rows again' }).toBe(3);
    await starts.release();
    await expect
      .poll(() => counts.textContent(), { timeout: 120_000, message: 'the three files converted' })
      .toBe('3 files · 3 done');
    expect(await checking.count()).toBe(0);
    expect(await page.getByTestId('job-row').count()).toBe(3);
    expect(cloud.ledger.jobs).toHaveLength(3);
    await app.close();
  });
});
