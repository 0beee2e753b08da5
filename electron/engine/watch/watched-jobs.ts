// The jobs a watch handed to the engine, followed through the engine's 'job' events to the
// end: the ledger records the outcome before anything else happens (so a crash never leads
// to a second conversion), then the original is kept, moved or trashed. After a restart the
// ledger's open entries are matched with the engine's journal and followed the same way.
import type { FormatsInfo } from '../../../shared/formats.ts';
import type { JobState, JobView, TokenBalance, WaitReason } from '../../../shared/jobs.ts';
import type { Result } from '../../../shared/result.ts';
import type { WatchRule } from '../../../shared/watch.ts';
import { type AfterOutcome, applyAfterSuccess, type TrashFunction } from './after-success.ts';
import type { ConvertedLedger } from './converted-ledger.ts';
import type { FileFacts } from './stable-file.ts';
import type { FolderWatchEmitter } from './watch-events.ts';

/** The part of the engine (electron/engine/index.ts) a watch uses. */
export interface WatchEngine {
  on(event: 'job', listener: (job: JobView) => void): () => void;
  jobs(): JobView[];
  formats(): Promise<Result<FormatsInfo>>;
  balance(): Promise<Result<TokenBalance>>;
  submit(
    items: { source: string; to: string; outDir?: string }[],
    options?: { conflict?: WatchRule['conflict'] },
  ): Promise<Result<{ batchId: string; jobIds: string[] }>>;
  /** Starts a pending job again (used after a 402 left it waiting for tokens). */
  retry(jobId: string): Result<void>;
}

// Failures that are the document's own: the same bytes would fail again, so they are not
// retried. Anything else (network, server, disk, expiry) is not the file's fault.
const DOCUMENT_FAULTS = new Set([
  'encrypted_input',
  'corrupt_input',
  'conversion_error',
  'conversion_timeout',
  'conversion_memory',
  'result_too_large',
  'pdf_no_text',
  'unsupported_conversion',
  'file_too_large',
  'file_empty',
  'unknown_format',
  'bad_request',
]);

// Tokens are taken when the server accepts the upload; before that a job only reserves them.
// A job counts as accepted once it has the server's job id: on the sync path the engine shows
// "processing" as soon as the body is sent, before the server has said yes (or 402).
const ON_ITS_WAY: ReadonlySet<JobState> = new Set(['queued', 'uploading', 'processing']);

export interface Flight {
  jobId: string;
  key: string;
  source: string;
  facts?: FileFacts;
  tokens: number;
  state: JobState;
  /** The server accepted it (and so has charged it). */
  accepted?: boolean;
  wait?: WaitReason;
}

export interface WatchedJobsDeps {
  engine: WatchEngine;
  ledger: ConvertedLedger;
  rule: WatchRule;
  trash: TrashFunction;
  events: FolderWatchEmitter;
  /** Called after each change so the owner can update counts and go on sending. */
  changed(): void;
  /** A job of ours went back to pending (a 402): the owner decides when to restart it. */
  pendingAgain(): void;
  /** One of our jobs can no longer be refused for tokens: the server accepted it (it has a
   *  job id now), or it ended without being accepted. */
  pastTokenCheck(jobId: string): void;
  /** A failure that was not the document's fault: the owner takes the file again later. */
  retryLater(source: string): void;
}

export class WatchedJobs {
  private readonly deps: WatchedJobsDeps;
  private readonly flights = new Map<string, Flight>();
  private readonly finishing = new Set<Promise<void>>();
  converted = 0;
  failed = 0;

  constructor(deps: WatchedJobsDeps) {
    this.deps = deps;
  }

  /** Jobs followed and not finished; a stalled job waits for the person, not for us. */
  get active(): number {
    let count = 0;
    for (const flight of this.flights.values()) if (flight.state !== 'stalled') count += 1;
    return count;
  }

  /** Tokens our jobs will take once accepted, which the balance does not show yet. */
  reservedTokens(): number {
    let sum = 0;
    for (const flight of this.flights.values()) {
      if (ON_ITS_WAY.has(flight.state) && !flight.accepted) sum += flight.tokens;
    }
    return sum;
  }

  /** Jobs that a 402 (or a stop before upload) left pending, oldest first. */
  pendingJobs(): Flight[] {
    // Held by the person, or waiting for a key, is not ours to restart.
    return [...this.flights.values()].filter(
      (flight) => flight.state === 'pending' && (flight.wait === undefined || flight.wait.kind === 'tokens'),
    );
  }

  /** Starts following a job just submitted; its first events may already have gone by. */
  track(flight: Flight): void {
    this.flights.set(flight.jobId, flight);
    const view = this.deps.engine.jobs().find((job) => job.id === flight.jobId);
    if (view) this.onJob(view);
  }

