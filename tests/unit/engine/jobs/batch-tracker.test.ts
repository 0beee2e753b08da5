// Announcing a batch: once all of its jobs have settled, with one fresh balance in the
// summary; not while any still moves; again after one moved and settled again; never for a
// batch that was already settled in the journal at start, nor after stop(). A real job store
// on a temp folder; the runner is real but drives nothing here (runningIn stays 0).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../../shared/jobs.ts';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { BatchTracker } from '../../../../electron/engine/jobs/batch-tracker.ts';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner.ts';
import { JobStore } from '../../../../electron/engine/jobs/job-store.ts';
import { Lane } from '../../../../electron/engine/jobs/lanes.ts';
import type { JournalData } from '../../../../electron/engine/journal/journal.ts';
import { jobRecord } from '../../../support/job-record.ts';

let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-batch-tracker-'));
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await rm(dir, { recursive: true, force: true });
});

const job = (id: string, batchId: string, patch: Partial<JobRecord> = {}): JobRecord =>
  jobRecord(id, { batchId, ...patch });

function world(journal: JournalData = { version: 1, jobs: [], batches: [] }) {
  const emitter = new EngineEmitter();
  const store = new JobStore(join(dir, 'state'), emitter, 0, journal);
  const gate = new RateGate();
  const client = new ApiClient({ url: 'http://127.0.0.1:9/', key: 'unused', gate });
  closers.push(
    () => store.close(),
    () => client.close(),
  );
  const lane = () => new Lane('any', 1);
  const runner = new JobRunner({
    client,
    store,
    gate,
    lanes: { upload: lane(), poll: lane(), download: lane() },
    retry: { backoffBaseMs: 1, maxAttempts: 1, jitter: 0 },
    poll: { firstMs: 1, maxMs: 1, growth: 1, jitter: 0, stallAfterMs: 1 },
    syncWaitSeconds: 0,
    limits: () => undefined,
    onAuthFailure: () => undefined,
    onOutOfTokens: () => undefined,
    onCharged: () => undefined,
  });
  const balances = { asked: 0, value: 500 as number | undefined };
  const tracker = new BatchTracker(store, runner, emitter, async () => {
    balances.asked += 1;
    return balances.value;
  });
  const summaries: BatchSummary[] = [];
  emitter.on('batch', (summary) => summaries.push(summary));
  store.onStateChange = (changed) => tracker.check(changed.batchId);
  return { store, tracker, summaries, balances };
}

describe('the batch tracker', () => {
  it('announces a batch once every job has settled, with a fresh balance', async () => {
    const { store, tracker, summaries, balances } = world();
    const jobs = [job('a', 'A'), job('b', 'A')];
    store.addBatch(
      { id: 'A', createdAt: 0, jobIds: ['a', 'b'], skipped: [{ source: '/in/x.zip', reason: 'no' }] },
      jobs,
    );
    store.update(jobs[0]!, { state: 'completed', output: '/out/a.pdf', tokens: 3 });
    await tracker.flushed();
    expect(summaries).toEqual([]); // b still moves

    store.update(jobs[1]!, { state: 'failed', error: { code: 'corrupt_input', message: 'x' } });
    expect(tracker.pending).toBe(1);
    await tracker.flushed();
    expect(tracker.pending).toBe(0);
    expect(balances.asked).toBe(1);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      batchId: 'A',
      completed: [{ source: '/in/a.txt', output: '/out/a.pdf' }],
      failed: [{ source: '/in/b.txt', code: 'corrupt_input' }],
      skipped: [{ source: '/in/x.zip', reason: 'no' }],
      balance: 500,
    });
    tracker.check('A'); // nothing changed: not again
    tracker.check('no-such-batch');
    await tracker.flushed();
    expect(summaries).toHaveLength(1);
  });

  it('announces again after a job moved and settled again, and not after stop', async () => {
    const { store, tracker, summaries } = world();
    const only = job('a', 'A');
    store.addBatch({ id: 'A', createdAt: 0, jobIds: ['a'], skipped: [] }, [only]);
    store.update(only, { state: 'failed', error: { code: 'network', message: 'x' } });
    await tracker.flushed();
    store.update(only, { state: 'queued', error: undefined }); // retried
    store.update(only, { state: 'completed', output: '/out/a.pdf' });
    await tracker.flushed();
    expect(summaries.map((summary) => summary.completed.length)).toEqual([0, 1]);

    tracker.stop();
    store.update(only, { state: 'queued' });
    store.update(only, { state: 'cancelled' });
    await tracker.flushed();
    expect(summaries).toHaveLength(2);
  });

  it('does not announce batches that were already settled in the journal at start', async () => {
    const settled = job('old', 'OLD', { state: 'completed', output: '/out/old.pdf' });
    const { tracker, summaries, store } = world({
      version: 1,
      jobs: [settled],
      batches: [{ id: 'OLD', createdAt: 0, jobIds: ['old'], skipped: [] }],
    });
    tracker.check('OLD');
    await tracker.flushed();
    expect(summaries).toEqual([]);
    tracker.reopen('OLD'); // a person retried something in it
    tracker.check('OLD');
    await tracker.flushed();
    expect(summaries.map((summary) => summary.batchId)).toEqual(['OLD']);
    expect(store.batches.has('OLD')).toBe(true);
  });
});
