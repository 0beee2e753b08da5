// The conversion engine: "these files -> that format" becomes saved results. It owns the job
// store (journal + events), the lanes, the rate gate and one API client, and exposes the small
// API that the desktop main process and `ifc` both call. The pieces: job-runner.ts and
// step-*.ts (one job's way), submit-batch.ts + preflight.ts (a new batch), resume.ts (a
// journal after a stop), job-control.ts (what a person does to a job), queue-holds.ts (pause
// and "needs a key"), account-info.ts (balance and formats), batch-tracker.ts.
import { resolve } from 'node:path';
import type { FormatsInfo } from '../../shared/formats.ts';
import { estimateBatch } from '../../shared/formats.ts';
import type { BatchSummary, JobView, TokenBalance } from '../../shared/jobs.ts';
import { messageFor } from '../../shared/messages.ts';
import type { Result } from '../../shared/result.ts';
import { fail, ok } from '../../shared/result.ts';
import { AccountInfo } from './jobs/account-info.ts';
import type { ApiClient, ResponseMeta } from './api/api-client.ts';
import type { ApiError } from './api/api-errors.ts';
import { BatchTracker } from './jobs/batch-tracker.ts';
import { checkSpendCaps } from './spend/spend-cap.ts';
import type {
  BatchCaps,
  EngineEventName,
  EngineEvents,
  EngineStatus,
  EstimateResult,
  ExpandedFile,
  JobRecord,
  SkippedInput,
  SubmitItem,
  SubmitOptions,
} from './engine-types.ts';
import type { EngineEmitter } from './events.ts';
import { expandInputs } from './jobs/expand-inputs.ts';
import type { ControlContext } from './jobs/job-control.ts';
import {
  cancelJob,
  checkAgainJob,
  holdBatchForTokens,
  pauseJob,
  removeJob,
  resumeJob,
  retryJob,
} from './jobs/job-control.ts';
import type { JobRunner } from './jobs/job-runner.ts';
import type { JobStore } from './jobs/job-store.ts';
import { summarize, toView } from './jobs/job-store.ts';
import type { Lane } from './jobs/lanes.ts';
import { measureItems } from './jobs/preflight.ts';
import type { RateGate } from './api/rate-gate.ts';
import { StatusReporter } from './jobs/engine-status.ts';
import { resumeJobs } from './journal/resume.ts';
import type { RetryTiming } from './api/retry-policy.ts';
import type { StateLock } from './journal/state-lock.ts';
import { QueueHolds } from './jobs/queue-holds.ts';
import { prepareBatch } from './jobs/submit-batch.ts';

export interface EngineParts {
  endpoint: string;
  client: ApiClient;
  store: JobStore;
  runner: JobRunner;
  gate: RateGate;
  lanes: { upload: Lane; poll: Lane; download: Lane };
  emitter: EngineEmitter;
  lock: StateLock;
  retry: RetryTiming;
  offline: boolean;
  conflict: NonNullable<SubmitOptions['conflict']>;
  outDir?: string;
}

export class Engine {
  /** Set when the journal on disk was damaged and moved here; a new one was started. */
  journalSetAside: string | undefined;
  private readonly parts: EngineParts;
  private readonly batches: BatchTracker;
  private readonly control: ControlContext;
  private readonly holds: QueueHolds;
  private closed = false;
  private readonly account: AccountInfo;
  private readonly statusReporter: StatusReporter;
  private readonly closeController = new AbortController();

  constructor(parts: EngineParts) {
    this.parts = parts;
    this.account = new AccountInfo({
      client: parts.client,
      gate: parts.gate,
      retry: parts.retry,
      emitter: parts.emitter,
      offline: parts.offline,
      signal: this.closeController.signal,
      onAuthFailure: () => this.onAuthFailure(),
    });
    this.holds = new QueueHolds(parts.store, parts.runner, parts.lanes, () => this.emitStatus());
    this.batches = new BatchTracker(parts.store, parts.runner, parts.emitter, async () => {
      if (!this.holds.needsKey && !this.closed) await this.balance();
      return this.account.tokens;
    });
    this.control = {
      store: parts.store,
      runner: parts.runner,
      paused: () => this.holds.paused,
      reopen: (batchId) => this.batches.reopen(batchId),
    };
    parts.store.onStateChange = (job) => {
      this.batches.check(job.batchId);
      this.emitStatus();
    };
    parts.runner.onDriveEnd = (job) => this.batches.check(job.batchId);
    this.statusReporter = new StatusReporter(() => this.status(), parts.emitter, parts.gate);
  }

