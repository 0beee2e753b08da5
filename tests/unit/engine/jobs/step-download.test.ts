// The download step on its own: a result the real local server finished, fetched over HTTP on
// a ManualClock shared with the server, checked, and put in place under the source's name
// with the new extension: a result that opens as its type (the rows are read back and
// summed), a name already taken, a CJK/emoji name, an output folder removed since the job
// began, a cut transfer fetched again, a damaged result and an expired one never, and a stop
// that leaves no temp file behind.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import { downloadStep, partPathFor } from '../../../../electron/engine/jobs/step-download.ts';
import { pollStep } from '../../../../electron/engine/jobs/step-poll.ts';
import { uploadStep } from '../../../../electron/engine/jobs/step-upload.ts';
import type { LocalServerOptions } from '../../../../electron/localserver/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { FIXTURES } from '../../../support/fixtures.ts';
import { type StepRig, serverDone, stepRig } from '../../../support/step-rig.ts';

let rig: StepRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const downloads = (r: StepRig) => r.server.requests.filter((entry) => entry.origin === 'download');

async function open(server: LocalServerOptions = {}): Promise<{ r: StepRig; clock: ManualClock }> {
  const clock = new ManualClock();
  rig = await stepRig({ clock, server });
  return { r: rig, clock };
}

/** Uploads `job`, waits (in real time: the conversion runs in real time) for the server to
 *  finish it, then lets the poll step find that out. */
async function finished(r: StepRig, clock: ManualClock, job: JobRecord): Promise<void> {
  const runtime = r.runtime();
  await clock.runUntil(uploadStep(r.ctx, job, runtime));
  await serverDone(r, job);
  await clock.runUntil(pollStep(r.ctx, job, runtime));
  expect(job.error).toBeUndefined();
  expect(job.state).toBe('downloading');
}

/** The revenue column of the fixture, as a person would add it up. */
async function csvRevenue(): Promise<number> {
  const lines = (await readFile(join(FIXTURES, 'sales.csv'), 'utf8')).trim().split('\n').slice(1);
  return lines.reduce((sum, line) => sum + Number(line.split(',').at(-1)), 0);
}

const jsonRevenue = async (path: string) =>
  (JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>[]).reduce(
    (sum, row) => sum + Number(row.revenue),
    0,
  );

describe('the download step', () => {
  it('puts the result next to its source under the new extension, and it reads as the data it came from', async () => {
    const { r, clock } = await open();
    const job = await r.job('sales.csv', 'json');
    await finished(r, clock, job);
    await clock.runUntil(downloadStep(r.ctx, job, r.runtime()));
    expect(job.state).toBe('completed');
    expect(job.output).toBe(join(r.inDir, 'sales.json'));
    expect(await jsonRevenue(job.output!)).toBeCloseTo(await csvRevenue(), 2);
    expect(job.partPath).toBeUndefined();
    expect(job.placing).toBeUndefined();
    expect((await readdir(r.inDir)).sort()).toEqual(['sales.csv', 'sales.json']); // no temp file left
  });

  it('does not overwrite a result of the same name unless told to', async () => {
    const { r, clock } = await open();
    await writeFile(join(r.inDir, '請求書 🧾.json'), 'mine');
    const renamed = await r.job('sales.csv', 'json', {}, '請求書 🧾.csv');
    await finished(r, clock, renamed);
    await clock.runUntil(downloadStep(r.ctx, renamed, r.runtime()));
    expect(renamed.output).toBe(join(r.inDir, '請求書 🧾 (1).json'));
    expect(await readFile(join(r.inDir, '請求書 🧾.json'), 'utf8')).toBe('mine');

    const over = await r.job('sales.csv', 'json', { conflict: 'overwrite', id: 'over' }, '請求書 🧾.csv');
    await finished(r, clock, over);
    await clock.runUntil(downloadStep(r.ctx, over, r.runtime()));
    expect(over.output).toBe(join(r.inDir, '請求書 🧾.json'));
    expect(await jsonRevenue(over.output!)).toBeCloseTo(await csvRevenue(), 2);
  });

  it('makes the output folder again when it was removed since the job began', async () => {
    const { r, clock } = await open();
    const outDir = join(r.dir, 'out', 'march');
    await mkdir(outDir, { recursive: true });
    const job = await r.job('sales.csv', 'json', { outDir });
    await finished(r, clock, job);
    await rm(join(r.dir, 'out'), { recursive: true });
    await clock.runUntil(downloadStep(r.ctx, job, r.runtime()));
    expect(job.state).toBe('completed');
    expect(job.output).toBe(join(outDir, 'sales.json'));
  });

  it('fetches a transfer cut halfway again, after the backoff on its clock', async () => {
    const { r, clock } = await open({ faults: { truncateDownload: { count: 1 } } });
    const job = await r.job('sales.csv', 'json');
    await finished(r, clock, job);
    const start = clock.now();
    await clock.runUntil(downloadStep(r.ctx, job, r.runtime()));
    expect(job.state).toBe('completed');
    expect(downloads(r).map((entry) => entry.at - start)).toEqual([0, 1000]);
    expect(await jsonRevenue(job.output!)).toBeCloseTo(await csvRevenue(), 2);
    expect((await readdir(r.inDir)).sort()).toEqual(['sales.csv', 'sales.json']);
  });

  it('fails a damaged result once (fetching it again gives the same bytes) and places nothing', async () => {
    const { r, clock } = await open({ faults: { damagedResult: {} } });
    const job = await r.job('sales.csv', 'json');
    await finished(r, clock, job);
    await clock.runUntil(downloadStep(r.ctx, job, r.runtime()));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('result_damaged');
    expect(downloads(r)).toHaveLength(1);
    expect(await readdir(r.inDir)).toEqual(['sales.csv']);
  });

  it('fails a result the server no longer has as expired, without asking twice', async () => {
    const { r, clock } = await open({ faults: { immediateExpiry: true } });
    const job = await r.job('sales.csv', 'json');
    await finished(r, clock, job);
    await clock.runUntil(downloadStep(r.ctx, job, r.runtime()));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('expired');
    expect(downloads(r)).toHaveLength(1);
    expect(await readdir(r.inDir)).toEqual(['sales.csv']);
  });

  it('fails a job that reached its download without a result as a protocol error', async () => {
    const { r } = await open();
    const job = await r.job('sales.csv', 'json', { state: 'downloading' });
    await downloadStep(r.ctx, job, r.runtime());
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('protocol');
    expect(r.server.requests).toEqual([]);
  });

  it('lets go of a download stopped while the server holds it back, placing nothing', async () => {
    const { r, clock } = await open({ faults: { slow: { path: 'download', delayMs: 60_000 } } });
    const job = await r.job('sales.csv', 'json');
    await finished(r, clock, job);
    const runtime = r.runtime();
    const downloading = downloadStep(r.ctx, job, runtime);
    await clock.untilSleeping('the server holding the download back', (at) => at === clock.now() + 60_000);
    runtime.controller.abort();
    await downloading;
    expect(job.state).toBe('downloading');
    expect(job.output).toBeUndefined();
    expect(await readdir(r.inDir)).toEqual(['sales.csv']);
    expect(partPathFor(job)).toBe(join(r.inDir, `.ifc-${job.id}.part`));
  });
});
