import { describe, expect, it } from 'vitest';
import { fundedJobs, shouldRecheck } from '../../../electron/app-service/token-resume.ts';
import type { JobView } from '../../../shared/jobs.ts';

let next = 0;
function job(state: JobView['state'], tokens: number, extra: Partial<JobView> = {}): JobView {
  next += 1;
  return {
    id: `j${next}`,
    batchId: 'b1',
    source: `/f${next}.pdf`,
    sourceName: `f${next}.pdf`,
    bytes: 10,
    from: 'pdf',
    to: 'txt',
    state,
    progress: 0,
    tokens,
    createdAt: next,
    updatedAt: next,
    ...(state === 'pending' ? { wait: { kind: 'tokens' as const } } : {}),
    ...extra,
  };
}
const nothingWatched = () => false;

describe('files waiting for tokens go on once the balance covers them', () => {
  it('resumes, oldest first, the waiting files the balance covers', () => {
    const a = job('pending', 4);
    const b = job('pending', 4);
    const c = job('pending', 4);
    expect(fundedJobs([a, b, c], 9, nothingWatched)).toEqual([a.id, b.id]);
  });

  it('keeps back what queued files not yet charged will take', () => {
    const queued = job('queued', 5);
    const waiting = job('pending', 4);
    expect(fundedJobs([queued, waiting], 8, nothingWatched)).toEqual([]);
    expect(fundedJobs([queued, waiting], 9, nothingWatched)).toEqual([waiting.id]);
    // Accepted by the server: its tokens are already off the balance.
    const accepted = job('uploading', 5, { serverJobId: 's1' });
    expect(fundedJobs([accepted, waiting], 4, nothingWatched)).toEqual([waiting.id]);
  });

  it('does not let a cheaper later file jump ahead of an earlier one still short', () => {
    const big = job('pending', 10);
    const small = job('pending', 1);
    expect(fundedJobs([small, big].reverse(), 5, nothingWatched)).toEqual([]);
  });

  it('leaves alone files held by the person, and watched folders (they restart their own)', () => {
    const paused = job('pending', 1, { wait: { kind: 'paused' } });
    const watched = job('pending', 1, { batchId: 'watch' });
    const isWatched = (batchId: string) => batchId === 'watch';
    expect(fundedJobs([paused, watched], 100, isWatched)).toEqual([]);
    expect(shouldRecheck([paused, watched], isWatched)).toBe(false);
    expect(shouldRecheck([job('pending', 1)], isWatched)).toBe(true);
  });

  it('asks the balance again only while nothing else is moving', () => {
    const waiting = job('pending', 4);
    expect(shouldRecheck([waiting, job('processing', 2)], nothingWatched)).toBe(false);
    expect(shouldRecheck([waiting, job('completed', 2)], nothingWatched)).toBe(true);
  });
});
