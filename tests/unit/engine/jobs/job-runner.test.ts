// The job runner on its own: one job driven from queued to a result on disk through the real
// local server over HTTP, a second start of the same job ignored, a stop that lets go without
// touching the state, a cancel asked for during the upload carried out once the server has an
// id, a server-side failure, a missing key, and a step that throws. The runner's context is
// built here from the real parts (client, store, lanes, gate); a clock the test holds where a
// job would otherwise poll on real time.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../shared/clock.ts';
import { systemClock } from '../../../../shared/clock.ts';
import type { FormatLimits } from '../../../../shared/formats.ts';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import type { ApiError } from '../../../../electron/engine/api/api-errors.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner.ts';
import { JobStore } from '../../../../electron/engine/jobs/job-store.ts';
import { Lane } from '../../../../electron/engine/jobs/lanes.ts';
import type { LocalServer, LocalServerOptions } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { waitFor } from '../../../support/wait.ts';
import { cleanupsAfterEach } from '../../../support/cleanups.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

interface Rig {
  runner: JobRunner;
  store: JobStore;
  server: LocalServer;
  outDir: string;
  authFailures: number;
  outOfTokens: ApiError[];
  charged: number[];
  driveEnds: string[];
  job(fixture: string, to: string, patch?: Partial<JobRecord>): JobRecord;
}

const cleanups = cleanupsAfterEach();

