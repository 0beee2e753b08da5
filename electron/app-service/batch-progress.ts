// One fraction for the taskbar / dock progress bar: how far the batches that still have work
// have got, counting each job by the stage it is in. Undefined when nothing is running, which
// clears the bar.
import { FINAL_STATES, type JobView, MOVING_STATES } from '../../shared/jobs.ts';

// Upload and conversion take most of a job's time; downloading a result is usually quick.
function jobFraction(job: JobView): number {
  if (FINAL_STATES.has(job.state)) return 1;
  const progress = Math.min(1, Math.max(0, job.progress));
  switch (job.state) {
    case 'uploading':
      return 0.3 * progress;
    case 'processing':
      return 0.3 + 0.6 * progress;
    case 'downloading':
      return 0.9 + 0.1 * progress;
    default:
      return 0;
  }
}

export function batchProgress(jobs: Iterable<JobView>): number | undefined {
  const byBatch = new Map<string, JobView[]>();
  for (const job of jobs) {
    const list = byBatch.get(job.batchId) ?? [];
    list.push(job);
    byBatch.set(job.batchId, list);
  }
  let done = 0;
  let total = 0;
  for (const list of byBatch.values()) {
    if (!list.some((job) => MOVING_STATES.has(job.state))) continue;
    for (const job of list) done += jobFraction(job);
    total += list.length;
  }
  return total === 0 ? undefined : done / total;
}
