// The queue's two holds. Pause: no new upload starts, the queued jobs say why they wait, and
// resume clears exactly that. Needs a key: every lane stops; a new key starts the jobs that
// waited for one. Real store, lanes and runner; the lanes show what is held, and the one job a
// new key restarts is left waiting in its (paused) upload lane, so nothing is sent.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { JobRunner } from '../../../../electron/engine/jobs/job-runner.ts';
import { JobStore } from '../../../../electron/engine/jobs/job-store.ts';
import { Lane } from '../../../../electron/engine/jobs/lanes.ts';
import { QueueHolds } from '../../../../electron/engine/jobs/queue-holds.ts';
import { jobRecord } from '../../../support/job-record.ts';

let dir: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-queue-holds-'));
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await rm(dir, { recursive: true, force: true });
});

const job = (id: string, patch: Partial<JobRecord> = {}): JobRecord =>
  jobRecord(id, { source: join(dir, `${id}.txt`), ...patch });

function world(jobs: JobRecord[]) {
  const store = new JobStore(join(dir, 'state'), new EngineEmitter(), 0, {
    version: 1,
    jobs: [],
    batches: [],
  });
  store.addBatch({ id: 'B', createdAt: 0, jobIds: jobs.map((each) => each.id), skipped: [] }, jobs);
  const gate = new RateGate();
  const client = new ApiClient({ url: 'http://127.0.0.1:9/', key: 'unused', gate });
  const lanes = {
    upload: new Lane('upload', 1),
    poll: new Lane('poll', 1),
    download: new Lane('download', 1),
  };
  const runner = new JobRunner({
    client,
    store,
    gate,
    lanes,
    retry: { backoffBaseMs: 1, maxAttempts: 1, jitter: 0 },
    poll: { firstMs: 1, maxMs: 1, growth: 1, jitter: 0, stallAfterMs: 60_000 },
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
  const changes = { count: 0 };
  const holds = new QueueHolds(store, runner, lanes, () => {
    changes.count += 1;
  });
  return { holds, lanes, runner, changes };
}

describe('the queue holds', () => {
  it('pauses uploads, marks only the queued jobs without a reason, and resume clears exactly that', () => {
    const queued = job('queued');
    const tokens = job('tokens', { state: 'pending', wait: { kind: 'tokens' } });
    const uploading = job('uploading', { state: 'uploading' });
    const alreadyWaiting = job('retrying', { wait: { kind: 'retrying', until: 0, attempt: 1 } });
    const { holds, lanes, changes } = world([queued, tokens, uploading, alreadyWaiting]);

    holds.pause();
    holds.pause(); // once
    expect(holds.paused).toBe(true);
    expect(changes.count).toBe(1);
    expect([lanes.upload.isHeld(), lanes.poll.isHeld(), lanes.download.isHeld()]).toEqual([
      true,
      false,
      false,
    ]);
    expect(queued.wait).toEqual({ kind: 'paused' });
    expect(tokens.wait).toEqual({ kind: 'tokens' });
    expect(uploading.wait).toBeUndefined();
    expect(alreadyWaiting.wait?.kind).toBe('retrying');

    holds.resume();
    holds.resume();
    expect(holds.paused).toBe(false);
    expect(changes.count).toBe(2);
    expect(lanes.upload.isHeld()).toBe(false);
    expect(queued.wait).toBeUndefined();
    expect(tokens.wait).toEqual({ kind: 'tokens' });
    expect(alreadyWaiting.wait?.kind).toBe('retrying');
  });

  it('holds every lane for a key, and a new key restarts the jobs that waited for one', () => {
    const needsKey = job('needs-key', { state: 'pending', wait: { kind: 'needs-key' } });
    const heldByPerson = job('held', { state: 'pending', wait: { kind: 'paused' } });
    const { holds, lanes, runner, changes } = world([needsKey, heldByPerson]);

    holds.holdForKey();
    holds.holdForKey();
    expect(holds.needsKey).toBe(true);
    expect(changes.count).toBe(1);
    expect(Object.values(lanes).map((lane) => lane.isHeld())).toEqual([true, true, true]);

    holds.pause(); // the person's pause outlasts the key: the restarted job waits in its lane
    holds.releaseForKey();
    expect(holds.needsKey).toBe(false);
    expect([lanes.upload.isHeld(), lanes.poll.isHeld(), lanes.download.isHeld()]).toEqual([
      true,
      false,
      false,
    ]);
    expect(needsKey.state).toBe('queued');
    expect(needsKey.wait).toBeUndefined();
    expect(runner.isRunning(needsKey.id)).toBe(true);
    expect(lanes.upload.queued).toBe(1);
    expect(heldByPerson.state).toBe('pending');
    expect(runner.isRunning(heldByPerson.id)).toBe(false);
    const before = changes.count;
    holds.releaseForKey(); // no key hold now: nothing happens
    expect(changes.count).toBe(before);
  });
});