  /** After a restart: follows the jobs the ledger says were sent, resolving half-done sends. */
  async adopt(): Promise<void> {
    const { ledger, rule } = this.deps;
    const views = new Map(this.deps.engine.jobs().map((view) => [view.id, view]));
    for (const entry of ledger.entries()) {
      if (entry.state === 'submitting') {
        // Stopped between "about to send" and "sent": the engine's journal says which.
        const view = [...views.values()].find(
          (job) => job.source === entry.source && job.to === rule.to && job.createdAt >= entry.at - 60_000,
        );
        if (!view) {
          await ledger.forget(entry.key);
          continue;
        }
        await ledger.put({ ...entry, state: 'submitted', jobId: view.id });
        entry.jobId = view.id;
      } else if (entry.state !== 'submitted') {
        continue;
      }
      const view = entry.jobId ? views.get(entry.jobId) : undefined;
      // A job the engine no longer lists (cleared from the queue) may well have been charged;
      // it stays "submitted" so the same bytes are not sent again.
      if (!view || !entry.jobId) continue;
      this.track({
        jobId: entry.jobId,
        key: entry.key,
        source: entry.source,
        ...(entry.facts ? { facts: entry.facts } : {}),
        tokens: view.tokens ?? 0,
        state: view.state,
      });
    }
  }

  onJob(view: JobView): void {
    const flight = this.flights.get(view.id);
    if (!flight) return;
    if (view.tokens !== undefined) flight.tokens = view.tokens;
    const wasAccepted = flight.accepted === true;
    flight.accepted =
      view.serverJobId !== undefined || view.state === 'downloading' || view.state === 'completed';
    const wasPending = flight.state === 'pending';
    flight.state = view.state;
    if (view.wait) flight.wait = view.wait;
    else delete flight.wait;
    if (view.state === 'completed' || view.state === 'failed' || view.state === 'cancelled') {
      this.flights.delete(view.id);
      const task = this.finish(flight, view).finally(() => {
        this.finishing.delete(task);
        this.deps.changed();
      });
      this.finishing.add(task);
    }
    this.deps.changed();
    const ended = view.state === 'completed' || view.state === 'failed' || view.state === 'cancelled';
    if ((flight.accepted && !wasAccepted) || ended) this.deps.pastTokenCheck(flight.jobId);
    if (view.state === 'pending' && !wasPending) this.deps.pendingAgain();
  }

  /** Resolves when every outcome seen so far is recorded and acted on. */
  async settled(): Promise<void> {
    while (this.finishing.size > 0) await Promise.all([...this.finishing]);
  }

  private async finish(flight: Flight, view: JobView): Promise<void> {
    const { ledger, rule, events } = this.deps;
    const base = {
      key: flight.key,
      source: flight.source,
      jobId: flight.jobId,
      ...(flight.facts ? { facts: flight.facts } : {}),
    };
    if (view.state === 'cancelled') {
      await ledger.put({ ...base, state: 'cancelled' }).catch(() => undefined);
      return;
    }
    if (view.state === 'failed') {
      const error = view.error ?? { code: 'internal', message: '' };
      const documentFault = DOCUMENT_FAULTS.has(error.code);
      if (documentFault)
        await ledger.put({ ...base, state: 'failed', code: error.code }).catch(() => undefined);
      else await ledger.forget(flight.key).catch(() => undefined);
      this.failed += 1;
      events.emit('failed', {
        ruleId: rule.id,
        source: flight.source,
        jobId: flight.jobId,
        error,
        retry: !documentFault,
      });
      if (!documentFault) this.deps.retryLater(flight.source);
      return;
    }
    // Recorded first: whatever happens to the original next, these bytes are done.
    await ledger
      .put({ ...base, state: 'converted', ...(view.output ? { output: view.output } : {}) })
      .catch(() => undefined);
    let after: AfterOutcome = { action: 'keep' };
    if (rule.after !== 'keep') {
      if (!flight.facts) {
        after = { action: 'left', reason: 'changed' };
      } else {
        const outcome = await applyAfterSuccess({
          source: flight.source,
          folder: rule.folder,
          after: rule.after,
          taken: flight.facts,
          trash: this.deps.trash,
        });
        if (outcome.ok) after = outcome.value;
        else {
          after = { action: 'left', reason: 'failed' };
          events.emit('error', { ruleId: rule.id, error: outcome.error, source: flight.source });
        }
      }
    }
    this.converted += 1;
    events.emit('converted', {
      ruleId: rule.id,
      source: flight.source,
      jobId: flight.jobId,
      ...(view.output ? { output: view.output } : {}),
      ...(view.tokens !== undefined ? { tokens: view.tokens } : {}),
      after,
    });
  }
}