async function rig(
  options: {
    clock?: Clock;
    server?: LocalServerOptions;
    key?: string;
    limits?: () => FormatLimits | undefined;
  } = {},
): Promise<Rig> {
  const clock = options.clock ?? systemClock;
  const dir = await mkdtemp(join(tmpdir(), 'ifc-job-runner-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const server = await startLocalServer({ tokens: 1000, ...options.server });
  cleanups.push(() => server.close());
  const gate = new RateGate(clock);
  const client = new ApiClient({ url: server.url, key: options.key ?? server.key, gate });
  cleanups.push(() => client.close());
  const store = new JobStore(
    join(dir, 'state'),
    new EngineEmitter(),
    0,
    { version: 1, jobs: [], batches: [] },
    clock,
  );
  cleanups.push(() => store.close());
  const rigged: Rig = {
    server,
    store,
    outDir: dir,
    authFailures: 0,
    outOfTokens: [],
    charged: [],
    driveEnds: [],
    runner: new JobRunner({
      client,
      store,
      gate,
      lanes: { upload: new Lane('upload', 2), poll: new Lane('poll', 2), download: new Lane('download', 2) },
      retry: { backoffBaseMs: 20, maxAttempts: 3, jitter: 0 },
      poll: { firstMs: 50, maxMs: 200, growth: 1.5, jitter: 0, stallAfterMs: 3_600_000 },
      syncWaitSeconds: 0,
      limits: options.limits ?? (() => undefined),
      onAuthFailure: () => {
        rigged.authFailures += 1;
      },
      // As the engine does (job-control.ts): stop the job and let it wait for tokens.
      onOutOfTokens: (job, error) => {
        rigged.outOfTokens.push(error);
        void rigged.runner.stop(job.id, 'out-of-tokens');
        store.update(job, { state: 'pending', progress: 0, wait: { kind: 'tokens' } });
      },
      onCharged: (tokens) => rigged.charged.push(tokens),
    }),
    job(fixture, to, patch = {}) {
      const source = join(FIXTURES, fixture);
      const id = `job-${fixture}-${to}`;
      const record: JobRecord = {
        id,
        batchId: 'batch-1',
        source,
        sourceName: fixture,
        bytes: 0,
        from: fixture.split('.').pop()!,
        to,
        state: 'queued',
        progress: 0,
        createdAt: clock.now(),
        updatedAt: clock.now(),
        endpoint: server.url,
        conflict: 'rename',
        priority: 0,
        outDir: dir,
        ...patch,
      };
      store.addBatch({ id: record.batchId, createdAt: 0, jobIds: [id], skipped: [] }, [record]);
      return record;
    },
  };
  rigged.runner.onDriveEnd = (job) => rigged.driveEnds.push(job.id);
  return rigged;
}

// Real conversions in the local server's own processes: the safety net for a loaded machine.
describe('the job runner', { timeout: 120_000 }, () => {
  it('drives a queued job through upload, poll and download to a result that opens as its type', async () => {
    const { runner, job, driveEnds, charged, server } = await rig();
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    expect(runner.isRunning(sales.id)).toBe(true);
    expect(runner.runningIn('batch-1')).toBe(1);
    expect(runner.runningCount).toBe(1);

    await runner.idle();
    expect(sales.state).toBe('completed');
    expect(sales.error).toBeUndefined();
    // What a person would look at: the rows of the table, the revenue column adding up.
    const rows = JSON.parse(await readFile(sales.output!, 'utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(5);
    const revenue = rows.reduce((sum, row) => sum + Number(row.revenue), 0);
    const csvRevenue = (await readFile(join(FIXTURES, 'sales.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .reduce((sum, line) => sum + Number(line.split(',').at(-1)), 0);
    expect(revenue).toBeCloseTo(csvRevenue, 2);

    expect(runner.isRunning(sales.id)).toBe(false);
    expect([runner.runningIn('batch-1'), runner.runningCount]).toEqual([0, 0]);
    expect(driveEnds).toEqual([sales.id]);
    expect(charged).toHaveLength(1);
    expect(sales.charged).toBe(true);
    expect(server.ledger.postsBySourceName('sales.csv')).toBe(1);
  });

  it('drives a job once however often it is started, and never a job that is not moving', async () => {
    const { runner, job, server, driveEnds } = await rig();
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    runner.start(sales);
    runner.start({ ...sales });
    expect(runner.runningIn('batch-1')).toBe(1);
    await runner.idle();
    expect(server.ledger.postsBySourceName('sales.csv')).toBe(1);
    expect(driveEnds).toEqual([sales.id]);

    const settled = job('notes.md', 'html', { state: 'completed' });
    const failed = job('memo.txt', 'pdf', { state: 'failed' });
    runner.start(settled);
    runner.start(failed);
    expect(runner.runningCount).toBe(0);
    expect(server.ledger.postsBySourceName('notes.md') + server.ledger.postsBySourceName('memo.txt')).toBe(0);
  });

  it('lets go of a stopped job without touching its state or its server job', async () => {
    const clock = new ManualClock();
    const { runner, job, server } = await rig({ clock, server: { clock, faults: { neverFinish: {} } } });
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    await clock.untilSleeping('the runner waiting to poll the accepted job', (at) => at >= clock.now() + 50);
    expect(sales.state).toBe('processing');
    const serverJobId = sales.serverJobId!;
    expect(serverJobId).toBeTruthy();
    expect(runner.bodySent(sales.id)).toBe(true);

    await runner.stop(sales.id, 'closing');
    expect(runner.isRunning(sales.id)).toBe(false);
    expect(sales.state).toBe('processing'); // the one who stops sets the state
    expect(sales.serverJobId).toBe(serverJobId);
    expect(server.ledger.entry(serverJobId)?.refunded).toBe(false);
    expect(runner.bodySent(sales.id)).toBe(false); // no runtime left to ask
    await runner.stop('no-such-job', 'closing'); // nothing to stop: resolves at once
  });

  it('cancels on the server once the upload is answered when cancel was asked for meanwhile', async () => {
    const clock = new ManualClock();
    const { runner, job, server, driveEnds } = await rig({
      clock,
      server: { clock, faults: { neverFinish: {} } },
    });
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    runner.requestCancelAfterUpload(sales.id);
    await waitFor(() => driveEnds.length === 1, 'the drive to end once the server answered the upload');
    expect(sales.state).toBe('cancelled');
    expect(driveEnds).toEqual([sales.id]);
    const entry = server.ledger.entry(sales.serverJobId!);
    expect(entry?.status).toBe('cancelled');
    // Nothing was polled: the drive ended right after the cancel.
    expect(
      server.requests.filter((request) => request.method === 'GET' && request.path.includes('/jobs/')),
    ).toEqual([]);
  });

  it('asks the server to cancel a job it is still converting: cancelled, and refunded there', async () => {
    const clock = new ManualClock();
    const { runner, job, server } = await rig({ clock, server: { clock, faults: { neverFinish: {} } } });
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    await clock.untilSleeping('the runner waiting to poll the accepted job', (at) => at >= clock.now() + 50);
    await runner.stop(sales.id, 'cancel');
    expect(await runner.cancelOnServer(sales)).toBe('cancelled');
    expect(sales.state).toBe('cancelled');
    expect(server.ledger.entry(sales.serverJobId!)?.status).toBe('cancelled');

    const unsent = job('memo.txt', 'pdf');
    expect(await runner.cancelOnServer(unsent)).toBe('cancelled'); // no server id: nothing to ask
    expect(server.ledger.postsBySourceName('memo.txt')).toBe(0);
  });

  it('answers "finished" to a cancel that comes after the server completed the job', async () => {
    const { runner, job } = await rig();
    const notes = job('notes.md', 'html');
    runner.start(notes);
    await runner.idle();
    expect(notes.state).toBe('completed');
    expect(await runner.cancelOnServer(notes)).toBe('finished');
    expect(notes.state).toBe('completed');
  });

  it('marks a job the server failed as failed with the server reason, and not charged', async () => {
    const { runner, job } = await rig({ server: { faults: { failJobs: { code: 'conversion_error' } } } });
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    await runner.idle();
    expect(sales.state).toBe('failed');
    expect(sales.error?.code).toBe('conversion_error');
    expect(sales.charged).toBe(false);
    expect(sales.output).toBeUndefined();
  });

  it('sets a job to wait for a key when the server refuses the key, and says so once', async () => {
    const rigged = await rig({ key: 'ifc_local_not_the_key' });
    const { runner, job, server } = rigged;
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    await runner.idle();
    expect(sales.state).toBe('pending');
    expect(sales.wait).toEqual({ kind: 'needs-key' });
    expect(sales.idempotencyKey).toBeUndefined();
    expect(rigged.authFailures).toBe(1);
    expect(server.ledger.jobs).toHaveLength(0);
  });

  it('hands a 402 to the engine with the job left unsent', async () => {
    const { runner, job, outOfTokens, server } = await rig({ server: { tokens: 0 } });
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    await runner.idle();
    expect(outOfTokens.map((error) => error.kind)).toEqual(['insufficient_tokens']);
    expect(sales.state).toBe('pending');
    expect(sales.serverJobId).toBeUndefined();
    expect(sales.idempotencyKey).toBeUndefined();
    expect(server.ledger.jobs).toHaveLength(0);
  });

  it('fails a job with "internal" when a step throws, and the drive still ends', async () => {
    const { runner, job, driveEnds } = await rig({
      limits: () => {
        throw new Error('a bug in the engine');
      },
    });
    const sales = job('sales.csv', 'json');
    runner.start(sales);
    await waitFor(() => driveEnds.length === 1, 'the drive to end');
    expect(sales.state).toBe('failed');
    expect(sales.error?.code).toBe('internal');
    expect(sales.error?.message).not.toContain('a bug in the engine');
    expect(runner.runningCount).toBe(0);
  });
});
