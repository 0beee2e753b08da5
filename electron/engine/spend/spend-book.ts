// What was spent, kept across restarts: one receipt line per charged job. It answers what a
// calendar month (local time: the month on the person's wall calendar) has spent, for the
// monthly cap, and holds the lines a receipt per batch or per month is made from.
//
// Two files in the state folder, as the job journal keeps (journal/journal.ts): spend.json,
// the whole book (written atomically: storage/atomic-json.ts), and spend.log, one JSON line per
// job charged since, appended and flushed to disk. Rewriting the whole book after each charge
// cost O(book) per file: a batch of 10,000 files rewrote (and fsynced) a file growing to ~3 MB
// 10,000 times, ~15 GB written, and its JSON took a visible share of the desktop's main
// process. Lines of one turn share one append. The log is folded into spend.json when the book
// opens and when the log outgrows the book. Reading replays the log over the book, a later line
// of a job replacing an earlier one, so a crash between writing spend.json and removing the log
// only replays lines already in it; a torn last line (a crash mid-append) is dropped alone, and
// after a failed append the next write is a whole book, so nothing is appended after a torn line.
import { appendFile, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { systemClock } from '../../../shared/clock.ts';
import { syncFolder } from '../results/folder-sync.ts';
import { readJsonFile, setAside, writeJsonAtomic } from '../storage/atomic-json.ts';

export const SPEND_FILE = 'spend.json';
/** The lines recorded since spend.json was last written whole. */
export const SPEND_LOG = 'spend.log';
/** A log no bigger than this is never folded into the book, however small the book. */
const MIN_FOLD_BYTES = 256 * 1024;
/** Lines older than this many months are dropped: receipts are for recent spending. */
export const SPEND_KEEP_MONTHS = 24;

const Line = z.object({
  jobId: z.string().min(1),
  /** The service's job id, as the service's own records name the charge. */
  serverJobId: z.string().optional(),
  batchId: z.string(),
  source: z.string(),
  to: z.string(),
  bytes: z.number().nonnegative(),
  tokens: z.number().nonnegative(),
  startedAt: z.number(),
  finishedAt: z.number(),
});
export type ReceiptLine = z.infer<typeof Line>;

export interface BatchSpend {
  batchId: string;
  startedAt: number;
  finishedAt: number;
  files: number;
  tokens: number;
}

/** "2026-01" for an instant, in this computer's time zone. */
export function monthOf(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

export interface SpendBook {
  /** Adds a charged job's line (once per job: a repeat replaces it). */
  record(line: ReceiptLine): Promise<void>;
  /** The month (YYYY-MM) of now, on the book's clock. */
  thisMonth(): string;
  /** Tokens spent in a month (YYYY-MM, local time), by the time each job finished. */
  spentIn(month: string): number;
  linesOfBatch(batchId: string): ReceiptLine[];
  linesOfMonth(month: string): ReceiptLine[];
  /** Per batch, newest first. */
  batches(): BatchSpend[];
  /** Resolves once every change so far is on disk. */
  written(): Promise<void>;
}

/** The valid lines of a log, in order; a line that does not parse (torn by a crash) is dropped. */
function logLines(text: string): ReceiptLine[] {
  return text.split('\n').flatMap((raw) => {
    if (raw.trim() === '') return [];
    try {
      const parsed = Line.safeParse(JSON.parse(raw));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

export async function openSpendBook(dir: string, clock: Clock = systemClock): Promise<SpendBook> {
  const path = join(dir, SPEND_FILE);
  const logPath = join(dir, SPEND_LOG);
  const oldestKept = (): string => {
    const now = new Date(clock.now());
    return monthOf(new Date(now.getFullYear(), now.getMonth() - SPEND_KEEP_MONTHS + 1, 1).getTime());
  };
  // By job id, in the order they were recorded (a repeat of a job moves it last, as it replaces it).
  const lines = new Map<string, ReceiptLine>();
  const put = (line: ReceiptLine) => {
    lines.delete(line.jobId);
    lines.set(line.jobId, line);
  };

  const read = await readJsonFile(path);
  let foldNow = false;
  if (read.kind === 'ok' && Array.isArray(read.value)) {
    // A line that does not validate is dropped alone; the rest of the book stays.
    for (const item of read.value) {
      const parsed = Line.safeParse(item);
      if (parsed.success) put(parsed.data);
    }
  } else if (read.kind !== 'missing') {
    await setAside(path);
    foldNow = true;
  }
  const logText = await readFile(logPath, 'utf8').catch(() => '');
  for (const line of logLines(logText)) put(line);
  if (logText !== '') foldNow = true;
  const keepFrom = oldestKept();
  for (const [jobId, line] of lines) {
    if (monthOf(line.finishedAt) < keepFrom) {
      lines.delete(jobId);
      foldNow = true;
    }
  }

  // Writes are serialised: lines recorded while one is in flight go into the next.
  let pending: string[] = [];
  let waiters: { resolve(): void; reject(error: unknown): void }[] = [];
  let writing: Promise<void> | undefined;
  let logBytes = 0;
  let foldAt = MIN_FOLD_BYTES;
  let mustFold = foldNow;

  async function fold(): Promise<void> {
    const whole = [...lines.values()];
    await writeJsonAtomic(path, whole);
    // The new book made durable before the log goes: else a power cut could bring back the old
    // book without the log it needs.
    await syncFolder(dir);
    await unlink(logPath).catch(() => undefined);
    logBytes = 0;
    foldAt = Math.max(MIN_FOLD_BYTES, 2 * JSON.stringify(whole).length);
    mustFold = false;
  }

  async function writeOnce(): Promise<void> {
    const text = pending.join('');
    pending = [];
    if (mustFold || logBytes + text.length >= foldAt) return fold();
    if (text === '') return;
    const created = logBytes === 0;
    // `flush` syncs the appended lines to disk before the file is closed.
    await appendFile(logPath, text, { mode: 0o600, flush: true });
    if (created) await syncFolder(dir);
    logBytes += text.length;
  }

  async function drain(): Promise<void> {
    while (pending.length > 0 || mustFold) {
      const waiting = waiters;
      waiters = [];
      try {
        await writeOnce();
        for (const waiter of waiting) waiter.resolve();
      } catch (error) {
        mustFold = true;
        for (const waiter of waiting) waiter.reject(error);
        // The lines stay in memory; the next change writes the whole book with them.
        if (pending.length === 0) break;
      }
    }
    writing = undefined;
  }

  function schedule(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    if (!writing) {
      // The lines of every job that finishes in this turn share one append.
      writing = new Promise<void>((resolve) => setImmediate(resolve)).then(drain);
    }
    return done;
  }

  // A book that cannot be written now (a read-only state folder) still answers; the next
  // change tries the whole book again.
  if (foldNow) await fold().catch(() => (mustFold = true));
  const written = () => (writing ?? Promise.resolve()).catch(() => undefined);

  return {
    record(line) {
      // A line from before the months kept is not kept (as at opening).
      if (monthOf(line.finishedAt) < oldestKept()) return written();
      put(line);
      pending.push(`${JSON.stringify(line)}\n`);
      return schedule();
    },
    thisMonth: () => monthOf(clock.now()),
    spentIn: (month) => {
      let sum = 0;
      for (const line of lines.values()) if (monthOf(line.finishedAt) === month) sum += line.tokens;
      return sum;
    },
    linesOfBatch: (batchId) => [...lines.values()].filter((line) => line.batchId === batchId),
    linesOfMonth: (month) => [...lines.values()].filter((line) => monthOf(line.finishedAt) === month),
    batches() {
      const byBatch = new Map<string, BatchSpend>();
      for (const line of lines.values()) {
        const batch = byBatch.get(line.batchId) ?? {
          batchId: line.batchId,
          startedAt: line.startedAt,
          finishedAt: line.finishedAt,
          files: 0,
          tokens: 0,
        };
        batch.files += 1;
        batch.tokens += line.tokens;
        batch.startedAt = Math.min(batch.startedAt, line.startedAt);
        batch.finishedAt = Math.max(batch.finishedAt, line.finishedAt);
        byBatch.set(line.batchId, batch);
      }
      return [...byBatch.values()].sort((a, b) => b.finishedAt - a.finishedAt);
    },
    written,
  };
}
