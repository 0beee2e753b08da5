// The engine's jobs and batches in memory, mirrored to the journal and announced as events.
// Every change goes through `update`, which stamps the time, marks the journal dirty (a
// progress-only change is not worth a disk write) and hands the new view to the coalescer.
// Counts of jobs still moving (in all, per batch) are kept up to date on each change, and each
// job's journal text is cached until it changes: with thousands of jobs, a change must not
// cost work proportional to the whole batch. The journal's log gets a new job whole and then
// only the fields each change touched (journal.ts).
import type { BatchSummary, JobState, JobView } from '../../../shared/jobs.ts';
import { FINAL_STATES } from '../../../shared/jobs.ts';
import type { BatchRecord, JobRecord } from '../engine-types.ts';
import type { EngineEmitter } from '../events.ts';
import { ProgressCoalescer } from '../events.ts';
import type { JobPatch, JournalData } from '../journal/journal.ts';
import { JournalWriter } from '../journal/journal.ts';
import { type Clock, systemClock } from '../../../shared/clock.ts';

/** States in which nothing more happens until someone (or a resume) acts. */
export const SETTLED_STATES: ReadonlySet<JobState> = new Set([...FINAL_STATES, 'pending', 'stalled']);

export function toView(job: JobRecord): JobView {
  const view: JobView = {
    id: job.id,
    batchId: job.batchId,
    source: job.source,
    sourceName: job.sourceName,
    bytes: job.bytes,
    from: job.from,
    to: job.to,
    state: job.state,
    progress: job.progress,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
  if (job.wait) view.wait = job.wait;
  if (job.serverJobId) view.serverJobId = job.serverJobId;
  if (job.output) view.output = job.output;
  if (job.tokens !== undefined) view.tokens = job.tokens;
  if (job.charged) view.charged = true;
  if (job.error) view.error = job.error;
  if (job.state === 'completed' && job.result?.note) view.note = job.result.note;
  return view;
}

export class JobStore {
  readonly jobs = new Map<string, JobRecord>();
  readonly batches = new Map<string, BatchRecord>();
  private readonly journal: JournalWriter;
  private readonly coalescer: ProgressCoalescer;
  /** Jobs not in a settled state, in all and per batch. */
  private unsettled = 0;
  private readonly unsettledByBatch = new Map<string, number>();
  /** Each job's JSON bytes as last written; dropped when the job changes. */
  private readonly jobBytes = new Map<string, Buffer>();
  /** What the journal's next log append must say (see journal.ts): per job, the fields
   *  changed since the last append, or 'whole' for a job the log has not had yet. */
  private readonly changedJobs = new Map<string, Set<string> | 'whole'>();
  private readonly changedBatches = new Set<string>();
  private readonly droppedJobs = new Set<string>();
  private readonly droppedBatches = new Set<string>();
  /** Told after every state change (the engine checks whether the job's batch is done). */
  onStateChange: (job: JobRecord) => void = () => undefined;

  /** The engine's clock (the same one the rate gate keeps): stamps, deadlines, expiry checks. */
  readonly clock: Clock;

  constructor(
    stateDir: string,
    emitter: EngineEmitter,
    progressIntervalMs: number,
    initial: JournalData,
    clock: Clock = systemClock,
    options: { journalSpacingMs?: number } = {},
  ) {
    this.clock = clock;
    for (const job of initial.jobs) {
      this.jobs.set(job.id, job);
      this.count(job, 1);
    }
    for (const batch of initial.batches) this.batches.set(batch.id, batch);
    this.journal = new JournalWriter(
      stateDir,
      { snapshot: (generation) => this.journalBytes(generation), changes: () => this.journalChanges() },
      initial.generation ?? 0,
      options.journalSpacingMs ?? 0,
    );
    this.coalescer = new ProgressCoalescer(progressIntervalMs, (view) => emitter.emit('job', view));
  }

  private bytesOf(job: JobRecord): Buffer {
    let bytes = this.jobBytes.get(job.id);
    if (bytes === undefined) {
      bytes = Buffer.from(JSON.stringify(job), 'utf8');
      this.jobBytes.set(job.id, bytes);
    }
    return bytes;
  }

  private clearChanges(): void {
    this.changedJobs.clear();
    this.changedBatches.clear();
    this.droppedJobs.clear();
    this.droppedBatches.clear();
  }

  /** The journal snapshot's bytes, `JSON.stringify({ version, generation, jobs, batches })`
   *  and a newline, put together from each job's cached bytes (one copy, no re-serialising). */
  journalBytes(generation: number): Buffer {
    this.clearChanges();
    const parts: Buffer[] = [];
    let length = 0;
    for (const job of this.jobs.values()) {
      const bytes = this.bytesOf(job);
      parts.push(bytes);
      length += bytes.length;
    }
    const head = Buffer.from(`{"version":1,"generation":${generation},"jobs":[`);
    const tail = Buffer.from(`],"batches":${JSON.stringify([...this.batches.values()])}}\n`, 'utf8');
    const out = Buffer.allocUnsafe(head.length + length + Math.max(0, parts.length - 1) + tail.length);
    let at = head.copy(out, 0);
    parts.forEach((bytes, index) => {
      if (index > 0) at = out.writeUInt8(0x2c, at);
      at += bytes.copy(out, at);
    });
    tail.copy(out, at);
    return out;
  }

  /** One log line per job and batch changed, and per one removed, since the last call. */
  journalChanges(): Buffer {
    const lines: Buffer[] = [];
    for (const id of this.changedBatches) {
      const batch = this.batches.get(id);
      if (batch) lines.push(Buffer.from(`${JSON.stringify({ batch })}\n`, 'utf8'));
    }
    for (const [id, fields] of this.changedJobs) {
      const job = this.jobs.get(id);
      if (!job) continue;
      if (fields === 'whole') {
        lines.push(Buffer.from('{"job":'), this.bytesOf(job), Buffer.from('}\n'));
        continue;
      }
      // The fields' values as they are now (several changes since the last append fold into
      // one); a field the job no longer has is named in `unset`.
      const record = job as unknown as Record<string, unknown>;
      const patch: Record<string, unknown> = { id };
      const unset: string[] = [];
      for (const field of fields) {
        const value = record[field];
        if (value === undefined) unset.push(field);
        else patch[field] = value;
      }
      const line = unset.length > 0 ? { patch: patch as JobPatch, unset } : { patch: patch as JobPatch };
      lines.push(Buffer.from(`${JSON.stringify(line)}\n`, 'utf8'));
    }
    for (const id of this.droppedJobs) lines.push(Buffer.from(`${JSON.stringify({ dropJob: id })}\n`));
    for (const id of this.droppedBatches) lines.push(Buffer.from(`${JSON.stringify({ dropBatch: id })}\n`));
    this.clearChanges();
    return Buffer.concat(lines);
  }

  /** How many jobs are not settled (queued, uploading, processing, downloading). */
  get unsettledCount(): number {
    return this.unsettled;
  }

  /** How many jobs of this batch are not settled. */
  unsettledIn(batchId: string): number {
    return this.unsettledByBatch.get(batchId) ?? 0;
  }

  private count(job: JobRecord, delta: 1 | -1): void {
    if (SETTLED_STATES.has(job.state)) return;
    this.unsettled += delta;
    const left = (this.unsettledByBatch.get(job.batchId) ?? 0) + delta;
    if (left === 0) this.unsettledByBatch.delete(job.batchId);
    else this.unsettledByBatch.set(job.batchId, left);
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  all(): JobRecord[] {
    return [...this.jobs.values()];
  }

  addBatch(batch: BatchRecord, jobs: JobRecord[]): void {
    this.batches.set(batch.id, batch);
    for (const job of jobs) {
      const before = this.jobs.get(job.id);
      if (before) this.count(before, -1);
      this.jobs.set(job.id, job);
      this.jobBytes.delete(job.id);
      this.changedJobs.set(job.id, 'whole');
      this.droppedJobs.delete(job.id);
      this.count(job, 1);
      this.coalescer.offer(toView(job), false);
    }
    this.changedBatches.add(batch.id);
    this.droppedBatches.delete(batch.id);
    this.journal.touch();
  }

  /** Applies `patch` (an undefined value clears the field) and announces the change. */
  update(job: JobRecord, patch: Partial<JobRecord>): void {
    const progressOnly = Object.keys(patch).every((key) => key === 'progress');
    // Progress that did not move is no change (a small file's upload reports 0 as it starts,
    // right after the state change that set 0): no stamp, no event.
    if (progressOnly && patch.progress === job.progress) return;
    const record = job as unknown as Record<string, unknown>;
    const tracked = this.jobs.get(job.id) === job;
    if (tracked) this.count(job, -1);
    // Only the fields whose value moved are logged: the steps restate some (the same key, the
    // state a job is already in, a field that is already absent), ~100 bytes a file.
    let changed: string[] | undefined;
    for (const key in patch) {
      const value = (patch as Record<string, unknown>)[key];
      if (record[key] === value) continue;
      // A cleared field is set to undefined, never deleted: `delete` turns the record into a
      // hash-table object, 1.5 KB more per job (15 MiB of a 77 MiB heap at 10,000 jobs) and
      // slower to read; the journal's JSON leaves undefined out, as it leaves out a deleted key.
      record[key] = value;
      if (changed) changed.push(key);
      else changed = [key];
    }
    job.updatedAt = this.clock.now();
    if (tracked) {
      this.count(job, 1);
      this.jobBytes.delete(job.id);
    }
    // Progress alone is not worth a write; it rides along with the next one.
    if (!progressOnly) {
      if (tracked) this.noteChanged(job.id, changed);
      this.journal.touch();
    }
    this.coalescer.offer(toView(job), progressOnly);
    if ('state' in patch) this.onStateChange(job);
  }

  private noteChanged(id: string, changed: string[] | undefined): void {
    let fields = this.changedJobs.get(id);
    if (fields === 'whole') return;
    if (fields === undefined) {
      fields = new Set(['updatedAt', 'progress']);
      this.changedJobs.set(id, fields);
    }
    if (changed) for (const field of changed) fields.add(field);
  }

  remove(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) return false;
    this.count(job, -1);
    this.jobs.delete(id);
    this.jobBytes.delete(id);
    this.changedJobs.delete(id);
    this.droppedJobs.add(id);
    const batch = this.batches.get(job.batchId);
    if (batch) {
      batch.jobIds = batch.jobIds.filter((other) => other !== id);
      if (batch.jobIds.length === 0) {
        this.batches.delete(batch.id);
        this.changedBatches.delete(batch.id);
        this.droppedBatches.add(batch.id);
      } else {
        this.changedBatches.add(batch.id);
      }
    }
    this.coalescer.forget(id);
    this.journal.touch();
    return true;
  }

  /** Bytes the journal has written since the engine started (snapshots and log lines). */
  get journalBytesWritten(): number {
    return this.journal.bytesWritten;
  }

  flush(): Promise<void> {
    return this.journal.flush();
  }

  /** The last write: the whole journal in journal.json again, the log closed. */
  close(): Promise<void> {
    return this.journal.close();
  }

  flushEvents(): void {
    this.coalescer.flushAll();
  }

  batchJobs(batchId: string): JobRecord[] {
    const batch = this.batches.get(batchId);
    return (batch?.jobIds ?? [])
      .map((id) => this.jobs.get(id))
      .filter((job): job is JobRecord => job !== undefined);
  }
}

/** The outcome of a set of jobs, as ifc prints it and the window's notification tells it. */
export function summarize(
  batchId: string,
  jobs: JobRecord[],
  skipped: { source: string; reason: string }[],
  balance: number | undefined,
): BatchSummary {
  const summary: BatchSummary = {
    batchId,
    completed: [],
    failed: [],
    pending: [],
    skipped: [...skipped],
    tokensSpent: 0,
  };
  for (const job of jobs) {
    if (job.charged && job.tokens) summary.tokensSpent += job.tokens;
    if (job.state === 'completed' && job.output) {
      summary.completed.push({
        source: job.source,
        output: job.output,
        tokens: job.charged ? (job.tokens ?? 0) : 0,
      });
    } else if (job.state === 'failed') {
      summary.failed.push({
        source: job.source,
        code: job.error?.code ?? 'internal',
        message: job.error?.message ?? '',
      });
    } else {
      summary.pending.push({ source: job.source, state: job.state });
    }
  }
  if (balance !== undefined) summary.balance = balance;
  return summary;
}
