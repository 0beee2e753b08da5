import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createEngineWindowQueue,
  createLatestThrottle,
  type EngineWindowSink,
} from '../../../electron/app-service/event-coalescer.ts';
import type { EngineStatus } from '../../../shared/ipc/contract.ts';
import type { JobView, TokenBalance } from '../../../shared/jobs.ts';

type Sent = { at: number; name: string; payload: unknown };

/** A queue whose every message is recorded with its time; `jobs` also calls `onJobs`. */
function queueRecording(
  intervalMs: number,
  onJobs: (payload: { jobs: JobView[]; removed: string[] }) => void = () => {},
) {
  const sent: Sent[] = [];
  const record = (name: string) => (payload?: unknown) => sent.push({ at: Date.now(), name, payload });
  const sink: EngineWindowSink = {
    jobs(payload) {
      record('jobs')(payload);
      onJobs(payload);
    },
    status: record('status'),
    balance: record('balance'),
    history: record('history'),
  };
  return { sent, queue: createEngineWindowQueue(intervalMs, sink) };
}

const status = (running: number): EngineStatus => ({ paused: false, needsKey: false, running });
const balance = (remaining: number) => ({ remaining }) as unknown as TokenBalance;

function job(id: string, progress: number, state: JobView['state'] = 'uploading'): JobView {
  return {
    id,
    batchId: 'b',
    source: `/in/${id}.pdf`,
    sourceName: `${id}.pdf`,
    bytes: 10,
    from: 'pdf',
    to: 'docx',
    state,
    progress,
    createdAt: 0,
    updatedAt: 0,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('job change coalescing', () => {
  it('sends at most ~7 updates per second however many jobs change, newest view winning', () => {
    const sent: { at: number; jobs: JobView[]; removed: string[] }[] = [];
    const { queue: changes } = queueRecording(150, (payload) => sent.push({ at: Date.now(), ...payload }));
    // 2,000 jobs each reporting progress every 10 ms for 3 seconds.
    for (let tick = 0; tick < 300; tick += 1) {
      for (let index = 0; index < 2000; index += 1) changes.upsert(job(`j${index}`, tick / 300));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(500);
    for (let second = 0; second < 3; second += 1) {
      const start = 1_000_000 + second * 1000;
      const inSecond = sent.filter((update) => update.at >= start && update.at < start + 1000);
      expect(inSecond.length).toBeLessThanOrEqual(7);
      expect(inSecond.length).toBeGreaterThanOrEqual(6);
    }
    for (const update of sent) expect(update.jobs).toHaveLength(2000);
    expect(sent.at(-1)!.jobs[0]!.progress).toBeCloseTo(299 / 300);
  });

  it('sends the first change after a quiet spell at once', () => {
    const sent: unknown[] = [];
    const { queue: changes } = queueRecording(150, (payload) => sent.push(payload));
    changes.upsert(job('a', 0));
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(1);
  });

  it('reports a removed job as removed, and a re-added one as changed', () => {
    const sent: { jobs: JobView[]; removed: string[] }[] = [];
    const { queue: changes } = queueRecording(150, (payload) => sent.push(payload));
    changes.upsert(job('a', 0.5));
    changes.remove('a');
    changes.upsert(job('b', 0));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ jobs: [job('b', 0)], removed: ['a'] }]);
    changes.remove('b');
    changes.upsert(job('b', 1, 'completed'));
    vi.advanceTimersByTime(200);
    expect(sent[1]).toEqual({ jobs: [job('b', 1, 'completed')], removed: [] });
  });

  it('runs afterSent once the pending changes went out, without breaking the pace', () => {
    const order: string[] = [];
    const { queue: changes } = queueRecording(150, () => order.push('changes'));
    changes.upsert(job('a', 0));
    vi.advanceTimersByTime(0);
    changes.upsert(job('a', 1, 'completed'));
    changes.afterSent(() => order.push('batch'));
    expect(order).toEqual(['changes']);
    vi.advanceTimersByTime(149);
    expect(order).toEqual(['changes']);
    vi.advanceTimersByTime(1);
    expect(order).toEqual(['changes', 'changes', 'batch']);
    changes.afterSent(() => order.push('idle'));
    expect(order.at(-1)).toBe('idle');
  });

  it('keeps all four kinds of message together under ~10 per second in a busy batch', () => {
    const { sent, queue } = queueRecording(150);
    // 2,000 jobs moving, the running count, the balance and the recent results all changing
    // every 10 ms for 3 seconds.
    for (let tick = 0; tick < 300; tick += 1) {
      for (let index = 0; index < 2000; index += 1) queue.upsert(job(`j${index}`, tick / 300));
      queue.status(status(tick));
      queue.balance(balance(10_000 - tick));
      queue.historyChanged();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(2000);
    for (let second = 0; second < 3; second += 1) {
      const start = 1_000_000 + second * 1000;
      const inSecond = sent.filter((message) => message.at >= start && message.at < start + 1000);
      expect(inSecond.length).toBeLessThanOrEqual(10);
      for (const name of ['jobs', 'status', 'balance', 'history']) {
        expect(inSecond.some((message) => message.name === name)).toBe(true);
      }
    }
    // Messages leave on the shared tick only: never two ticks closer than the interval.
    const times = [...new Set(sent.map((message) => message.at))];
    for (let index = 1; index < times.length; index += 1) {
      expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(150);
    }
    // The newest value of each wins in the end.
    expect(sent.filter((message) => message.name === 'status').at(-1)!.payload).toEqual(status(299));
    expect(sent.filter((message) => message.name === 'balance').at(-1)!.payload).toEqual(balance(9701));
  });

  it('sends only the kinds that changed, and a lone status change at once', () => {
    const { sent, queue } = queueRecording(150);
    queue.status(status(1));
    vi.advanceTimersByTime(0);
    expect(sent.map((message) => message.name)).toEqual(['status']);
    queue.upsert(job('a', 0.5));
    vi.advanceTimersByTime(150);
    expect(sent.map((message) => message.name)).toEqual(['status', 'jobs']);
    // A second status right after the first waits for its slower pace, then goes out alone.
    queue.status(status(2));
    vi.advanceTimersByTime(150);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(sent.map((message) => message.name)).toEqual(['status', 'jobs', 'status']);
    expect(sent.at(-1)!.payload).toEqual(status(2));
  });

  it('sends everything still waiting on flush, and nothing after close', () => {
    const { sent, queue } = queueRecording(150);
    queue.upsert(job('a', 0));
    vi.advanceTimersByTime(0);
    queue.upsert(job('a', 1, 'completed'));
    queue.balance(balance(5));
    queue.historyChanged();
    const order: string[] = [];
    queue.afterSent(() => order.push('batch'));
    queue.flush();
    expect(sent.map((message) => message.name)).toEqual(['jobs', 'jobs', 'balance', 'history']);
    expect(order).toEqual(['batch']);
    queue.close();
    queue.upsert(job('b', 0));
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(4);
  });

  it('throttles status-like values to the newest one per interval', () => {
    const sent: number[] = [];
    const throttle = createLatestThrottle<number>(100, (value) => sent.push(value));
    for (let value = 0; value < 50; value += 1) {
      throttle.push(value);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(200);
    expect(sent.length).toBeLessThanOrEqual(4);
    expect(sent.at(-1)).toBe(49);
  });
});
