// One job's way through the lanes: upload (or the sync path) -> poll -> download. Each step
// waits for a slot in its lane, makes its calls through the retry policy, and moves the job to
// its next state; the journal is flushed before an upload starts (the idempotency key is on
// disk before a byte leaves) and right after the server accepts (its job id is on disk).
// Whoever stops a job (cancel, close, pause) aborts its signal and then sets its state; a step
// that sees its signal aborted returns without touching the state.
import { randomUUID } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FormatLimits } from '../../shared/formats.ts';
import { messageFor } from '../../shared/messages.ts';
import type { ApiClient, RemoteJob, ResponseMeta } from './api-client.ts';
import type { ApiError } from './api-errors.ts';
import { errorCodeOf } from './api-errors.ts';
import { downloadOnce } from './download.ts';
import type { JobRecord } from './engine-types.ts';
import type { JobStore } from './job-store.ts';
import type { Lane } from './lanes.ts';
import { LaneAborted } from './lanes.ts';
import { outputDirFor } from './output-path.ts';
import type { PollTiming } from './poll-schedule.ts';
import { nextPollDelay } from './poll-schedule.ts';
import type { RateGate } from './rate-gate.ts';
import { sleep } from './rate-gate.ts';
import type { RetryContext, RetryTiming } from './retry-policy.ts';
import { withRetry } from './retry-policy.ts';
import { outputNameFor } from './safe-name.ts';

export interface RunnerContext {
  client: ApiClient;
  store: JobStore;
  gate: RateGate;
  lanes: { upload: Lane; poll: Lane; download: Lane };
  retry: RetryTiming;
  poll: PollTiming;
  syncWaitSeconds: number;
  limits(): FormatLimits | undefined;
  /** 401: stop everything and ask for a key. */
  onAuthFailure(): void;
  /** 402 on this job: it and the rest of its batch wait for tokens. */
  onOutOfTokens(job: JobRecord, error: ApiError): void;
  onCharged(tokens: number, meta: ResponseMeta): void;
}

interface Runtime {
  controller: AbortController;
  done: Promise<void>;
  pollsDone: number;
  hintMs?: number;
  pollSoon: boolean;
  /** The whole request body has been handed over: the server may have the job. */
  bodySent: boolean;
  cancelRequested: boolean;
}

const ACTIVE = new Set(['queued', 'uploading', 'processing', 'downloading']);

export class JobRunner {
  private readonly ctx: RunnerContext;
  private readonly runtimes = new Map<string, Runtime>();

  constructor(ctx: RunnerContext) {
    this.ctx = ctx;
  }

  get stallAfterMs(): number {
    return this.ctx.poll.stallAfterMs;
  }

  isRunning(jobId: string): boolean {
    return this.runtimes.has(jobId);
  }

  get runningCount(): number {
    return this.runtimes.size;
  }

  /** Waits for every running job to settle (or stop). */
  async idle(): Promise<void> {
    while (this.runtimes.size > 0) await Promise.all([...this.runtimes.values()].map((rt) => rt.done));
  }

  /** Starts driving `job` from its current state, unless it is already being driven. */
  start(job: JobRecord, options: { pollSoon?: boolean } = {}): void {
    if (this.runtimes.has(job.id) || !ACTIVE.has(job.state)) return;
    const runtime: Runtime = {
      controller: new AbortController(),
      done: Promise.resolve(),
      pollsDone: 0,
      pollSoon: options.pollSoon ?? false,
      bodySent: false,
      cancelRequested: false,
    };
    this.runtimes.set(job.id, runtime);
    runtime.done = this.drive(job, runtime).finally(() => {
      if (this.runtimes.get(job.id) === runtime) this.runtimes.delete(job.id);
      this.onDriveEnd(job);
    });
  }

  /** Aborts the job's current step; the promise resolves once it has let go. A step that sees
   *  the abort leaves the state alone, so the caller may set it at once. */
  stop(jobId: string, reason: string): Promise<void> {
    const runtime = this.runtimes.get(jobId);
    if (!runtime) return Promise.resolve();
    runtime.controller.abort(reason);
    return runtime.done;
  }

  /** Called when a job's drive ends, however it ended. */
  onDriveEnd: (job: JobRecord) => void = () => undefined;

  /** True when the job's upload body is complete (aborting now could leave a charged job). */
  bodySent(jobId: string): boolean {
    return this.runtimes.get(jobId)?.bodySent ?? false;
  }

  /** Cancel once the server has answered the upload (see Engine.cancel). */
  requestCancelAfterUpload(jobId: string): void {
    const runtime = this.runtimes.get(jobId);
    if (runtime) runtime.cancelRequested = true;
  }

  private async drive(job: JobRecord, rt: Runtime): Promise<void> {
    const { signal } = rt.controller;
    try {
      while (!signal.aborted) {
        if (job.state === 'queued' || job.state === 'uploading') await this.upload(job, rt);
        else if (job.state === 'processing') await this.poll(job, rt);
        else if (job.state === 'downloading') await this.download(job, rt);
        else return;
      }
    } catch (error) {
      if (error instanceof LaneAborted || signal.aborted) return;
      this.ctx.store.update(job, {
        state: 'failed',
        error: { code: 'internal', message: messageFor('internal') },
      });
    }
  }

