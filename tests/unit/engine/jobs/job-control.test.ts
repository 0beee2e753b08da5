// What a person does to one job, through job-control's own functions: hold and let go, cancel
// a job not yet sent, try again (the result downloaded again while the server holds it, an
// accepted job polled again, otherwise a new send, with or without its old key), check a
// stalled one again, forget a settled one; and each refusal (not_found, conflict). Real store,
// runner and lanes; every lane is held, so a job the runner picks up waits in its lane and
// nothing is sent; the clock is the test's, so a deadline is an exact instant.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import {
  cancelJob,
  checkAgainJob,
  type ControlContext,
  pauseJob,
  removeJob,
  resumeJob,
  retryJob,
} from '../../../../electron/engine/jobs/job-control.ts';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner.ts';
import { JobStore } from '../../../../electron/engine/jobs/job-store.ts';
import { Lane } from '../../../../electron/engine/jobs/lanes.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { jobRecord } from '../../../support/job-record.ts';

const STALL_AFTER_MS = 600_000;
let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-job-control-'));
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await rm(dir, { recursive: true, force: true });
});

const job = (id: string, patch: Partial<JobRecord> = {}): JobRecord =>
  jobRecord(id, { source: join(dir, `${id}.txt`), ...patch });

function world(jobs: JobRecord[], paused = false) {
  const clock = new ManualClock();
  const store = new JobStore(
    join(dir, 'state'),
    new EngineEmitter(),
    0,
    { version: 1, jobs: [], batches: [] },
    clock,
  );
  store.addBatch({ id: 'B', createdAt: 0, jobIds: jobs.map((each) => each.id), skipped: [] }, jobs);
  const gate = new RateGate(clock);
  const client = new ApiClient({ url: 'http://127.0.0.1:9/', key: 'unused', gate });
  const lanes = {
    upload: new Lane('upload', 1),
    poll: new Lane('poll', 1),
    download: new Lane('download', 1),
  };
  for (const lane of Object.values(lanes)) lane.hold('test');
  const runner = new JobRunner({
    client,
    store,
    gate,
    lanes,
    retry: { backoffBaseMs: 1, maxAttempts: 1, jitter: 0 },
    poll: { firstMs: 1000, maxMs: 1000, growth: 1, jitter: 0, stallAfterMs: STALL_AFTER_MS },
    syncWaitSeconds: 0,
    limits: () => undefined,
    onAuthFailure: () => undefined,
    onOutOfTokens: () => undefined,
    onCharged: () => undefined,
  });
  closers.push(
    async () => {
      for (const each of jobs) await runner.stop(each.id, 'test over');
    },
    () => store.close(),
    () => client.close(),
  );
  const reopened: string[] = [];
  const ctx: ControlContext = {
    store,
    runner,
    paused: () => paused,
    reopen: (batchId) => reopened.push(batchId),
  };
  return { ctx, runner, clock, reopened, store };
}

const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

