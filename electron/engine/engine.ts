// The conversion engine: "these files -> that format" becomes saved results. It owns the job
// store (journal + events), the lanes, the rate gate and one API client, and exposes the small
// API that the desktop main process and `ifc` both call. Per-job work is in job-runner.ts;
// batch preflight in preflight.ts; resuming a journal in resume.ts.
import { randomUUID } from 'node:crypto';
import type { FormatsInfo } from '../../shared/formats.ts';
import { estimateBatch } from '../../shared/formats.ts';
import type { BatchSummary, JobState, JobView, TokenBalance } from '../../shared/jobs.ts';
import { messageFor } from '../../shared/messages.ts';
import type { Result } from '../../shared/result.ts';
import { fail, ok } from '../../shared/result.ts';
import type { ApiClient, ApiResult, ResponseMeta } from './api-client.ts';
import type { ApiError } from './api-errors.ts';
import { toFailure } from './api-errors.ts';
import type {
  BatchRecord,
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
import { expandInputs } from './expand-inputs.ts';
import type { JobRunner } from './job-runner.ts';
import type { JobStore } from './job-store.ts';
import { SETTLED_STATES, summarize, toView } from './job-store.ts';
import type { Lane } from './lanes.ts';
import { outputDirFor, outputExists } from './output-path.ts';
import { measureItems, planBatch } from './preflight.ts';
import type { RateGate } from './rate-gate.ts';
import { MAX_TIMER_MS } from './rate-gate.ts';
import { resumeJobs } from './resume.ts';
import type { RetryTiming } from './retry-policy.ts';
import { withRetry } from './retry-policy.ts';
import { outputNameFor } from './safe-name.ts';
import type { StateLock } from './state-lock.ts';

const FORMATS_FRESH_MS = 60_000;

/** A job's state read afresh (TypeScript would otherwise keep an earlier narrowing). */
function stateOf(job: JobRecord): JobState {
  return job.state;
}

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
  private readonly p: EngineParts;
  private paused = false;
  private needsKey = false;
  private closed = false;
  private tokens: number | undefined;
  private formatsCache: { info: FormatsInfo; at: number } | undefined;
  private readonly reported = new Set<string>();
  private readonly summaries = new Set<Promise<void>>();
  private lastStatus = '';
  private gateTimer: NodeJS.Timeout | undefined;
  private readonly closeController = new AbortController();
  /** Set when the journal on disk was damaged and moved here; a new one was started. */
  journalSetAside: string | undefined;

  constructor(parts: EngineParts) {
    this.p = parts;
    parts.store.onStateChange = (job) => {
      this.checkBatch(job.batchId);
      this.emitStatus();
    };
    parts.runner.onDriveEnd = (job) => this.checkBatch(job.batchId);
    parts.gate.onChange(() => this.onGateChange());
    // Batches already settled in the journal are not announced again on start.
    for (const batch of parts.store.batches.values()) {
      if (parts.store.batchJobs(batch.id).every((job) => SETTLED_STATES.has(job.state)))
        this.reported.add(batch.id);
    }
  }

  // ---- events and state -------------------------------------------------------------------

  on<K extends EngineEventName>(event: K, listener: (payload: EngineEvents[K]) => void): () => void {
    return this.p.emitter.on(event, listener);
  }

  jobs(): JobView[] {
    return this.p.store.all().map(toView);
  }

  status(): EngineStatus {
    const running = this.p.store.all().filter((job) => !SETTLED_STATES.has(job.state)).length;
    const status: EngineStatus = { paused: this.paused, needsKey: this.needsKey, running };
    const notBefore = this.p.gate.notBefore;
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
      .map((id) => this.p.store.get(id))
      .filter((job): job is JobRecord => job !== undefined);
    return summarize(label, jobs, skipped, this.tokens);
  }

  /** Resolves when no job is moving and every due batch summary has gone out. */
  async idle(): Promise<void> {
    for (;;) {
      await this.p.runner.idle();
      if (this.summaries.size === 0 && this.p.runner.runningCount === 0) return;
      await Promise.all([...this.summaries]);
    }
  }

  // ---- account and formats ----------------------------------------------------------------

  async formats(): Promise<Result<FormatsInfo>> {
    const outcome = await this.call((signal) => this.p.client.formats(signal));
    if (!outcome.ok) return fail(this.failure(outcome.error));
    this.formatsCache = { info: outcome.value, at: Date.now() };
    return ok(outcome.value);
  }

  async balance(): Promise<Result<TokenBalance>> {
    const outcome = await this.call((signal) => this.p.client.account(signal));
    if (!outcome.ok) return fail(this.failure(outcome.error));
    this.setBalance(outcome.value.tokens);
    return ok(this.balanceView(outcome.value.tokens));
  }

  /** Formats known to be recent, for the sync-path size limit. */
  limits(): FormatsInfo['limits'] | undefined {
    return this.formatsCache?.info.limits;
  }

  async expandInputs(
    paths: string[],
    to?: string,
  ): Promise<Result<{ files: ExpandedFile[]; skipped: SkippedInput[] }>> {
    const info = await this.freshFormats();
    if (!info.ok) return info;
    return ok(await expandInputs(paths, info.value, to));
  }

  async estimate(items: SubmitItem[]): Promise<Result<EstimateResult>> {
    const [info, account] = await Promise.all([this.formats(), this.balance()]);
    if (!info.ok) return info;
    if (!account.ok) return account;
    const measured = await measureItems(items, info.value);
    const estimate = estimateBatch(info.value.pricing, measured.items, account.value.tokens);
    return ok({
      total: estimate.total,
      balance: account.value.tokens,
      shortfall: estimate.shortfall,
      fitCount: estimate.fitCount,
      fitTokens: estimate.fitTokens,
    });
  }

  // ---- batches ----------------------------------------------------------------------------

  /** Preflight (formats, pricing, balance), then queue. Nothing is uploaded if refused. */
  async submit(
    items: SubmitItem[],
    options: SubmitOptions = {},
  ): Promise<Result<{ batchId: string; jobIds: string[] }>> {
    if (this.closed) return fail({ code: 'internal', message: messageFor('internal') });
    if (this.needsKey) return fail({ code: 'invalid_api_key', message: messageFor('invalid_api_key') });
    const [info, account] = await Promise.all([this.formats(), this.balance()]);
    if (!info.ok) return info;
    if (!account.ok) return account;
    const conflict = options.conflict ?? this.p.conflict;
    const measured = await measureItems(items, info.value);
    const skipped = [
      ...(options.skipped ?? []),
      ...measured.skipped.map(({ source, reason }) => ({ source, reason })),
    ];
    let runnable = measured.items;
    if (conflict === 'skip') {
      const kept = [];
      for (const item of runnable) {
        const dir = outputDirFor(item.source, item.outDir ?? this.p.outDir);
        if (await outputExists(dir, outputNameFor(item.name, item.to))) {
          skipped.push({ source: item.source, reason: messageFor('output_exists') });
        } else kept.push(item);
      }
      runnable = kept;
    }
    const plan = planBatch(info.value, runnable, account.value.tokens, options.partial === true);
    if (plan.refused) {
      return fail({
        code: 'insufficient_tokens',
        message: messageFor('insufficient_tokens'),
        details: {
          required: plan.estimate.total,
          balance: account.value.tokens,
          shortfall: plan.estimate.shortfall,
          fitCount: plan.estimate.fitCount,
          fitTokens: plan.estimate.fitTokens,
        },
      });
    }
    const now = Date.now();
    const batch: BatchRecord = { id: `b_${randomUUID()}`, createdAt: now, jobIds: [], skipped };
    const costs = new Map(runnable.map((item, index) => [item, plan.estimate.perItem[index] ?? 0]));
    const make = (item: (typeof runnable)[number], state: 'queued' | 'pending'): JobRecord => {
      const job: JobRecord = {
        id: randomUUID(),
        batchId: batch.id,
        source: item.source,
        sourceName: item.name,
        bytes: item.bytes,
        from: item.from,
        to: item.to,
        state,
        progress: 0,
        tokens: costs.get(item) ?? 0,
        createdAt: now,
        updatedAt: now,
        endpoint: this.p.endpoint,
        conflict,
        priority: now,
      };
      const outDir = item.outDir ?? this.p.outDir;
      if (outDir) job.outDir = outDir;
      if (state === 'pending')
        job.wait = { kind: 'tokens', required: plan.estimate.total, balance: account.value.tokens };
      else if (this.paused) job.wait = { kind: 'paused' };
      return job;
    };
    const jobs = [
      ...plan.run.map((item) => make(item, 'queued')),
      ...plan.pending.map((item) => make(item, 'pending')),
    ];
    batch.jobIds = jobs.map((job) => job.id);
    this.p.store.addBatch(batch, jobs);
    await this.p.store.flush();
    for (const job of jobs) this.p.runner.start(job);
    this.emitStatus();
    this.checkBatch(batch.id);
    return ok({ batchId: batch.id, jobIds: batch.jobIds });
  }

  /** Picks up what a stopped run left (see resume.ts); returns the ids of the jobs it moved. */
  async resumeJournal(): Promise<Result<{ jobIds: string[]; pendingIds: string[] }>> {
    const outcome = await resumeJobs({
      endpoint: this.p.endpoint,
      store: this.p.store,
      runner: this.p.runner,
      formats: () => this.formats(),
      balance: () => this.balance(),
    });
    for (const id of outcome.ok ? outcome.value.jobIds : []) {
      const job = this.p.store.get(id);
      if (job) this.reported.delete(job.batchId);
    }
    for (const batchId of new Set(
      outcome.ok ? outcome.value.jobIds.map((id) => this.p.store.get(id)?.batchId) : [],
    )) {
      if (batchId) this.checkBatch(batchId);
    }
    this.emitStatus();
    return outcome;
  }

  // ---- control ----------------------------------------------------------------------------

  /** Pauses the queue: nothing new is uploaded; accepted jobs still finish and download. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.p.lanes.upload.hold('paused');
    for (const job of this.p.store.all()) {
      if (job.state === 'queued' && !job.wait) this.p.store.update(job, { wait: { kind: 'paused' } });
    }
    this.emitStatus();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const job of this.p.store.all()) {
      if (job.state === 'queued' && job.wait?.kind === 'paused')
        this.p.store.update(job, { wait: undefined });
    }
    this.p.lanes.upload.release('paused');
    this.emitStatus();
  }

  /** Holds one job that has not been sent yet; it stays pending until resumeJob. */
  async pauseJob(jobId: string): Promise<Result<void>> {
    const job = this.p.store.get(jobId);
    if (!job) return this.notFound();
    if (this.p.runner.bodySent(jobId)) return this.conflict();
    if (job.state !== 'queued' && job.state !== 'uploading') return this.conflict();
    await this.p.runner.stop(jobId, 'paused');
    if (job.state === 'queued' || job.state === 'uploading') {
      this.p.store.update(job, { state: 'pending', progress: 0, heldByUser: true, wait: { kind: 'paused' } });
      return ok(undefined);
    }
    this.p.runner.start(job);
    return this.conflict();
  }

  resumeJob(jobId: string): Result<void> {
    const job = this.p.store.get(jobId);
    if (!job) return this.notFound();
    if (job.state !== 'pending') return this.conflict();
    this.p.store.update(job, {
      state: 'queued',
      heldByUser: undefined,
      wait: this.paused ? { kind: 'paused' } : undefined,
    });
    this.p.runner.start(job);
    return ok(undefined);
  }

  async cancel(jobId: string): Promise<Result<void>> {
    const job = this.p.store.get(jobId);
    if (!job) return this.notFound();
    if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled')
      return this.conflict();
    if (!job.serverJobId && this.p.runner.bodySent(jobId)) {
      // The server may be accepting it right now: let the answer arrive, then DELETE the job.
      this.p.runner.requestCancelAfterUpload(jobId);
      return ok(undefined);
    }
    await this.p.runner.stop(jobId, 'cancelled');
    // Re-read: while it stopped, an upload may have been accepted or a download finished.
    const state = stateOf(job);
    if (job.serverJobId && (state === 'processing' || state === 'stalled')) {
      const outcome = await this.p.runner.cancelOnServer(job);
      if (outcome === 'cancelled') return ok(undefined);
      this.p.runner.start(job); // finished meanwhile (409) or unreachable: carry on with it
      return this.conflict();
    }
    if (state === 'completed' || state === 'failed') return this.conflict();
    this.p.store.update(job, {
      state: 'cancelled',
      wait: undefined,
      progress: 0,
      partPath: undefined,
      idempotencyKey: job.serverJobId ? job.idempotencyKey : undefined,
    });
    return ok(undefined);
  }

  /** Tries a failed, cancelled, stalled or pending job again: re-downloads a result the server
   *  still holds, re-polls an accepted job, and only otherwise sends the file again. */
  retry(jobId: string): Result<void> {
    const job = this.p.store.get(jobId);
    if (!job) return this.notFound();
    if (
      !['failed', 'cancelled', 'stalled', 'pending'].includes(job.state) ||
      this.p.runner.isRunning(jobId)
    ) {
      return this.conflict();
    }
    const base = { error: undefined, wait: undefined, progress: 0, heldByUser: undefined } as const;
    const resultAlive =
      job.result && (job.result.expiresAt === undefined || job.result.expiresAt > Date.now());
    if (job.result && resultAlive && job.state !== 'cancelled') {
      this.p.store.update(job, { ...base, state: 'downloading' });
    } else if (job.serverJobId && job.charged && !job.result && job.state !== 'cancelled') {
      this.p.store.update(job, {
        ...base,
        state: 'processing',
        deadlineAt: Date.now() + this.stallAfterMs(),
      });
    } else {
      // A new conversion: a new key, unless the last one may have reached the server unanswered.
      const keepKey = !job.serverJobId && job.state === 'failed';
      this.p.store.update(job, {
        ...base,
        state: 'queued',
        serverJobId: undefined,
        result: undefined,
        output: undefined,
        charged: undefined,
        idempotencyKey: keepKey ? job.idempotencyKey : undefined,
      });
    }
    this.reported.delete(job.batchId);
    this.p.runner.start(job, { pollSoon: true });
    return ok(undefined);
  }

  /** A stalled job: ask the server again, with a fresh deadline. Never resubmits. */
  checkAgain(jobId: string): Result<void> {
    const job = this.p.store.get(jobId);
    if (!job) return this.notFound();
    if (job.state !== 'stalled' || !job.serverJobId) return this.conflict();
    this.p.store.update(job, {
      state: 'processing',
      error: undefined,
      deadlineAt: Date.now() + this.stallAfterMs(),
    });
    this.reported.delete(job.batchId);
    this.p.runner.start(job, { pollSoon: true });
    return ok(undefined);
  }

  /** Forgets a job that is not moving (finished, pending or stalled). */
  remove(jobId: string): Result<void> {
    const job = this.p.store.get(jobId);
    if (!job) return this.notFound();
    if (!SETTLED_STATES.has(job.state) || this.p.runner.isRunning(jobId)) return this.conflict();
    this.p.store.remove(jobId);
    this.emitStatus();
    return ok(undefined);
  }

  /** A new key after a 401: work that waited for it goes on. */
  setApiKey(key: string): void {
    this.p.client.setKey(key);
    if (!this.needsKey) return;
    this.needsKey = false;
    for (const lane of Object.values(this.p.lanes)) lane.release('needs-key');
    for (const job of this.p.store.all()) {
      if (job.state === 'pending' && job.wait?.kind === 'needs-key') {
        this.p.store.update(job, { state: 'queued', wait: undefined });
        this.p.runner.start(job);
      }
    }
    this.emitStatus();
  }

  /** Stops everything: jobs not yet accepted go back to pending, accepted ones stay in the
   *  journal to be resumed; then the journal is flushed and the state-dir lock released. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closeController.abort();
    const running = this.p.store.all().filter((job) => this.p.runner.isRunning(job.id));
    await Promise.all(running.map((job) => this.p.runner.stop(job.id, 'closing')));
    for (const job of this.p.store.all()) {
      if (job.state === 'queued' || job.state === 'uploading') {
        this.p.store.update(job, { state: 'pending', progress: 0, wait: undefined });
      } else if (job.state === 'downloading') {
        this.p.store.update(job, { progress: 0, partPath: undefined });
      }
    }
    await Promise.all([...this.summaries]);
    this.p.store.flushEvents();
    if (this.gateTimer) clearTimeout(this.gateTimer);
    try {
      await this.p.store.flush();
    } finally {
      await this.p.lock.release();
      await this.p.client.close();
    }
  }

  // ---- internals --------------------------------------------------------------------------

  /** Called by the runner (see engine-factory.ts). */
  onAuthFailure(): void {
    if (this.needsKey) return;
    this.needsKey = true;
    for (const lane of Object.values(this.p.lanes)) lane.hold('needs-key');
    this.emitStatus();
  }

  /** 402: the job and every job of its batch not yet sent wait for tokens. */
  onOutOfTokens(job: JobRecord, error: ApiError): void {
    const required = Number(error.details?.required);
    const balance = Number(error.details?.balance);
    if (Number.isFinite(balance)) this.setBalance(balance);
    const wait = {
      kind: 'tokens' as const,
      ...(Number.isFinite(required) ? { required } : {}),
      ...(Number.isFinite(balance) ? { balance } : {}),
    };
    for (const other of this.p.store.batchJobs(job.batchId)) {
      if (other === job || other.state === 'queued') {
        void this.p.runner.stop(other.id, 'out-of-tokens');
        this.p.store.update(other, { state: 'pending', progress: 0, wait });
      }
    }
  }

  onCharged(tokens: number, meta: ResponseMeta): void {
    if (meta.tokensRemaining === undefined && this.tokens !== undefined)
      this.setBalance(this.tokens - tokens);
  }

  onMeta(meta: ResponseMeta): void {
    if (meta.tokensRemaining !== undefined) this.setBalance(meta.tokensRemaining);
  }

  private stallAfterMs(): number {
    return this.p.runner.stallAfterMs;
  }

  private setBalance(tokens: number): void {
    if (tokens === this.tokens) return;
    this.tokens = tokens;
    this.p.emitter.emit('balance', this.balanceView(tokens));
  }

  private balanceView(tokens: number): TokenBalance {
    return { tokens, offline: this.p.offline, checkedAt: Date.now() };
  }

  private async call<T>(op: (signal: AbortSignal) => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    const signal = this.closeController.signal;
    const outcome = await withRetry(() => op(signal), { timing: this.p.retry, gate: this.p.gate, signal });
    if (!outcome.ok && outcome.error.kind === 'auth') this.onAuthFailure();
    return outcome;
  }

  private failure(error: ApiError) {
    return toFailure(error);
  }

  private async freshFormats(): Promise<Result<FormatsInfo>> {
    const cached = this.formatsCache;
    if (cached && Date.now() - cached.at < FORMATS_FRESH_MS) return ok(cached.info);
    return this.formats();
  }

  private notFound(): Result<never> {
    return fail({ code: 'not_found', message: messageFor('not_found') });
  }

  private conflict(): Result<never> {
    return fail({ code: 'conflict', message: messageFor('conflict') });
  }

  /** Announces a batch once all its jobs have settled (again after any of them moves again). */
  private checkBatch(batchId: string): void {
    const batch = this.p.store.batches.get(batchId);
    if (!batch) return;
    const jobs = this.p.store.batchJobs(batchId);
    const settled = jobs.every((job) => SETTLED_STATES.has(job.state) && !this.p.runner.isRunning(job.id));
    if (!settled) {
      this.reported.delete(batchId);
      return;
    }
    if (this.reported.has(batchId) || this.closed) return;
    this.reported.add(batchId);
    const task = (async () => {
      // Refunds and charges have settled: one fresh balance for the summary.
      if (!this.needsKey) await this.balance();
      this.p.store.flushEvents();
      this.p.emitter.emit(
        'batch',
        summarize(batchId, this.p.store.batchJobs(batchId), batch.skipped, this.tokens),
      );
    })();
    this.summaries.add(task);
    void task.finally(() => this.summaries.delete(task));
  }

  private onGateChange(): void {
    this.emitStatus();
    if (this.gateTimer) clearTimeout(this.gateTimer);
    const until = this.p.gate.notBefore;
    if (until === undefined) return;
    // Tell listeners when the wait is over ("Waiting: server busy" goes away).
    this.gateTimer = setTimeout(() => this.onGateChange(), Math.min(MAX_TIMER_MS, until - Date.now() + 1));
    this.gateTimer.unref();
  }

  private emitStatus(): void {
    const status = this.status();
    const text = JSON.stringify(status);
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.p.emitter.emit('status', status);
  }
}
