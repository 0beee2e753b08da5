import { describe, expect, it } from 'vitest';
import { applyJobEvents, emptyJobs, mergeSnapshot } from '../../../renderer/src/store/jobs-reducer.ts';
import { job } from './job-fixtures.ts';

describe('the queue reducer', () => {
  it('adds new jobs in the order they were created, whatever order they arrive in', () => {
    const { state } = applyJobEvents(emptyJobs(), [
      { jobs: [job('c', { createdAt: 3 }), job('a', { createdAt: 1 })], removed: [] },
      { jobs: [job('b', { createdAt: 2 })], removed: [] },
    ]);
    expect(state.order).toEqual(['a', 'b', 'c']);
    expect(state.byId.size).toBe(3);
  });

  it('keeps the order main listed a batch in when its jobs share a creation time', () => {
    const { state } = applyJobEvents(emptyJobs(), [
      { jobs: [job('zeta'), job('alpha'), job('mid')], removed: [] },
      { jobs: [job('beta', { createdAt: 500 })], removed: [] },
    ]);
    expect(state.order).toEqual(['beta', 'zeta', 'alpha', 'mid']);
  });

  it('keeps the newer version when an older event arrives late', () => {
    const uploading = job('a', { state: 'uploading', progress: 0.5, updatedAt: 2_000 });
    const processing = job('a', { state: 'processing', progress: 0.2, updatedAt: 3_000 });
    const { state } = applyJobEvents(emptyJobs(), [
      { jobs: [processing], removed: [] },
      { jobs: [uploading], removed: [] },
    ]);
    expect(state.byId.get('a')).toEqual(processing);
  });

  it('applies a burst of events as one new state, the last update of each job winning', () => {
    const before = applyJobEvents(emptyJobs(), [{ jobs: [job('a'), job('b')], removed: [] }]).state;
    const events = Array.from({ length: 50 }, (_, step) => ({
      jobs: [job('a', { state: 'uploading' as const, progress: step / 50, updatedAt: 2_000 + step })],
      removed: [],
    }));
    const { state } = applyJobEvents(before, events);
    expect(state.byId.get('a')?.progress).toBeCloseTo(49 / 50);
    // Untouched rows keep their identity, so their React components do not re-render.
    expect(state.byId.get('b')).toBe(before.byId.get('b'));
    expect(state.order).toBe(before.order);
  });

  it('never brings back a removed job from a stale upsert', () => {
    const start = applyJobEvents(emptyJobs(), [{ jobs: [job('a'), job('b')], removed: [] }]).state;
    const { state } = applyJobEvents(start, [
      { jobs: [], removed: ['a'] },
      { jobs: [job('a', { state: 'completed', updatedAt: 9_000 })], removed: [] },
    ]);
    expect(state.byId.has('a')).toBe(false);
    expect(state.order).toEqual(['b']);
    const later = applyJobEvents(state, [{ jobs: [job('a', { updatedAt: 10_000 })], removed: [] }]).state;
    expect(later.byId.has('a')).toBe(false);
  });

  it('does not undo a final state with a non-final update from the same millisecond', () => {
    const failed = job('a', {
      state: 'failed',
      updatedAt: 5_000,
      error: { code: 'encrypted_input', message: 'x' },
    });
    const stale = job('a', { state: 'processing', progress: 0.9, updatedAt: 5_000 });
    const { state } = applyJobEvents(emptyJobs(), [{ jobs: [failed, stale], removed: [] }]);
    expect(state.byId.get('a')?.state).toBe('failed');
  });

  it('accepts a retry after a failure (a later update leaves the final state)', () => {
    const failed = job('a', { state: 'failed', updatedAt: 5_000 });
    const retried = job('a', { state: 'queued', updatedAt: 6_000 });
    const { state } = applyJobEvents(emptyJobs(), [
      { jobs: [failed], removed: [] },
      { jobs: [retried], removed: [] },
    ]);
    expect(state.byId.get('a')?.state).toBe('queued');
  });

  it('reports each job that reached a final state once, with the state it came from', () => {
    const start = applyJobEvents(emptyJobs(), [
      { jobs: [job('a', { state: 'downloading' }), job('b', { state: 'processing' })], removed: [] },
    ]).state;
    const { transitions } = applyJobEvents(start, [
      { jobs: [job('a', { state: 'completed', updatedAt: 2_000 })], removed: [] },
      { jobs: [job('a', { state: 'completed', progress: 1, updatedAt: 2_001 })], removed: [] },
      { jobs: [job('b', { state: 'failed', updatedAt: 2_000 })], removed: [] },
    ]);
    expect(transitions.map((item) => [item.job.id, item.from, item.job.state])).toEqual([
      ['a', 'downloading', 'completed'],
      ['b', 'processing', 'failed'],
    ]);
  });

  it('reports no transition for a job that failed and was retried within one batch', () => {
    const { transitions } = applyJobEvents(emptyJobs(), [
      { jobs: [job('a', { state: 'failed', updatedAt: 2_000 })], removed: [] },
      { jobs: [job('a', { state: 'queued', updatedAt: 2_500 })], removed: [] },
    ]);
    expect(transitions).toEqual([]);
  });

  it('merges a snapshot that arrives after newer events without losing them', () => {
    const live = applyJobEvents(emptyJobs(), [
      {
        jobs: [job('a', { state: 'processing', updatedAt: 4_000 }), job('new', { createdAt: 5_000 })],
        removed: [],
      },
    ]).state;
    const merged = mergeSnapshot(live, [
      job('a', { state: 'uploading', updatedAt: 3_000 }),
      job('old', { createdAt: 10 }),
    ]);
    expect(merged.byId.get('a')?.state).toBe('processing');
    expect(merged.order).toEqual(['old', 'a', 'new']);
  });

  it('handles thousands of rows in one batch and keeps them ordered', () => {
    const jobs = Array.from({ length: 5_000 }, (_, index) => job(`j${index}`, { createdAt: 5_000 - index }));
    const { state } = applyJobEvents(emptyJobs(), [{ jobs, removed: [] }]);
    expect(state.order).toHaveLength(5_000);
    expect(state.order[0]).toBe('j4999');
    const cleared = applyJobEvents(state, [
      { jobs: [], removed: jobs.slice(0, 4_000).map((item) => item.id) },
    ]);
    expect(cleared.state.order).toHaveLength(1_000);
    expect(cleared.state.order[0]).toBe('j4999');
  });
});