describe('what a person does to a job', () => {
  it('answers not_found for a job it does not know', async () => {
    const { ctx } = world([]);
    expect(codeOf(await pauseJob(ctx, 'x'))).toBe('not_found');
    expect(codeOf(resumeJob(ctx, 'x'))).toBe('not_found');
    expect(codeOf(await cancelJob(ctx, 'x'))).toBe('not_found');
    expect(codeOf(retryJob(ctx, 'x'))).toBe('not_found');
    expect(codeOf(checkAgainJob(ctx, 'x'))).toBe('not_found');
    expect(codeOf(removeJob(ctx, 'x'))).toBe('not_found');
  });

  it('holds a job not yet sent and lets it go again, waiting if the queue is paused', async () => {
    const waiting = job('w');
    const processing = job('p', { state: 'processing', serverJobId: 's1' });
    const { ctx, runner, reopened } = world([waiting, processing], true);
    runner.start(waiting);
    expect(codeOf(await pauseJob(ctx, 'w'))).toBe('ok');
    expect(waiting).toMatchObject({ state: 'pending', heldByUser: true, wait: { kind: 'paused' } });
    expect(runner.isRunning('w')).toBe(false);
    expect(codeOf(await pauseJob(ctx, 'p'))).toBe('conflict'); // already with the server

    expect(codeOf(resumeJob(ctx, 'w'))).toBe('ok');
    expect(waiting.state).toBe('queued');
    expect(waiting.heldByUser).toBeUndefined();
    expect(waiting.wait).toEqual({ kind: 'paused' }); // the whole queue is still paused
    expect(runner.isRunning('w')).toBe(true);
    expect(reopened).toEqual(['B']);
    expect(codeOf(resumeJob(ctx, 'w'))).toBe('conflict');
  });

  it('cancels a job not yet sent at once, forgetting its key; a finished one cannot be', async () => {
    const queued = job('q', { idempotencyKey: 'key-1' });
    const done = job('d', { state: 'completed', output: '/out/d.pdf' });
    const { ctx, runner } = world([queued, done]);
    runner.start(queued);
    expect(codeOf(await cancelJob(ctx, 'q'))).toBe('ok');
    expect(queued.state).toBe('cancelled');
    expect(queued.idempotencyKey).toBeUndefined();
    expect(runner.isRunning('q')).toBe(false);
    expect(codeOf(await cancelJob(ctx, 'd'))).toBe('conflict');
  });

  it('tries again the cheapest way: download, poll, or a new send', () => {
    const result = { url: 'http://127.0.0.1:9/files/r', bytes: 5 };
    const downloadFailed = job('dl', {
      state: 'failed',
      serverJobId: 's1',
      charged: true,
      result,
      error: { code: 'network', message: 'x' },
    });
    const expired = job('ex', {
      state: 'failed',
      serverJobId: 's2',
      charged: true,
      result,
      error: { code: 'expired', message: 'x' },
    });
    const stalled = job('st', { state: 'stalled', serverJobId: 's3', charged: true });
    const unanswered = job('un', {
      state: 'failed',
      idempotencyKey: 'key-u',
      error: { code: 'network', message: 'x' },
    });
    const cancelled = job('ca', {
      state: 'cancelled',
      serverJobId: 's5',
      idempotencyKey: 'key-c',
      charged: true,
    });
    const { ctx, runner, clock, reopened } = world([downloadFailed, expired, stalled, unanswered, cancelled]);

    for (const id of ['dl', 'ex', 'st', 'un', 'ca']) expect(codeOf(retryJob(ctx, id))).toBe('ok');
    expect(downloadFailed).toMatchObject({ state: 'downloading', serverJobId: 's1', result });
    expect(downloadFailed.error).toBeUndefined();
    expect(expired).toMatchObject({ state: 'queued' });
    expect([expired.serverJobId, expired.result, expired.charged]).toEqual([undefined, undefined, undefined]);
    expect(stalled).toMatchObject({
      state: 'processing',
      serverJobId: 's3',
      deadlineAt: clock.now() + STALL_AFTER_MS,
    });
    expect(unanswered).toMatchObject({ state: 'queued', idempotencyKey: 'key-u' }); // may have reached the server
    expect(cancelled.state).toBe('queued');
    expect(cancelled.idempotencyKey).toBeUndefined();
    expect(reopened).toHaveLength(5);
    expect(runner.runningCount).toBe(5);
    expect(codeOf(retryJob(ctx, 'dl'))).toBe('conflict'); // already being driven
  });

  it('checks a stalled job again with a fresh deadline, never one without a server id', () => {
    const stalled = job('st', {
      state: 'stalled',
      serverJobId: 's1',
      error: { code: 'stalled', message: 'x' },
    });
    const orphan = job('or', { state: 'stalled' });
    const { ctx, clock } = world([stalled, orphan]);
    expect(codeOf(checkAgainJob(ctx, 'or'))).toBe('conflict');
    expect(codeOf(checkAgainJob(ctx, 'st'))).toBe('ok');
    expect(stalled).toMatchObject({ state: 'processing', deadlineAt: clock.now() + STALL_AFTER_MS });
    expect(stalled.error).toBeUndefined();
  });

  it('forgets only a job that is not moving', () => {
    const done = job('d', { state: 'completed', output: '/out/d.pdf' });
    const moving = job('m');
    const { ctx, store } = world([done, moving]);
    expect(codeOf(removeJob(ctx, 'm'))).toBe('conflict');
    expect(codeOf(removeJob(ctx, 'd'))).toBe('ok');
    expect(store.get('d')).toBeUndefined();
    expect(codeOf(removeJob(ctx, 'd'))).toBe('not_found');
  });
});
