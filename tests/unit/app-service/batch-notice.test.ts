import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  batchNotice,
  createBatchNoticeQueue,
  type Notice,
} from '../../../electron/app-service/batch-notice.ts';
import type { BatchSummary } from '../../../shared/jobs.ts';

function summary(completed: number, failed = 0, pending = 0, batchId = 'b1'): BatchSummary {
  return {
    batchId,
    completed: Array.from({ length: completed }, (_, i) => ({
      source: `/s${i}`,
      output: `/o${i}`,
      tokens: 1,
    })),
    failed: Array.from({ length: failed }, (_, i) => ({
      source: `/f${i}`,
      code: 'corrupt_input',
      message: 'x',
    })),
    pending: Array.from({ length: pending }, (_, i) => ({ source: `/p${i}`, state: 'pending' as const })),
    skipped: [],
    tokensSpent: completed,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('batch notifications', () => {
  it('says how a batch went in one line', () => {
    expect(batchNotice([summary(12, 1)])).toEqual({
      title: 'Conversion finished with problems',
      body: '12 converted, 1 failed',
    });
    expect(batchNotice([summary(3)])).toEqual({ title: 'Conversion finished', body: '3 converted' });
    expect(batchNotice([summary(0, 2)])).toEqual({
      title: 'Conversion failed',
      body: '0 converted, 2 failed',
    });
    expect(batchNotice([summary(1, 0, 4)])?.body).toBe('1 converted, 4 waiting');
    expect(batchNotice([summary(0)])).toBeUndefined();
  });

  it('shows one notification for batches that finish together, none per file', () => {
    const shown: Notice[] = [];
    const queue = createBatchNoticeQueue(1500, (notice) => shown.push(notice));
    queue.add(summary(10, 0, 0, 'a'));
    vi.advanceTimersByTime(500);
    queue.add(summary(2, 1, 0, 'b'));
    // The window is counted from the first finished batch: nobody waits more than 1.5 s.
    vi.advanceTimersByTime(999);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual([{ title: 'Conversion finished with problems', body: '12 converted, 1 failed' }]);
  });

  it('shows a later batch in its own notification', () => {
    const shown: Notice[] = [];
    const queue = createBatchNoticeQueue(1500, (notice) => shown.push(notice));
    queue.add(summary(1, 0, 0, 'a'));
    vi.advanceTimersByTime(2000);
    queue.add(summary(5, 0, 0, 'b'));
    vi.advanceTimersByTime(2000);
    expect(shown.map((notice) => notice.body)).toEqual(['1 converted', '5 converted']);
  });

  it('flushes what is waiting when the app quits', () => {
    const shown: Notice[] = [];
    const queue = createBatchNoticeQueue(1500, (notice) => shown.push(notice));
    queue.add(summary(2));
    queue.flush();
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(5000);
    expect(shown).toHaveLength(1);
  });
});

describe('files left out of a batch', () => {
  it('counts a file skipped on a name clash or gone before sending, so the batch is not "finished"', () => {
    const left = { ...summary(1), skipped: [{ source: '/gone.pdf', reason: 'That file no longer exists.' }] };
    expect(batchNotice([left])).toEqual({
      title: 'Conversion finished with problems',
      body: '1 converted, 1 not converted',
    });
  });

  it('tells a batch where every file was skipped, instead of saying nothing', () => {
    const all = { ...summary(0), skipped: [{ source: '/a.pdf', reason: 'exists' }] };
    expect(batchNotice([all])).toEqual({
      title: 'Conversion finished with problems',
      body: '0 converted, 1 not converted',
    });
  });
});
