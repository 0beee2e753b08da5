// One job's way through the lanes: upload (or the sync path) -> poll -> download, each step in
// its own module (step-*.ts). Whoever stops a job (cancel, close, pause) aborts its signal and
// then sets its state; a step that sees its signal aborted returns without touching the state.
import { MOVING_STATES } from '../../../shared/jobs.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { JobRecord } from '../engine-types.ts';
import { LaneAborted } from './lanes.ts';
import { withRetry } from '../api/retry-policy.ts';
import type { RunnerContext, Runtime } from './step-context.ts';
import { downloadStep } from './step-download.ts';
import { pollStep } from './step-poll.ts';
import { uploadStep } from './step-upload.ts';

export type { RunnerContext } from './step-context.ts';

export class JobRunner {
  private readonly ctx: RunnerContext;
  private readonly runtimes = new Map<string, Runtime>();
  /** Jobs being driven, per batch (so a batch check need not look at every job). */
  private readonly runningByBatch = new Map<string, number>();

  constructor(ctx: RunnerContext) {
    this.ctx = ctx;
  }

  get stallAfterMs(): number {
    return this.ctx.poll.stallAfterMs;
  }

  isRunning(jobId: string): boolean {
    return this.runtimes.has(jobId);
  }

  /** How many jobs of this batch are being driven right now. */
  runningIn(batchId: string): number {
    return this.runningByBatch.get(batchId) ?? 0;
  }

  get runningCount(): number {
    return this.runtimes.size;
  }

  /** Waits for every running job to settle (or stop). */
  async idle(): Promise<void> {
    while (this.runtimes.size > 0)
      await Promise.all([...this.runtimes.values()].map((runtime) => runtime.done));
  }

  /** Starts driving `job` from its current state, unless it is already being driven. */
  start(job: JobRecord, options: { pollSoon?: boolean } = {}): void {
    if (this.runtimes.has(job.id) || !MOVING_STATES.has(job.state)) return;
    const runtime: Runtime = {
      controller: new AbortController(),
      done: Promise.resolve(),
      pollsDone: 0,
      pollSoon: options.pollSoon ?? false,
      bodySent: false,
      cancelRequested: false,
    };
    this.runtimes.set(job.id, runtime);
    const { batchId } = job;
    this.runningByBatch.set(batchId, this.runningIn(batchId) + 1);
    runtime.done = this.drive(job, runtime).finally(() => {
      if (this.runtimes.get(job.id) === runtime) this.runtimes.delete(job.id);
      const left = this.runningIn(batchId) - 1;
      if (left > 0) this.runningByBatch.set(batchId, left);
      else this.runningByBatch.delete(batchId);
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

  private async drive(job: JobRecord, runtime: Runtime): Promise<void> {
    const { signal } = runtime.controller;
    try {
      while (!signal.aborted) {
        if (job.state === 'queued' || job.state === 'uploading') {
          await uploadStep(this.ctx, job, runtime);
          if (runtime.cancelRequested && job.serverJobId) {
            // Cancelled while the server was answering the upload: now it has an id to cancel.
            runtime.cancelRequested = false;
            if ((await this.cancelOnServer(job)) === 'cancelled') return;
          }
        } else if (job.state === 'processing') await pollStep(this.ctx, job, runtime);
        else if (job.state === 'downloading') await downloadStep(this.ctx, job, runtime);
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
