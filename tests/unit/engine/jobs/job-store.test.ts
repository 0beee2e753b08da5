// The job store: the counts of jobs still moving (in all and per batch) that batch tracking
// reads on every change, the journal on disk after a flush (what a restart reads back), and
// the summary a batch ends with. A real temp folder for the journal; a clock the test holds.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchRecord, JobRecord } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { JobStore, summarize } from '../../../../electron/engine/jobs/job-store.ts';
import { readJournal } from '../../../../electron/engine/journal/journal.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

let dir: string;
let store: JobStore | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-job-store-'));
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

function job(id: string, batchId: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    batchId,
    source: `/in/${id}.pdf`,
    sourceName: `${id}.pdf`,
    bytes: 100,
    from: 'pdf',
    to: 'txt',
    state: 'queued',
    progress: 0,
    createdAt: 0,
    updatedAt: 0,
    endpoint: 'http://127.0.0.1:1/',
    conflict: 'rename',
    priority: 0,
    ...patch,
  };
}

/** Whether V8 keeps `object` in fast mode, V8's own answer through its natives syntax (allowed
 *  for the one function made here). A `delete` moves an object to dictionary mode: 1.5 KB more
 *  per job at 10,000 jobs, and slower to read. */
v8.setFlagsFromString('--allow-natives-syntax');
const fast = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;
v8.setFlagsFromString('--no-allow-natives-syntax');

function batchOf(id: string, jobs: JobRecord[]): BatchRecord {
  return { id, createdAt: 0, jobIds: jobs.map((each) => each.id), skipped: [] };
}

function open(clock = new ManualClock()): JobStore {
  const opened = new JobStore(dir, new EngineEmitter(), 0, { version: 1, jobs: [], batches: [] }, clock);
  store = opened;
  return opened;
}

