// The batch header's numbers, computed from the queue in one pass.
import type { JobView } from '../../../shared/jobs.ts';
import { jobPercent } from './job-phase.ts';

export interface QueueSummary {
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Uploading, converting or downloading right now. */
  active: number;
  /** Queued, pending, stalled: not final, not moving. */
  waiting: number;
  /** Shown at Convert and not a job yet: main is checking the file (starting-rows.ts). */
  checking: number;
  finished: number;
  /** 0..100 over the queue: a failed file adds nothing (the bar never says 100 % with a
   *  failure in it); a cancelled one is left out, as the person chose. */
  percent: number;
}

export function summarizeQueue(jobs: Iterable<JobView>, checking = 0): QueueSummary {
  const summary: QueueSummary = {
    total: checking,
    checking,
    done: 0,
    failed: 0,
    cancelled: 0,
    active: 0,
    waiting: 0,
    finished: 0,
    percent: 0,
  };
  let progress = 0;
  for (const job of jobs) {
    summary.total += 1;
    if (job.state !== 'failed' && job.state !== 'cancelled') progress += jobPercent(job);
    if (job.state === 'completed') summary.done += 1;
    else if (job.state === 'failed') summary.failed += 1;
    else if (job.state === 'cancelled') summary.cancelled += 1;
    else if (job.state === 'uploading' || job.state === 'processing' || job.state === 'downloading') {
      summary.active += job.wait ? 0 : 1;
      summary.waiting += job.wait ? 1 : 0;
    } else summary.waiting += 1;
  }
  summary.finished = summary.done + summary.failed + summary.cancelled;
  const counted = summary.total - summary.cancelled;
  summary.percent = counted === 0 ? 0 : Math.floor(progress / counted);
  return summary;
}

/** Display order: failed files first (they need a look), then the rest as they came. */
export function failuresFirst(
  order: readonly string[],
  byId: ReadonlyMap<string, JobView>,
): readonly string[] {
  const failed = order.filter((id) => byId.get(id)?.state === 'failed');
  if (failed.length === 0) return order;
  return failed.concat(order.filter((id) => byId.get(id)?.state !== 'failed'));
}

/** `next`, or `previous` when both list the same ids in the same order: a list that did not
 *  change keeps its identity, so the virtualized list does not lay out every row's position
 *  again (O(jobs)) on each update that only moved jobs along. */
export function keepOrder(
  previous: readonly string[] | undefined,
  next: readonly string[],
): readonly string[] {
  if (!previous || previous === next || previous.length !== next.length) return next;
  for (let index = 0; index < next.length; index += 1) {
    if (previous[index] !== next[index]) return next;
  }
  return previous;
}
