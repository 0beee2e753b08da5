// The job journal in the state dir: every job's state, server job id, idempotency key, result
// URL and expiry. It never holds the API key.
//
// Two files: a snapshot, journal.json (written atomically: temp file, fsync, rename), and a
// log of what changed since it, journal.<generation>.log, one JSON line per changed job or
// batch, appended and fdatasync'ed. A new job's line holds the whole record; a later change
// of it holds only the fields that changed (`patch`, and `unset` for fields removed): a job
// record is ~1 KB, a state change ~150 bytes, and a small file changes state five times. The state is the snapshot with its own generation's log
// replayed over it. Appending keeps a write small: rewriting the whole journal on every write
// meant ~300 MB written (and as many fsyncs) for a batch of 1,000 small files. When the log
// outgrows twice the snapshot, a new snapshot of the next generation replaces both; a log of
// another generation than the snapshot's is never read (left by a crash mid-compaction), and a
// torn last line (a crash mid-append) is ignored, so a crash leaves the state as it was before
// or after any one write, never half of one. A write that failed makes the next one a
// snapshot, so nothing is ever appended after a torn line.
//
// Writes are serialised; changes made while one is in flight go into the next, and `flush()`
// resolves once the state as it is now is on disk (the engine awaits it before an upload and
// before a download). A write starts on the event loop's next turn (setImmediate), not at the
// first change: the changes of every job answered in this turn share one append and one
// fdatasync instead of the first of them taking a write of its own. And writes start at least
// `spacingMs` apart: an append with its fdatasync cost ~260 us of CPU here, and small files
// finishing one after the other asked for one each (1.1 per file at concurrency 8); spaced,
// the changes of all the jobs that move meanwhile share one. A lone change is written at once
// (the spacing counts from the last write), and no lane waits: the engine awaits a flush
// outside its upload and download slots, so the others go on meanwhile.
import { mkdirSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../storage/atomic-write.ts';
import { syncFolder } from '../results/folder-sync.ts';
import type { BatchRecord, JobRecord } from '../engine-types.ts';

export const JOURNAL_FILE = 'journal.json';
const VERSION = 1;

/** A log no bigger than this is never compacted, however small the snapshot. */
const MIN_COMPACT_BYTES = 256 * 1024;

export interface JournalData {
  version: number;
  /** Which log goes with this snapshot (absent in journals written before logs: 0). */
  generation?: number;
  jobs: JobRecord[];
  batches: BatchRecord[];
}

export type LoadedJournal = { data: JournalData; setAside?: string };

export function logFileName(generation: number): string {
  return `journal.${generation}.log`;
}

const LOG_NAME = /^journal\.(\d+)\.log$/;

/** A job's changed fields, by its id; `unset` names the fields it no longer has. */
export type JobPatch = Partial<JobRecord> & { id: string };

/** One line of a log, as the job store writes it. */
type JournalChange = Partial<{
  job: JobRecord;
  patch: JobPatch;
  unset: string[];
  batch: BatchRecord;
  dropJob: string;
  dropBatch: string;
}>;

/** `job` with a patch line applied (a new object: the snapshot's records stay as read). */
function patched(job: JobRecord, patch: JobPatch, unset: unknown): JobRecord {
  const next = { ...job, ...patch } as Record<string, unknown>;
  // Set to undefined, not deleted, as JobStore.update does: `delete` turns a record into a
  // hash-table object (1.5 KB more per job, slower to read); JSON leaves undefined out alike.
  if (Array.isArray(unset)) for (const key of unset) if (typeof key === 'string') next[key] = undefined;
  return next as unknown as JobRecord;
}

/** `data` with its log's lines applied in order; reading stops at a line that does not parse
 *  (only ever the torn last one). */
function replayLog(data: JournalData, logText: string): JournalData {
  if (logText.length === 0) return data;
  const jobs = new Map(data.jobs.map((job) => [job.id, job]));
  const batches = new Map(data.batches.map((batch) => [batch.id, batch]));
  for (const line of logText.split('\n')) {
    if (line.length === 0) continue;
    let change: JournalChange;
    try {
      change = JSON.parse(line) as JournalChange;
    } catch {
      break;
    }
    if (change.job) jobs.set(change.job.id, change.job);
    else if (change.patch && typeof change.patch.id === 'string') {
      // A patch of a job the state no longer has (dropped since) changes nothing.
      const job = jobs.get(change.patch.id);
      if (job) jobs.set(job.id, patched(job, change.patch, change.unset));
    } else if (change.batch) batches.set(change.batch.id, change.batch);
    else if (typeof change.dropJob === 'string') jobs.delete(change.dropJob);
    else if (typeof change.dropBatch === 'string') batches.delete(change.dropBatch);
  }
  return { ...data, jobs: [...jobs.values()], batches: [...batches.values()] };
}

function parseSnapshot(text: string): JournalData {
  const parsed = JSON.parse(text) as Partial<JournalData>;
  if (parsed.version !== VERSION || !Array.isArray(parsed.jobs)) throw new Error('unknown journal shape');
  const generation = Number.isSafeInteger(parsed.generation) ? (parsed.generation as number) : 0;
  const batches = Array.isArray(parsed.batches) ? parsed.batches : [];
  return { version: VERSION, generation, jobs: parsed.jobs, batches };
}

async function readLog(stateDir: string, generation: number): Promise<string> {
  try {
    return await readFile(join(stateDir, logFileName(generation)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** The journal as it stands, read without the lock and without changing anything (for
 *  `ifc jobs`). Undefined when there is none; throws when the snapshot is damaged. */
export async function readJournal(stateDir: string): Promise<JournalData | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, JOURNAL_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const snapshot = parseSnapshot(text);
  return replayLog(snapshot, await readLog(stateDir, snapshot.generation ?? 0));
}

/** Reads the journal; a damaged one is renamed aside (never deleted) and an empty one begun.
 *  Only the lock holder calls this: it also clears what a crash left (temp files, old logs). */
export async function loadJournal(stateDir: string): Promise<LoadedJournal> {
  const file = join(stateDir, JOURNAL_FILE);
  const names = await readdir(stateDir).catch(() => [] as string[]);
  for (const name of names) {
    const ours = name.startsWith(`.${JOURNAL_FILE}.`) || name.startsWith(`${JOURNAL_FILE}.`);
    if (ours && name.endsWith('.tmp')) await unlink(join(stateDir, name)).catch(() => undefined);
  }
  let loaded: LoadedJournal;
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    loaded = { data: emptyJournal() };
  } else {
    try {
      const snapshot = parseSnapshot(text);
      const data = replayLog(snapshot, await readLog(stateDir, snapshot.generation ?? 0));
      loaded = { data: pruneFinished(data, Date.now()) };
    } catch {
      const aside = join(stateDir, `journal.damaged-${Date.now()}.json`);
      await rename(file, aside);
      loaded = { data: emptyJournal(), setAside: aside };
    }
  }
  // Logs of other generations than the snapshot's are never read again.
  const keep = logFileName(loaded.data.generation ?? 0);
  for (const name of names) {
    if (LOG_NAME.test(name) && (name !== keep || loaded.setAside)) {
      await unlink(join(stateDir, name)).catch(() => undefined);
    }
  }
  return loaded;
}

/** Finished jobs are kept this long (the desktop keeps its own history); then dropped, so the
 *  journal does not grow without end. Unfinished jobs are never dropped. */
export const KEEP_FINISHED_MS = 14 * 24 * 3600 * 1000;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export function pruneFinished(data: JournalData, now: number): JournalData {
  const jobs = data.jobs.filter((job) => !FINISHED.has(job.state) || now - job.updatedAt < KEEP_FINISHED_MS);
  if (jobs.length === data.jobs.length) return data;
  const kept = new Set(jobs.map((job) => job.id));
  const batches = data.batches
    .map((batch) => ({ ...batch, jobIds: batch.jobIds.filter((id) => kept.has(id)) }))
    .filter((batch) => batch.jobIds.length > 0);
  return { ...data, jobs, batches };
}

function emptyJournal(): JournalData {
  return { version: VERSION, generation: 0, jobs: [], batches: [] };
}

/** Where the writer gets what to write. */
export interface JournalSource {
  /** The whole journal as `generation`'s snapshot; what changed so far is all in it. */
  snapshot(generation: number): Buffer;
  /** Log lines for what changed since the last snapshot() or changes(); empty if nothing. */
  changes(): Buffer;
}

export class JournalWriter {
  private readonly stateDir: string;
  private readonly source: JournalSource;
  private generation: number;
  private log: FileHandle | undefined;
  private logBytes = 0;
  private compactAt = MIN_COMPACT_BYTES;
  /** The next write is a snapshot: the first one (it folds in the log found at start) and
   *  any after a failed write (which may have left a torn line or lost changes). */
  private mustCompact = true;
  private writing: Promise<void> | undefined;
  /** A write is due on the next turn of the event loop (see touch). */
  private scheduled = false;
  private dirty = false;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private lastError: unknown;
  private readonly spacingMs: number;
  /** performance.now() when the last write started. */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Bytes handed to the disk so far (log lines and snapshots): the benchmark reports it per
   *  file, to show a job costs the journal a bounded number of bytes however long the batch. */
  bytesWritten = 0;

  constructor(stateDir: string, source: JournalSource, generation = 0, spacingMs = 0) {
    mkdirSync(stateDir, { recursive: true });
    this.spacingMs = spacingMs;
    this.stateDir = stateDir;
    this.source = source;
    this.generation = generation;
  }

  /** Something changed: write soon (coalesced with the other changes of this turn). */
  touch(): void {
    this.dirty = true;
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Resolves once everything changed so far is on disk. */
  flush(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.touch();
    return done;
  }

  /** Writes one snapshot of everything (journal.json whole again) and closes the log. */
  async close(): Promise<void> {
    this.mustCompact = true;
    await this.flush();
    await this.log?.close().catch(() => undefined);
    this.log = undefined;
  }

  get error(): unknown {
    return this.lastError;
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      const wait = this.lastWriteAt + this.spacingMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastWriteAt = performance.now();
      this.dirty = false;
      const waiting = this.waiters;
      this.waiters = [];
      try {
        await this.writeOnce();
        this.lastError = undefined;
        for (const waiter of waiting) waiter.resolve();
      } catch (error) {
        this.lastError = error;
        this.mustCompact = true;
        for (const waiter of waiting) waiter.reject(error);
      }
    }
    this.writing = undefined;
  }

  private async writeOnce(): Promise<void> {
    if (this.mustCompact || this.logBytes >= this.compactAt) return this.compact();
    const lines = this.source.changes();
    if (lines.length === 0) return;
    const created = this.log === undefined;
    this.log ??= await open(join(this.stateDir, logFileName(this.generation)), 'a', 0o600);
    await this.log.appendFile(lines);
    await this.log.datasync();
    // A new file's name is durable only once its folder is synced (once per generation).
    if (created) await syncFolder(this.stateDir);
    this.logBytes += lines.length;
    this.bytesWritten += lines.length;
  }

  private async compact(): Promise<void> {
    const generation = this.generation + 1;
    const bytes = this.source.snapshot(generation);
    await writeAtomic(join(this.stateDir, JOURNAL_FILE), bytes);
    this.bytesWritten += bytes.length;
    // The rename made durable before the old log goes: else a power cut could bring back the
    // old snapshot without the log it needs.
    await syncFolder(this.stateDir);
    // From here the old log is never read: a crash now loads the new snapshot alone.
    const old = this.log;
    const oldName = logFileName(this.generation);
    this.generation = generation;
    this.log = undefined;
    this.logBytes = 0;
    this.compactAt = Math.max(MIN_COMPACT_BYTES, 2 * bytes.length);
    this.mustCompact = false;
    await old?.close().catch(() => undefined);
    await unlink(join(this.stateDir, oldName)).catch(() => undefined);
  }
}
