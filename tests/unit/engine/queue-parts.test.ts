// Lanes (concurrency, priority, holds), the poll schedule, progress coalescing, the journal
// writer and `ifc` argument parsing.
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/jobs.ts';
import { parseCommandLine } from '../../../electron/cli/args.ts';
import { ProgressCoalescer } from '../../../electron/engine/events.ts';
import { KEEP_FINISHED_MS, pruneFinished } from '../../../electron/engine/journal/journal.ts';
import { Lane, LaneAborted } from '../../../electron/engine/jobs/lanes.ts';
import { DEFAULT_POLL, nextPollDelay } from '../../../electron/engine/jobs/poll-schedule.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Lane', () => {
  it('runs at most `concurrency` tasks, higher priority first, in order within a priority', async () => {
    const lane = new Lane('test', 1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const blocker = lane.run(() => new Promise<void>((resolve) => (release = resolve)));
    const tasks = [
      lane.run(async () => order.push('old-1'), 1),
      lane.run(async () => order.push('old-2'), 1),
      lane.run(async () => order.push('new'), 2),
    ];
    await tick();
    expect(order).toEqual([]);
    release();
    await Promise.all([blocker, ...tasks]);
    expect(order).toEqual(['new', 'old-1', 'old-2']);
  });

  it('starts nothing while held and drops a waiting task whose signal aborts', async () => {
    const lane = new Lane('test', 2);
    lane.hold('paused');
    const ran: string[] = [];
    const controller = new AbortController();
    const kept = lane.run(async () => ran.push('kept'));
    const dropped = lane.run(async () => ran.push('dropped'), 0, controller.signal);
    controller.abort();
    await expect(dropped).rejects.toBeInstanceOf(LaneAborted);
    await tick();
    expect(ran).toEqual([]);
    lane.release('paused');
    await kept;
    expect(ran).toEqual(['kept']);
  });
});

describe('nextPollDelay', () => {
  it('starts near 2 s, grows toward 5 s, and takes a Retry-After hint as given', () => {
    const mid = () => 0.5;
    expect(nextPollDelay(0, DEFAULT_POLL, undefined, mid)).toBe(2000);
    const later = [1, 2, 3, 4, 5, 6].map((n) => nextPollDelay(n, DEFAULT_POLL, undefined, mid));
    expect(later).toEqual([...later].sort((a, b) => a - b));
    expect(nextPollDelay(20, DEFAULT_POLL, undefined, mid)).toBe(5000);
    expect(nextPollDelay(0, DEFAULT_POLL, undefined, () => 0)).toBe(1800);
    expect(nextPollDelay(3, DEFAULT_POLL, 12_000)).toBe(12_000);
  });
});

describe('ProgressCoalescer', () => {
  const view = (state: JobView['state'], progress: number): JobView => ({
    id: 'j',
    batchId: 'b',
    source: '/a.pdf',
    sourceName: 'a.pdf',
    bytes: 1,
    from: 'pdf',
    to: 'txt',
    state,
    progress,
    createdAt: 0,
    updatedAt: 0,
  });

  it('sends state changes at once and at most one progress event per interval, the latest', async () => {
    const sent: string[] = [];
    const coalescer = new ProgressCoalescer(100, (v) => sent.push(`${v.state}:${v.progress}`));
    coalescer.offer(view('uploading', 0), false);
    for (let step = 1; step <= 50; step += 1) coalescer.offer(view('uploading', step / 50), true);
    coalescer.offer(view('processing', 0), false);
    // The held progress is superseded by the state change, which carries the latest view.
    expect(sent).toEqual(['uploading:0', 'processing:0']);
    coalescer.offer(view('processing', 0.5), true);
    expect(sent.at(-1)).toBe('processing:0');
    await expect.poll(() => sent.at(-1), { message: 'the held progress event' }).toBe('processing:0.5');
  });
});

describe('pruneFinished', () => {
  it('drops finished jobs after two weeks and never an unfinished one', () => {
    const now = Date.now();
    const old = now - KEEP_FINISHED_MS - 1;
    const job = (id: string, state: string, updatedAt: number) => ({ id, state, updatedAt }) as never;
    const pruned = pruneFinished(
      {
        version: 1,
        jobs: [
          job('a', 'completed', old),
          job('b', 'processing', old),
          job('c', 'failed', now),
          job('d', 'pending', old),
        ],
        batches: [
          { id: 'x', createdAt: 0, jobIds: ['a'], skipped: [] },
          { id: 'y', createdAt: 0, jobIds: ['b', 'c'], skipped: [] },
        ],
      },
      now,
    );
    expect(pruned.jobs.map((entry) => entry.id)).toEqual(['b', 'c', 'd']);
    expect(pruned.batches.map((batch) => batch.id)).toEqual(['y']);
  });
});

describe('ifc arguments', () => {
  it('parses every convert flag of cli.md', () => {
    const parsed = parseCommandLine([
      'convert',
      'a.pdf',
      'dir',
      '--to',
      'XLSX',
      '--out',
      'o',
      '--on-conflict',
      'overwrite',
      '--concurrency',
      '3',
      '--partial',
      '--endpoint',
      'local',
      '--state-dir',
      's',
      '--json',
    ]);
    expect(parsed).toEqual({
      ok: true,
      command: {
        name: 'convert',
        inputs: ['a.pdf', 'dir'],
        to: 'xlsx',
        out: 'o',
        conflict: 'overwrite',
        concurrency: 3,
        partial: true,
        common: { endpoint: 'local', stateDir: 's', json: true },
      },
    });
  });

  it('refuses unknown flags, bad values and missing pieces', () => {
    for (const argv of [
      ['convert', 'a.pdf'],
      ['convert', '--to', 'xlsx'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--on-conflict', 'merge'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--concurrency', '0'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--verbose'],
      ['watch', 'a', 'b', '--to', 'pdf'],
      ['watch', 'a', '--to', 'pdf', '--after', 'shred'],
      ['jobs', 'extra'],
      ['frobnicate'],
    ]) {
      expect(parseCommandLine(argv).ok, argv.join(' ')).toBe(false);
    }
  });

  it('parses watch, resume and the account commands', () => {
    expect(parseCommandLine(['watch', 'in', '--to', 'pdf', '--recursive', '--after', 'move'])).toMatchObject({
      ok: true,
      command: { name: 'watch', folder: 'in', to: 'pdf', recursive: true, after: 'move' },
    });
    expect(parseCommandLine(['resume', '--json'])).toMatchObject({
      ok: true,
      command: { name: 'resume', common: { json: true } },
    });
    expect(parseCommandLine(['serve-local', '--port', '0'])).toEqual({
      ok: true,
      command: { name: 'serve-local', args: ['--port', '0'] },
    });
  });
});