  private retryContext(job: JobRecord, signal: AbortSignal): RetryContext {
    return {
      timing: this.ctx.retry,
      gate: this.ctx.gate,
      signal,
      onWait: (wait) => {
        if (wait || job.wait) this.ctx.store.update(job, { wait });
      },
    };
  }

  private fail(job: JobRecord, code: string, serverMessage?: string, patch: Partial<JobRecord> = {}): void {
    this.ctx.store.update(job, {
      ...patch,
      state: 'failed',
      wait: undefined,
      error: { code, message: messageFor(code, serverMessage) },
    });
  }

  private async upload(job: JobRecord, rt: Runtime): Promise<void> {
    const { signal } = rt.controller;
    const { store, client, lanes } = this.ctx;
    await lanes.upload.run(
      async () => {
        if (signal.aborted) return;
        let bytes: number;
        try {
          const stats = await stat(job.source);
          if (!stats.isFile()) return this.fail(job, 'is_directory');
          bytes = stats.size;
        } catch {
          return this.fail(job, 'file_missing');
        }
        if (bytes === 0) return this.fail(job, 'file_empty');
        store.update(job, {
          state: 'uploading',
          progress: 0,
          bytes,
          idempotencyKey: job.idempotencyKey ?? randomUUID(),
          wait: undefined,
          error: undefined,
        });
        await store.flush();
        if (signal.aborted) return;
        const limits = this.ctx.limits();
        const sync = this.ctx.syncWaitSeconds > 0 && limits !== undefined && bytes <= limits.syncMaxBytes;
        const outcome = await withRetry(
          () => {
            rt.bodySent = false;
            if (job.state !== 'uploading') store.update(job, { state: 'uploading', progress: 0 });
            return client.submit({
              path: job.source,
              fileName: job.sourceName,
              bytes,
              to: job.to,
              idempotencyKey: job.idempotencyKey!,
              ...(sync ? { waitSeconds: this.ctx.syncWaitSeconds } : {}),
              signal,
              onProgress: (sent) => {
                if (sent < bytes) {
                  store.update(job, { progress: bytes > 0 ? sent / bytes : 1 });
                  return;
                }
                rt.bodySent = true;
                // On the sync path the server converts while we wait for its answer: say so.
                if (sync) store.update(job, { state: 'processing', progress: 0 });
                else store.update(job, { progress: 1 });
              },
            });
          },
          this.retryContext(job, signal),
        );
        if (!outcome.ok) {
          if (signal.aborted) return;
          return this.uploadFailed(job, outcome.error);
        }
        // Accepted, even if someone is stopping us right now: the job id must be kept, since
        // the tokens are spent (whoever stops the job looks at its state afterwards).
        const { jobId, tokensCharged } = outcome.value;
        const tokens = tokensCharged ?? outcome.value.job?.tokensCharged ?? job.tokens;
        const now = Date.now();
        store.update(job, {
          serverJobId: jobId,
          state: 'processing',
          progress: 0,
          charged: true,
          acceptedAt: now,
          deadlineAt: now + this.ctx.poll.stallAfterMs,
          ...(tokens !== undefined ? { tokens } : {}),
        });
        this.ctx.onCharged(tokens ?? 0, outcome.meta);
        if (outcome.value.job) this.apply(job, outcome.value.job);
        await store.flush();
        if (rt.cancelRequested) {
          rt.cancelRequested = false;
          if ((await this.cancelOnServer(job)) === 'cancelled') rt.controller.abort('cancelled');
        }
      },
      job.priority,
      signal,
    );
  }

  private uploadFailed(job: JobRecord, error: ApiError): void {
    const { store } = this.ctx;
    // The server turned the job down for good: nothing was created under this key, and a
    // server that replays answers per key must not replay this refusal after a top-up.
    const definitive = { idempotencyKey: undefined, progress: 0 };
    switch (error.kind) {
      case 'auth':
        store.update(job, { ...definitive, state: 'pending', wait: { kind: 'needs-key' } });
        this.ctx.onAuthFailure();
        return;
      case 'insufficient_tokens':
        store.update(job, definitive);
        this.ctx.onOutOfTokens(job, error);
        return;
      case 'bad_request':
      case 'file_too_large':
      case 'unsupported_conversion':
      case 'not_found':
      case 'conflict':
        this.fail(job, errorCodeOf(error), error.serverMessage, definitive);
        return;
      default:
        // Network, 5xx after retries, an answer we could not read: the server may hold the
        // job, so the key is kept and a retry re-sends with it (never a second charge).
        this.fail(job, errorCodeOf(error), error.serverMessage, { progress: 0 });
    }
  }

