// Turns the engine's per-job events into a few window updates per second, whatever the number
// of jobs: changes collect in a map (the newest view of a job wins) and leave together at most
// once per interval. The first change after a quiet spell goes out at once, so one file still
// feels instant.
import type { EventPayloads } from '../../../shared/ipc/contract.ts';
import type { JobView } from '../../../shared/jobs.ts';

/** Default spacing between two window updates: at most ~7 per second. */
export const DEFAULT_EVENT_INTERVAL_MS = 150;

export interface Throttle<T> {
  push(value: T): void;
  /** Sends whatever is waiting now (before quitting, or before a snapshot). */
  flush(): void;
  close(): void;
}

/** Emits the newest value at most once per interval (status, balance). */
export function createLatestThrottle<T>(intervalMs: number, emit: (value: T) => void): Throttle<T> {
  let pending: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = Number.NEGATIVE_INFINITY;
  const send = () => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    lastSent = Date.now();
    emit(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer) return;
      timer = setTimeout(send, Math.max(0, lastSent + intervalMs - Date.now()));
    },
    flush() {
      if (timer) clearTimeout(timer);
      send();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}

export interface JobChanges {
  upsert(job: JobView): void;
  remove(jobId: string): void;
  /** Runs `then` once every change collected so far has been sent, keeping the pace. */
  afterSent(then: () => void): void;
  flush(): void;
  close(): void;
}

export function createJobChangeCoalescer(
  intervalMs: number,
  emit: (payload: EventPayloads['jobs:changed']) => void,
): JobChanges {
  const upserts = new Map<string, JobView>();
  const removed = new Set<string>();
  let waiting: (() => void)[] = [];
  const throttle = createLatestThrottle<null>(intervalMs, () => {
    if (upserts.size > 0 || removed.size > 0) {
      const payload = { jobs: [...upserts.values()], removed: [...removed] };
      upserts.clear();
      removed.clear();
      emit(payload);
    }
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  });
  return {
    upsert(job) {
      removed.delete(job.id);
      upserts.set(job.id, job);
      throttle.push(null);
    },
    remove(jobId) {
      upserts.delete(jobId);
      removed.add(jobId);
      throttle.push(null);
    },
    afterSent(then) {
      if (upserts.size === 0 && removed.size === 0) then();
      else waiting.push(then);
    },
    flush: () => throttle.flush(),
    close() {
      throttle.close();
      waiting = [];
    },
  };
}
