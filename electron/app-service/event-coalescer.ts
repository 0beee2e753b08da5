// Turns the engine's events into a few window messages per second, whatever the number of
// jobs: job changes collect in a map (the newest view of a job wins), status, balance and the
// recent results keep only their newest value, and everything leaves together on ONE shared
// tick. The first change after a quiet spell goes out at once, so one file still feels instant.
import type { EngineStatus, EventPayloads } from '../../shared/ipc/contract.ts';
import type { JobView, TokenBalance } from '../../shared/jobs.ts';

/** Default spacing between two window updates: at most ~7 per second. */
export const DEFAULT_EVENT_INTERVAL_MS = 150;

/** Status, balance and recent results go out at most once every this many ticks each (~1 s at
 *  the default): with job updates every tick that keeps a busy batch at <= ~10 messages/s in
 *  all, and none of the three is something a person watches move. */
export const SLOW_EVENT_TICKS = 7;

export interface Throttle<T> {
  push(value: T): void;
  /** Sends whatever is waiting now (before quitting, or before a snapshot). */
  flush(): void;
  close(): void;
}

/** Emits the newest value at most once per interval (the watch-folder list). */
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

/** Where a flush goes: one call per event type that changed since the last one. */
export interface EngineWindowSink {
  jobs(payload: EventPayloads['jobs:changed']): void;
  status(value: EngineStatus): void;
  balance(value: TokenBalance): void;
  /** The recent results changed; the sink reads the newest list itself. */
  history(): void;
}

export interface EngineWindowQueue {
  upsert(job: JobView): void;
  remove(jobId: string): void;
  status(value: EngineStatus): void;
  balance(value: TokenBalance): void;
  historyChanged(): void;
  /** Runs `then` once every job change collected so far has been sent, keeping the pace. */
  afterSent(then: () => void): void;
  /** Sends whatever is waiting now (before quitting). */
  flush(): void;
  close(): void;
}

type Slow = 'status' | 'balance' | 'history';

export function createEngineWindowQueue(intervalMs: number, sink: EngineWindowSink): EngineWindowQueue {
  const slowMs = intervalMs * SLOW_EVENT_TICKS;
  const upserts = new Map<string, JobView>();
  const removed = new Set<string>();
  let status: { value: EngineStatus } | undefined;
  let balance: { value: TokenBalance } | undefined;
  let historyDirty = false;
  let waiting: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let lastFlush = Number.NEGATIVE_INFINITY;
  const lastSlow: Record<Slow, number> = {
    status: Number.NEGATIVE_INFINITY,
    balance: Number.NEGATIVE_INFINITY,
    history: Number.NEGATIVE_INFINITY,
  };

  const jobsPending = () => upserts.size > 0 || removed.size > 0;
  const slowPending = (): Slow[] => [
    ...(status ? (['status'] as const) : []),
    ...(balance ? (['balance'] as const) : []),
    ...(historyDirty ? (['history'] as const) : []),
  ];

  function sendJobs(): void {
    if (!jobsPending()) return;
    const payload = { jobs: [...upserts.values()], removed: [...removed] };
    upserts.clear();
    removed.clear();
    sink.jobs(payload);
  }
  function sendSlow(kind: Slow, now: number): void {
    lastSlow[kind] = now;
    if (kind === 'status' && status) {
      const { value } = status;
      status = undefined;
      sink.status(value);
    } else if (kind === 'balance' && balance) {
      const { value } = balance;
      balance = undefined;
      sink.balance(value);
    } else if (kind === 'history') {
      historyDirty = false;
      sink.history();
    }
  }
  function runWaiting(): void {
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  }

  function tick(): void {
    timer = undefined;
    const now = Date.now();
    const sendsJobs = jobsPending();
    const slow = slowPending().filter((kind) => now >= lastSlow[kind] + slowMs);
    if (sendsJobs || slow.length > 0) lastFlush = now;
    sendJobs();
    for (const kind of slow) sendSlow(kind, now);
    // After the jobs (and whatever rode along): 'batch:finished' follows the final job states.
    runWaiting();
    schedule();
  }
  function schedule(): void {
    if (timer || closed) return;
    const nextTick = lastFlush + intervalMs;
    let due = jobsPending() ? nextTick : Number.POSITIVE_INFINITY;
    for (const kind of slowPending()) due = Math.min(due, Math.max(nextTick, lastSlow[kind] + slowMs));
    if (due === Number.POSITIVE_INFINITY) return;
    timer = setTimeout(tick, Math.max(0, due - Date.now()));
  }

  return {
    upsert(job) {
      removed.delete(job.id);
      upserts.set(job.id, job);
      schedule();
    },
    remove(jobId) {
      upserts.delete(jobId);
      removed.add(jobId);
      schedule();
    },
    status(value) {
      status = { value };
      schedule();
    },
    balance(value) {
      balance = { value };
      schedule();
    },
    historyChanged() {
      historyDirty = true;
      schedule();
    },
    afterSent(then) {
      if (jobsPending()) waiting.push(then);
      else then();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const now = Date.now();
      sendJobs();
      for (const kind of slowPending()) sendSlow(kind, now);
      runWaiting();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      closed = true;
      upserts.clear();
      removed.clear();
      status = undefined;
      balance = undefined;
      historyDirty = false;
      waiting = [];
    },
  };
}