  // ---- events and state -------------------------------------------------------------------

  on<K extends EngineEventName>(event: K, listener: (payload: EngineEvents[K]) => void): () => void {
    return this.parts.emitter.on(event, listener);
  }

  /** Bytes the journal has written since this engine started (for the benchmark). */
  get journalBytesWritten(): number {
    return this.parts.store.journalBytesWritten;
  }

  jobs(): JobView[] {
    return this.parts.store.all().map(toView);
  }

  status(): EngineStatus {
    // Kept by the store on each change: this runs on every state change.
    const running = this.parts.store.unsettledCount;
    const status: EngineStatus = { paused: this.holds.paused, needsKey: this.holds.needsKey, running };
    const notBefore = this.parts.gate.notBefore;
    if (notBefore !== undefined) status.notBefore = notBefore;
    return status;
  }

  /** The outcome of any set of jobs (a batch, or what a resume picked up), as of now. */
  summaryFor(
    jobIds: string[],
    label: string,
    skipped: { source: string; reason: string }[] = [],
  ): BatchSummary {
    const jobs = jobIds
      .map((id) => this.parts.store.get(id))
      .filter((job): job is JobRecord => job !== undefined);
    return summarize(label, jobs, skipped, this.account.tokens);
  }

  /** Resolves when no job is moving and every due batch summary has gone out. */
  async idle(): Promise<void> {
    for (;;) {
      await this.parts.runner.idle();
      if (this.batches.pending === 0 && this.parts.runner.runningCount === 0) return;
      await this.batches.flushed();
    }
  }

  // ---- account and formats ----------------------------------------------------------------

  formats(): Promise<Result<FormatsInfo>> {
    return this.account.formats();
  }

  balance(): Promise<Result<TokenBalance>> {
    return this.account.balance();
  }

  /** Limits from a recent /api/formats, for the sync path's size limit. */
  limits(): FormatsInfo['limits'] | undefined {
    return this.account.limits();
  }

  /** Folders recurse; files that cannot become `to` are set aside with a reason. */
  async expandInputs(
    paths: string[],
    to?: string,
  ): Promise<Result<{ files: ExpandedFile[]; skipped: SkippedInput[] }>> {
    const info = await this.account.recentFormats();
    if (!info.ok) return info;
    return ok(await expandInputs(paths, info.value, to));
  }

  async estimate(items: SubmitItem[], caps?: BatchCaps): Promise<Result<EstimateResult>> {
    const [info, account] = await Promise.all([this.formats(), this.balance()]);
    if (!info.ok) return info;
    if (!account.ok) return account;
    const measured = await measureItems(items, info.value);
    const estimate = estimateBatch(info.value.pricing, measured.items, account.value.tokens);
    const { total, shortfall, fitCount, fitTokens } = estimate;
    // Each item's own cost, in the order asked; null for a file that can no longer be read.
    const bySource = new Map(
      measured.items.map((item, index) => [item.source, estimate.perItem[index] ?? 0]),
    );
    const costs = items.map((item) => bySource.get(resolve(item.source)) ?? null);
    const cap = caps ? checkSpendCaps(estimate.perItem, caps, caps.monthSpent ?? 0) : undefined;
    return ok({
      total,
      balance: account.value.tokens,
      shortfall,
      fitCount,
      fitTokens,
      costs,
      ...(cap ? { cap } : {}),
    });
  }

  // ---- batches ----------------------------------------------------------------------------

