// From engine events to what the window, the tray and the OS hear: job changes, status, balance
// and recent results share one paced queue (a few messages per second in all), finished jobs recorded
// in the recent results, one notification per finished batch, and the taskbar progress.
import type { EngineStatus } from '../../shared/ipc/contract.ts';
import type { BatchSummary, JobView, TokenBalance } from '../../shared/jobs.ts';
import type { Engine } from '../engine/index.ts';
import { createBatchNoticeQueue } from './batch-notice.ts';
import { batchProgress } from './batch-progress.ts';
import { createEngineWindowQueue } from './event-coalescer.ts';
import type { EventBus } from './event-bus.ts';
import type { History } from './history.ts';
import type { PlatformAdapters } from './platform.ts';

export interface EngineEventsOptions {
  bus: EventBus;
  history: History;
  platform: PlatformAdapters;
  intervalMs: number;
  noticeWindowMs: number;
  notificationsOn(): boolean;
  /** Every job the running engine knows, for the progress bar. */
  jobs(): JobView[];
  /** True for a batch that gets no OS notification: a watched folder sends each file as a
   *  batch of its own, and one notification per watched file would be noise. */
  quietBatch?(batchId: string): boolean;
  /** True for the parts of a "Combine into one PDF": only the combined file is a result. */
  partsBatch?(batchId: string): boolean;
}

export interface EngineEvents {
  attach(engine: Engine): () => void;
  /** The newest balance an engine reported (undefined until one did, or after a switch). */
  balance(): TokenBalance | undefined;
  forgetBalance(): void;
  status(status: EngineStatus): void;
  removed(jobIds: string[]): void;
  /** Sends everything still held back (before quitting). */
  flush(): void;
  close(): void;
}

export function createEngineEvents(options: EngineEventsOptions): EngineEvents {
  const { bus, history, platform, intervalMs } = options;
  let balance: TokenBalance | undefined;
  const queue = createEngineWindowQueue(intervalMs, {
    jobs(payload) {
      bus.emit('jobs:changed', payload);
      platform.setProgress?.(batchProgress(options.jobs()));
    },
    status: (value) => bus.emit('engine:status', value),
    balance: (value) => bus.emit('balance:changed', value),
    history: () => bus.emit('history:changed', history.entries()),
  });
  const notices = createBatchNoticeQueue(options.noticeWindowMs, (notice) => {
    if (options.notificationsOn()) platform.notify(notice.title, notice.body);
  });

  function onJob(job: JobView): void {
    queue.upsert(job);
    // The parts of a "Combine into one PDF" are a means: only the combined file is a result.
    if (options.partsBatch?.(job.batchId)) return;
    const known = history.find(job.id);
    const base = { jobId: job.id, source: job.source, to: job.to, finishedAt: job.updatedAt };
    if (job.state === 'completed' && job.output && !known?.output) {
      void history.add({ ...base, output: job.output }).then(() => queue.historyChanged());
    } else if (job.state === 'failed' && job.error && known?.finishedAt !== job.updatedAt) {
      // A failure is history too (a retry that fails again moves it up with its new time).
      const failure = { code: job.error.code, message: job.error.message };
      void history.add({ ...base, failure }).then(() => queue.historyChanged());
    }
  }
  function onBatch(summary: BatchSummary): void {
    // The window sees the final state of every job before the batch is announced.
    queue.afterSent(() => {
      bus.emit('batch:finished', summary);
      if (!options.quietBatch?.(summary.batchId) && !options.partsBatch?.(summary.batchId))
        notices.add(summary);
    });
  }
  function onBalance(value: TokenBalance): void {
    balance = value;
    queue.balance(value);
  }

  return {
    attach(engine) {
      const off = [
        engine.on('job', onJob),
        engine.on('batch', onBatch),
        engine.on('balance', onBalance),
        engine.on('status', (value) => queue.status(value)),
      ];
      return () => {
        for (const unsubscribe of off) unsubscribe();
      };
    },
    balance: () => balance,
    forgetBalance() {
      balance = undefined;
    },
    status: (value) => queue.status(value),
    removed(jobIds) {
      for (const jobId of jobIds) queue.remove(jobId);
    },
    flush() {
      queue.flush();
      notices.flush();
    },
    close() {
      queue.close();
      notices.close();
    },
  };
}
