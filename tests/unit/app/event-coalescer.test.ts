import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createJobChangeCoalescer,
  createLatestThrottle,
} from '../../../electron/engine/app/event-coalescer.ts';
import type { JobView } from '../../../shared/jobs.ts';

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
    const changes = createJobChangeCoalescer(150, (payload) => sent.push({ at: Date.now(), ...payload }));
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
    const changes = createJobChangeCoalescer(150, (payload) => sent.push(payload));
    changes.upsert(job('a', 0));
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(1);
  });

  it('reports a removed job as removed, and a re-added one as changed', () => {
    const sent: { jobs: JobView[]; removed: string[] }[] = [];
    const changes = createJobChangeCoalescer(150, (payload) => sent.push(payload));
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
    const changes = createJobChangeCoalescer(150, () => order.push('changes'));
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