  /** Preflight (formats, pricing, balance), then queue. Nothing is uploaded if refused. */
  async submit(
    items: SubmitItem[],
    options: SubmitOptions = {},
  ): Promise<Result<{ batchId: string; jobIds: string[]; skipped: { source: string; reason: string }[] }>> {
    if (this.closed) return fail({ code: 'internal', message: messageFor('internal') });
    if (this.holds.needsKey) return fail({ code: 'invalid_api_key', message: messageFor('invalid_api_key') });
    const [info, account] = await Promise.all([this.formats(), this.balance()]);
    if (!info.ok) return info;
    if (!account.ok) return account;
    const prepared = await prepareBatch(items, options, info.value, account.value.tokens, {
      endpoint: this.parts.endpoint,
      conflict: this.parts.conflict,
      paused: this.holds.paused,
      now: this.parts.store.clock.now(),
      ...(this.parts.outDir ? { outDir: this.parts.outDir } : {}),
    });
    if (!prepared.ok) return prepared;
    const { batch, jobs } = prepared.value;
    this.parts.store.addBatch(batch, jobs);
    await this.parts.store.flush();
    for (const job of jobs) this.parts.runner.start(job);
    this.emitStatus();
    this.batches.check(batch.id);
    // What was left out (gone since it was named, or its result exists and the conflict
    // setting says skip) is said to the caller too, not only in the batch's summary.
    return ok({ batchId: batch.id, jobIds: batch.jobIds, skipped: [...batch.skipped] });
  }

  /** Picks up what a stopped run left (see resume.ts): the jobs it moved, and those it left
   *  pending because the balance does not cover them yet. */
  async resumeJournal(): Promise<Result<{ jobIds: string[]; pendingIds: string[] }>> {
    const outcome = await resumeJobs({
      endpoint: this.parts.endpoint,
      offline: this.parts.offline,
      store: this.parts.store,
      runner: this.parts.runner,
      formats: () => this.formats(),
      balance: () => this.balance(),
    });
    if (outcome.ok) {
      const batchIds = new Set(outcome.value.jobIds.map((id) => this.parts.store.get(id)?.batchId ?? ''));
      for (const batchId of batchIds) {
        this.batches.reopen(batchId);
        this.batches.check(batchId);
      }
    }
    this.emitStatus();
    return outcome;
  }

  // ---- control ----------------------------------------------------------------------------

  /** Pauses the queue: nothing new is uploaded; accepted jobs still finish and download. */
  pause(): void {
    this.holds.pause();
  }

  resume(): void {
    this.holds.resume();
  }

  pauseJob(jobId: string): Promise<Result<void>> {
    return pauseJob(this.control, jobId);
  }

  resumeJob(jobId: string): Result<void> {
    return resumeJob(this.control, jobId);
  }

  cancel(jobId: string): Promise<Result<void>> {
    return cancelJob(this.control, jobId);
  }

  retry(jobId: string): Result<void> {
    return retryJob(this.control, jobId);
  }

  checkAgain(jobId: string): Result<void> {
    return checkAgainJob(this.control, jobId);
  }

  remove(jobId: string): Result<void> {
    const removed = removeJob(this.control, jobId);
    this.emitStatus();
    return removed;
  }

  /** A new key after a 401: work that waited for it goes on. */
  setApiKey(key: string): void {
    this.parts.client.setKey(key);
    this.holds.releaseForKey();
  }

  /** Stops everything: jobs not yet accepted go back to pending, accepted ones stay in the
   *  journal to be resumed; then the journal is flushed and the state-dir lock released. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closeController.abort();
    const running = this.parts.store.all().filter((job) => this.parts.runner.isRunning(job.id));
    await Promise.all(running.map((job) => this.parts.runner.stop(job.id, 'closing')));
    for (const job of this.parts.store.all()) {
      if (job.state === 'queued' || job.state === 'uploading') {
        this.parts.store.update(job, { state: 'pending', progress: 0, wait: undefined });
      } else if (job.state === 'downloading') {
        this.parts.store.update(job, { progress: 0, partPath: undefined });
      }
    }
    this.batches.stop();
    await this.batches.flushed();
    this.parts.store.flushEvents();
    this.statusReporter.stop();
    try {
      await this.parts.store.close();
    } finally {
      await this.parts.lock.release();
      await this.parts.client.close();
    }
  }

  // ---- called by the runner and the client (wired in index.ts) ----------------------------

  onAuthFailure(): void {
    this.holds.holdForKey();
  }

  /** 402: the job and every job of its batch not yet sent wait for tokens. */
  onOutOfTokens(job: JobRecord, error: ApiError): void {
    const balance = holdBatchForTokens(this.control, job, error);
    if (balance !== undefined) this.account.set(balance);
  }

  onCharged(tokens: number, meta: ResponseMeta): void {
    this.account.onCharged(tokens, meta);
  }

  onMeta(meta: ResponseMeta): void {
    this.account.onMeta(meta);
  }

  // ---- internals --------------------------------------------------------------------------

  private emitStatus(): void {
    this.statusReporter.emit();
  }
}
