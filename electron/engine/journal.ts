// The job journal in the state dir: every job's state, server job id, idempotency key, result
// URL and expiry. Written atomically (temp file, fsync, rename) so a crash leaves either the
// old or the new file, never half of one. Writes are serialised; transitions that happen
// while one is in flight are folded into the next write, and `flush()` resolves once the
// state as it is now is on disk (the engine awaits it before an upload and after acceptance).
// It never holds the API key.
import { writeAtomic } from './atomic-write.ts';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchRecord, JobRecord } from './engine-types.ts';

export const JOURNAL_FILE = 'journal.json';
const VERSION = 1;

export interface JournalData {
  version: number;
  jobs: JobRecord[];
  batches: BatchRecord[];
}

export type LoadedJournal = { data: JournalData; setAside?: string };

/** Reads the journal; a damaged one is renamed aside (never deleted) and an empty one begun. */
export async function loadJournal(stateDir: string): Promise<LoadedJournal> {
  const file = join(stateDir, JOURNAL_FILE);
  // Temp files of a write cut short by a crash; only the lock holder gets here.
  for (const name of await readdir(stateDir).catch(() => [] as string[])) {
    const ours = name.startsWith(`.${JOURNAL_FILE}.`) || name.startsWith(`${JOURNAL_FILE}.`);
    if (ours && name.endsWith('.tmp')) await unlink(join(stateDir, name)).catch(() => undefined);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { data: emptyJournal() };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<JournalData>;
    if (parsed.version !== VERSION || !Array.isArray(parsed.jobs)) throw new Error('unknown journal shape');
    const batches = Array.isArray(parsed.batches) ? parsed.batches : [];
    return { data: pruneFinished({ version: VERSION, jobs: parsed.jobs, batches }, Date.now()) };
  } catch {
    const aside = join(stateDir, `journal.damaged-${Date.now()}.json`);
    await rename(file, aside);
    return { data: emptyJournal(), setAside: aside };
  }
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
  return { version: data.version, jobs, batches };
}

export function emptyJournal(): JournalData {
  return { version: VERSION, jobs: [], batches: [] };
}

export class JournalWriter {
  private readonly file: string;
  /** The journal as it is now: the data, or the file's bytes ready-made (the job store keeps
   *  each job's bytes cached, so a write of a big journal does not re-serialise every job). */
  private readonly snapshot: () => JournalData | Buffer;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private lastError: unknown;

  constructor(stateDir: string, snapshot: () => JournalData | Buffer) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, JOURNAL_FILE);
    this.snapshot = snapshot;
  }

  /** Something changed: write soon (coalesced with other changes). */
  touch(): void {
    this.dirty = true;
    if (!this.writing) this.writing = this.drain();
  }

  /** Resolves once everything changed so far is on disk. */
  flush(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.touch();
    return done;
  }

  get error(): unknown {
    return this.lastError;
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const waiting = this.waiters;
      this.waiters = [];
      try {
        const now = this.snapshot();
        await writeAtomic(this.file, Buffer.isBuffer(now) ? now : `${JSON.stringify(now)}\n`);
        this.lastError = undefined;
        for (const waiter of waiting) waiter.resolve();
      } catch (error) {
        this.lastError = error;
        for (const waiter of waiting) waiter.reject(error);
      }
    }
    this.writing = undefined;
  }
}