  /** Applies what the server says about an accepted job. */
  private apply(job: JobRecord, remote: RemoteJob): void {
    const { store } = this.ctx;
    const tokens = remote.tokensCharged !== undefined ? { tokens: remote.tokensCharged } : {};
    if (remote.status === 'completed' && remote.result) {
      store.update(job, {
        ...tokens,
        state: 'downloading',
        progress: 0,
        result: remote.result,
        wait: undefined,
      });
    } else if (remote.status === 'failed') {
      // A failed conversion is refunded and never retried on its own: the cause must change.
      const code = remote.error?.code ?? 'conversion_error';
      this.fail(job, code, remote.error?.message, { ...tokens, charged: false });
    } else {
      store.update(job, {
        ...tokens,
        state: 'processing',
        progress: remote.progress ?? job.progress,
        wait: undefined,
      });
    }
  }

  private async poll(job: JobRecord, rt: Runtime): Promise<void> {
    const { signal } = rt.controller;
    const { store, client, lanes } = this.ctx;
    if (!job.serverJobId) {
      store.update(job, { state: 'queued' });
      return;
    }
    const delay = rt.pollSoon ? 0 : nextPollDelay(rt.pollsDone, this.ctx.poll, rt.hintMs);
    rt.pollSoon = false;
    rt.hintMs = undefined;
    const deadline = job.deadlineAt ?? Number.POSITIVE_INFINITY;
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), signal);
    if (signal.aborted) return;
    if (Date.now() >= deadline) {
      store.update(job, {
        state: 'stalled',
        wait: undefined,
        error: { code: 'stalled', message: messageFor('stalled') },
      });
      return;
    }
    const serverJobId = job.serverJobId;
    const outcome = await lanes.poll.run(
      () => withRetry(() => client.status(serverJobId, signal), this.retryContext(job, signal)),
      job.priority,
      signal,
    );
    if (signal.aborted) return;
    rt.pollsDone += 1;
    if (outcome.ok) {
      rt.hintMs = outcome.meta.retryAfterMs;
      this.apply(job, outcome.value);
      return;
    }
    const { error } = outcome;
    if (error.kind === 'auth') {
      this.ctx.onAuthFailure();
      return;
    }
    if (error.kind === 'not_found' || error.kind === 'expired') {
      this.fail(job, errorCodeOf(error), error.serverMessage, { charged: false });
      return;
    }
    // Still charged and maybe still converting: keep the job id, let a person check again.
    store.update(job, {
      state: 'stalled',
      wait: undefined,
      error: { code: errorCodeOf(error), message: messageFor(errorCodeOf(error)) },
    });
  }

  /** The temp name of a job's download: fixed per job, so a crash leftover is found again. */
  static partPathFor(job: JobRecord): string {
    return join(outputDirFor(job.source, job.outDir), `.ifc-${job.id}.part`);
  }

  private async download(job: JobRecord, rt: Runtime): Promise<void> {
    const { signal } = rt.controller;
    const { store, client, lanes } = this.ctx;
    const result = job.result;
    if (!result) {
      this.fail(job, 'protocol');
      return;
    }
    await lanes.download.run(
      async () => {
        if (signal.aborted) return;
        if (result.expiresAt !== undefined && result.expiresAt <= Date.now())
          return this.fail(job, 'expired');
        const tempPath = JobRunner.partPathFor(job);
        store.update(job, {
          state: 'downloading',
          progress: 0,
          partPath: tempPath,
          wait: undefined,
          error: undefined,
        });
        await store.flush();
        const outcome = await withRetry(
          () =>
            downloadOnce(client, {
              result,
              dir: outputDirFor(job.source, job.outDir),
              name: outputNameFor(job.sourceName, job.to),
              tempPath,
              conflict: job.conflict,
              signal,
              onProgress: (received, total) => store.update(job, { progress: total ? received / total : 0 }),
            }),
          this.retryContext(job, signal),
        );
        if (signal.aborted) {
          await unlink(tempPath).catch(() => undefined);
          return;
        }
        if (outcome.ok) {
          store.update(job, { state: 'completed', progress: 1, output: outcome.value, partPath: undefined });
          await store.flush();
          return;
        }
        // The result stays on the server until it expires: a retry downloads it again.
        this.fail(job, errorCodeOf(outcome.error), outcome.error.serverMessage, { partPath: undefined });
      },
      job.priority,
      signal,
    );
  }

  /** DELETE on the server; true when the job is no longer running there. */
  async cancelOnServer(job: JobRecord): Promise<'cancelled' | 'finished' | 'error'> {
    if (!job.serverJobId) return 'cancelled';
    const signal = new AbortController().signal;
    const outcome = await withRetry(() => this.ctx.client.cancel(job.serverJobId!, signal), {
      timing: this.ctx.retry,
      gate: this.ctx.gate,
    });
    if (outcome.ok || outcome.error.kind === 'not_found') {
      this.ctx.store.update(job, { state: 'cancelled', wait: undefined, progress: 0 });
      return 'cancelled';
    }
    return outcome.error.kind === 'conflict' ? 'finished' : 'error';
  }
}
