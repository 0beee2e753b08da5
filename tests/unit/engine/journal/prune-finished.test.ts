// What the journal keeps of finished jobs.
import { describe, expect, it } from 'vitest';
import { KEEP_FINISHED_MS, pruneFinished } from '../../../../electron/engine/journal/journal.ts';

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
