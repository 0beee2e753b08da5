// The upload step on its own, through the real local server over HTTP, on a ManualClock the
// test moves (shared with the server, so the request log's times are that clock's): an accepted
// file keeps the server's job id and charge; the sync path comes back with the result; a file
// that went away or became empty since the preflight fails with its own reason and sends
// nothing; a refused key, a 402, a refused conversion; 5xx and a 429 with an HTTP-date
// Retry-After retried with the same Idempotency-Key (one charge), waiting on the clock.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../../electron/engine/journal/journal.ts';
import { LaneAborted } from '../../../../electron/engine/jobs/lanes.ts';
import { uploadStep } from '../../../../electron/engine/jobs/step-upload.ts';
import { localFormats } from '../../../../electron/localserver/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { type StepRig, type StepRigOptions, stepRig } from '../../../support/step-rig.ts';

let rig: StepRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function open(options: StepRigOptions = {}): Promise<StepRig> {
  rig = await stepRig({ clock: new ManualClock(), ...options });
  return rig;
}

const converts = (r: StepRig) => r.server.requests.filter((entry) => entry.path.startsWith('/api/convert'));

describe('the upload step', () => {
  it('sends the file and keeps the server job id, its charge and a deadline, the key on disk first', async () => {
    const r = await open();
    const job = await r.job('sales.csv', 'json');
    await uploadStep(r.ctx, job, r.runtime());
    const entry = r.server.ledger.entry(job.serverJobId!);
    expect(entry?.sourceName).toBe('sales.csv');
    expect(job).toMatchObject({
      state: 'processing',
      charged: true,
      tokens: entry?.tokensCharged,
      acceptedAt: r.clock.now(),
      deadlineAt: r.clock.now() + r.ctx.poll.stallAfterMs,
    });
    expect(r.charged).toEqual([entry?.tokensCharged]);
    expect(converts(r).map((request) => request.idempotencyKey)).toEqual([job.idempotencyKey]);
    // The journal on disk holds the key and the server's id (a crash now re-sends with the key).
    const journal = await readJournal(join(r.dir, 'state'));
    expect(journal?.jobs[0]).toMatchObject({
      idempotencyKey: job.idempotencyKey,
      serverJobId: job.serverJobId,
    });
  });

  it('on the sync path comes back with the finished job, ready to download', async () => {
    const r = await open({ clock: undefined, syncWaitSeconds: 20, limits: localFormats().limits });
    const job = await r.job('sales.csv', 'json');
    await uploadStep(r.ctx, job, r.runtime());
    expect(job.state).toBe('downloading');
    expect(job.result?.url).toBeTruthy();
    expect(converts(r)).toHaveLength(1);
  });

  it('fails a source that went away since the preflight as missing, sending nothing', async () => {
    const r = await open();
    const job = await r.job('sales.csv', 'json');
    await rm(job.source);
    await uploadStep(r.ctx, job, r.runtime());
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('file_missing');
    expect(r.server.requests).toEqual([]);
  });

  it('fails a source that is now a folder, or empty, with its own reason, sending nothing', async () => {
    const r = await open();
    const folder = await r.job('sales.csv', 'json');
    await rm(folder.source);
    await mkdir(folder.source);
    await uploadStep(r.ctx, folder, r.runtime());
    expect(folder.error?.code).toBe('is_directory');
    const empty = await r.job('sales.csv', 'json', {}, 'emptied.csv');
    await writeFile(empty.source, '');
    await uploadStep(r.ctx, empty, r.runtime());
    expect(empty.state).toBe('failed');
    expect(empty.error?.code).toBe('file_empty');
    expect(r.server.requests).toEqual([]);
  });

  it('leaves a job waiting for a key when the key is refused, with no key kept to replay', async () => {
    const r = await open({ key: 'ifc_local_not_the_key' });
    const job = await r.job('sales.csv', 'json');
    await uploadStep(r.ctx, job, r.runtime());
    expect(job).toMatchObject({ state: 'pending', wait: { kind: 'needs-key' }, progress: 0 });
    expect(job.idempotencyKey).toBeUndefined();
    expect(r.authFailures).toBe(1);
    expect(r.server.ledger.jobs).toHaveLength(0);
  });

  it('hands a 402 to the engine and drops the key, so a top-up sends afresh', async () => {
    const r = await open({ server: { tokens: 0 } });
    const job = await r.job('sales.csv', 'json');
    await uploadStep(r.ctx, job, r.runtime());
    expect(r.outOfTokens.map((error) => error.kind)).toEqual(['insufficient_tokens']);
    expect(job.idempotencyKey).toBeUndefined();
    expect(job.serverJobId).toBeUndefined();
    expect(r.charged).toEqual([]);
  });

  it('fails a conversion the server refuses, for good', async () => {
    const r = await open();
    const job = await r.job('sales.csv', 'mp3');
    await uploadStep(r.ctx, job, r.runtime());
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('unsupported_conversion');
    expect(job.idempotencyKey).toBeUndefined();
    expect(converts(r)).toHaveLength(1); // refused, not retried
  });

  it('retries a 503 after 1 s then 2 s on its clock, with the same key, and is charged once', async () => {
    const clock = new ManualClock();
    const r = await open({
      clock,
      server: { faults: { serverError: [{ path: 'convert', status: 503, count: 2 }] } },
    });
    const job = await r.job('sales.csv', 'json');
    const start = clock.now();
    const waits: unknown[] = [];
    r.emitter.on('job', (view) => {
      if (view.id === job.id && view.wait) waits.push(view.wait.kind);
    });
    await clock.runUntil(uploadStep(r.ctx, job, r.runtime()));
    expect(converts(r).map((request) => [request.status, request.at - start])).toEqual([
      [503, 0],
      [503, 1000],
      [202, 3000],
    ]);
    expect(new Set(converts(r).map((request) => request.idempotencyKey))).toEqual(
      new Set([job.idempotencyKey]),
    );
    expect(waits).toContain('retrying');
    expect(job.wait).toBeUndefined();
    expect(r.server.ledger.jobs).toHaveLength(1);
    expect(r.charged).toHaveLength(1);
  });

  it('gives up after the last attempt with server_error and keeps the key (the server may have the job)', async () => {
    const clock = new ManualClock();
    const r = await open({
      clock,
      server: { faults: { serverError: [{ path: 'convert', status: 502, count: 10 }] } },
    });
    const job = await r.job('sales.csv', 'json');
    await clock.runUntil(uploadStep(r.ctx, job, r.runtime()));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('server_error');
    expect(job.idempotencyKey).toBeTruthy();
    expect(converts(r)).toHaveLength(r.ctx.retry.maxAttempts);
  });

  it('waits out a 429 whose Retry-After is an HTTP date before sending again, showing it on the job', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0, 700));
    const r = await open({
      clock,
      server: {
        faults: { rateLimit: { count: 1, retryAfterSeconds: 90, asDate: true, paths: ['convert'] } },
      },
    });
    const job = await r.job('sales.csv', 'json');
    const uploading = uploadStep(r.ctx, job, r.runtime());
    await clock.untilSleeping('the step waiting out the Retry-After', (at) => at >= clock.now() + 89_000);
    expect(job.wait?.kind).toBe('rate-limited');
    await clock.runUntil(uploading, 120_000);
    const [refused, sent] = converts(r);
    expect(refused?.status).toBe(429);
    const until = Math.ceil((refused!.at + 90_000) / 1000) * 1000;
    expect(sent!.at).toBeGreaterThanOrEqual(until);
    expect(sent!.idempotencyKey).toBe(refused!.idempotencyKey);
    expect(job.state).toBe('processing');
    expect(job.wait).toBeUndefined();
  });

  it('sends nothing for a job stopped before its turn', async () => {
    const r = await open();
    const job = await r.job('sales.csv', 'json');
    const runtime = r.runtime();
    runtime.controller.abort();
    await expect(uploadStep(r.ctx, job, runtime)).rejects.toThrow(LaneAborted);
    expect(job.state).toBe('queued');
    expect(r.server.requests).toEqual([]);
  });
});
