import { describe, expect, it } from 'vitest';
import { batchProgress } from '../../../electron/app-service/batch-progress.ts';
import type { JobState, JobView } from '../../../shared/jobs.ts';

function job(id: string, batchId: string, state: JobState, progress = 0): JobView {
  return {
    id,
    batchId,
    source: `/${id}`,
    sourceName: id,
    bytes: 1,
    from: 'pdf',
    to: 'txt',
    state,
    progress,
    createdAt: 0,
    updatedAt: 0,
  };
}

describe('taskbar progress of the running batch', () => {
  it('is cleared when nothing is moving', () => {
    expect(batchProgress([])).toBeUndefined();
    expect(batchProgress([job('a', 'b1', 'completed'), job('b', 'b1', 'pending')])).toBeUndefined();
  });

  it('counts finished jobs whole and moving jobs by their stage', () => {
    const jobs = [
      job('a', 'b1', 'completed'),
      job('b', 'b1', 'failed'),
      job('c', 'b1', 'processing', 0.5),
      job('d', 'b1', 'queued'),
    ];
    expect(batchProgress(jobs)).toBeCloseTo((1 + 1 + 0.6 + 0) / 4);
  });

  it('leaves out batches that already settled', () => {
    const jobs = [job('old', 'b0', 'completed'), job('a', 'b1', 'uploading', 0.5), job('b', 'b1', 'queued')];
    expect(batchProgress(jobs)).toBeCloseTo(0.15 / 2);
  });
});
