// Announces a batch once all its jobs have settled (completed, failed, cancelled, pending or
// stalled, and none still moving), and again if any of them moves and settles again later.
import type { JobRunner } from './job-runner.ts';
import type { JobStore } from './job-store.ts';
import { SETTLED_STATES, summarize } from './job-store.ts';
import type { EngineEmitter } from '../events.ts';

export class BatchTracker {
  private readonly reported = new Set<string>();
  private readonly summaries = new Set<Promise<void>>();
  private readonly store: JobStore;
  private readonly runner: JobRunner;
  private readonly emitter: EngineEmitter;
  /** A fresh balance for the summary, or undefined if it cannot be had now. */
  private readonly balance: () => Promise<number | undefined>;
  private stopped = false;

  constructor(
    store: JobStore,
    runner: JobRunner,
    emitter: EngineEmitter,
    balance: () => Promise<number | undefined>,
  ) {
    this.store = store;
    this.runner = runner;
    this.emitter = emitter;
    this.balance = balance;
    // Batches already settled in the journal are not announced again on start.
    for (const batch of store.batches.values()) {
      if (store.batchJobs(batch.id).every((job) => SETTLED_STATES.has(job.state)))
        this.reported.add(batch.id);
    }
  }

  reopen(batchId: string): void {
    this.reported.delete(batchId);
  }

  check(batchId: string): void {
    const batch = this.store.batches.get(batchId);
    if (!batch) return;
    // Counters kept by the store and the runner: this runs on every state change.
    const settled = this.store.unsettledIn(batchId) === 0 && this.runner.runningIn(batchId) === 0;
    if (!settled) {
      this.reported.delete(batchId);
      return;
    }
    if (this.reported.has(batchId) || this.stopped) return;
    this.reported.add(batchId);
    const task = (async () => {
      // Refunds and charges have settled: one fresh balance for the summary.
      const balance = await this.balance();
      this.store.flushEvents();
      this.emitter.emit('batch', summarize(batchId, this.store.batchJobs(batchId), batch.skipped, balance));
    })();
    this.summaries.add(task);
    void task.finally(() => this.summaries.delete(task));
  }

  get pending(): number {
    return this.summaries.size;
  }

  /** Resolves once every summary that is due has gone out. */
  async flushed(): Promise<void> {
    await Promise.all([...this.summaries]);
  }

  /** No more announcements (the engine is closing). */
  stop(): void {
    this.stopped = true;
  }
}