describe('the job store', () => {
  it('keeps the counts of moving jobs in step with every change, per batch and in all', () => {
    const jobs = open();
    const a = [job('a1', 'A'), job('a2', 'A'), job('a3', 'A')];
    const b = [job('b1', 'B')];
    jobs.addBatch(batchOf('A', a), a);
    jobs.addBatch(batchOf('B', b), b);
    expect([jobs.unsettledIn('A'), jobs.unsettledIn('B'), jobs.unsettledCount]).toEqual([3, 1, 4]);

    jobs.update(a[0]!, { state: 'uploading' }); // still moving
    jobs.update(a[1]!, { state: 'completed', output: '/out/a2.txt' });
    jobs.update(a[2]!, { state: 'pending', wait: { kind: 'paused' } }); // settled: waits for someone
    expect([jobs.unsettledIn('A'), jobs.unsettledCount]).toEqual([1, 2]);

    jobs.update(a[2]!, { state: 'queued', wait: undefined });
    expect(jobs.unsettledIn('A')).toBe(2);
    expect(a[2]!.wait).toBeUndefined(); // an undefined value deletes the field

    expect(jobs.remove('b1')).toBe(true);
    expect([jobs.unsettledIn('B'), jobs.unsettledCount]).toEqual([0, 2]);
    expect(jobs.batches.has('B')).toBe(false); // its last job went, so did the batch
    expect(jobs.remove('b1')).toBe(false);
  });

  it('stamps changes with its clock and tells each state change once', async () => {
    const clock = new ManualClock();
    const jobs = open(clock);
    const told: string[] = [];
    jobs.onStateChange = (changed) => told.push(`${changed.id}:${changed.state}`);
    const one = job('j1', 'A');
    jobs.addBatch(batchOf('A', [one]), [one]);
    await clock.advance(1500);
    jobs.update(one, { progress: 0.5 });
    expect(one.updatedAt).toBe(clock.now());
    jobs.update(one, { state: 'processing' });
    expect(told).toEqual(['j1:processing']);
  });

  it('writes what a restart reads back: states, outputs and removals', async () => {
    const jobs = open();
    const list = [job('j1', 'A'), job('j2', 'A'), job('j3', 'A')];
    jobs.addBatch(batchOf('A', list), list);
    jobs.update(list[0]!, { state: 'completed', output: '/out/j1.txt', charged: true, tokens: 2 });
    jobs.update(list[1]!, { state: 'failed', error: { code: 'corrupt_input', message: 'x' } });
    jobs.remove('j3');
    await jobs.flush();
    const read = await readJournal(dir);
    expect(read?.jobs.map((each) => [each.id, each.state, each.output]).sort()).toEqual([
      ['j1', 'completed', '/out/j1.txt'],
      ['j2', 'failed', undefined],
    ]);
    expect(read?.batches.map((each) => each.jobIds)).toEqual([['j1', 'j2']]);
  });

  it('logs a new job whole, then only the fields each change touched; a restart reads the same records', async () => {
    const jobs = open();
    const first = [job('j1', 'A', { wait: { kind: 'paused' } })];
    jobs.addBatch(batchOf('A', first), first);
    await jobs.flush(); // the first write is a snapshot; what follows goes to its log
    const later = [job('j2', 'B')];
    jobs.addBatch(batchOf('B', later), later);
    jobs.update(first[0]!, { state: 'uploading', idempotencyKey: 'key-1', wait: undefined });
    jobs.update(first[0]!, { progress: 0.5 }); // progress alone: no line of its own
    jobs.update(first[0]!, { state: 'processing', serverJobId: 'srv-1' });
    // The same values again, and a field it does not have removed: nothing to log.
    jobs.update(first[0]!, { state: 'processing', idempotencyKey: 'key-1', error: undefined });
    await jobs.flush();
    const log = (await readdir(dir)).find((name) => name.endsWith('.log'));
    const lines = (await readFile(join(dir, log!), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.find((line) => line.job)?.job).toEqual(later[0]);
    // Several changes before one append fold into one line with the values as they are now.
    expect(lines.filter((line) => line.patch)).toEqual([
      {
        patch: {
          id: 'j1',
          updatedAt: first[0]!.updatedAt,
          progress: 0.5,
          state: 'processing',
          idempotencyKey: 'key-1',
          serverJobId: 'srv-1',
        },
        unset: ['wait'],
      },
    ]);
    const read = await readJournal(dir);
    expect(read?.jobs.find((each) => each.id === 'j1')).toEqual({ ...first[0] });
    // The record read back through the `unset` line is not a hash table either.
    expect(fast(read!.jobs.find((each) => each.id === 'j1')!)).toBe(true);
    expect(read?.jobs.find((each) => each.id === 'j2')).toEqual({ ...later[0] });
  });

  it('clears a field without turning the record into a hash table, and the journal leaves it out', async () => {
    const jobs = open();
    const one = job('j1', 'A', { wait: { kind: 'paused' }, partPath: '/out/j1.part' });
    jobs.addBatch(batchOf('A', [one]), [one]);
    expect(fast(one)).toBe(true);
    jobs.update(one, { state: 'completed', wait: undefined, partPath: undefined, output: '/out/j1.txt' });
    expect(fast(one)).toBe(true);
    expect(one.wait).toBeUndefined();
    await jobs.flush();
    const read = (await readJournal(dir))?.jobs.find((each) => each.id === 'j1');
    expect(read && Object.keys(read).filter((key) => key === 'wait' || key === 'partPath')).toEqual([]);
    expect(read?.output).toBe('/out/j1.txt');
  });

  it('sums a batch: tokens only for what was charged, each failure with its code', () => {
    const summary = summarize(
      'A',
      [
        job('j1', 'A', { state: 'completed', output: '/out/j1.txt', charged: true, tokens: 4 }),
        job('j2', 'A', { state: 'completed', output: '/out/j2.txt', tokens: 2 }), // refunded
        job('j3', 'A', { state: 'failed', error: { code: 'corrupt_input', message: 'damaged' } }),
        job('j4', 'A', { state: 'pending', wait: { kind: 'paused' } }),
      ],
      [{ source: '/in/skip.exe', reason: 'unsupported' }],
      10,
    );
    expect(summary.tokensSpent).toBe(4);
    expect(summary.completed.map((each) => each.tokens)).toEqual([4, 0]);
    expect(summary.failed).toEqual([{ source: '/in/j3.pdf', code: 'corrupt_input', message: 'damaged' }]);
    expect(summary.pending.map((each) => each.source)).toEqual(['/in/j4.pdf']);
    expect(summary.skipped).toEqual([{ source: '/in/skip.exe', reason: 'unsupported' }]);
    expect(summary.balance).toBe(10);
  });
});
