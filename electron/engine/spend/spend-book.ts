// What was spent, kept across restarts: one receipt line per charged job, in a JSON file in the
// state folder, replaced atomically after each change (storage/atomic-json.ts). It answers what
// a calendar month (local time: the month on the person's wall calendar) has spent, for the
// monthly cap, and holds the lines a receipt per batch or per month is made from.
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { systemClock } from '../../../shared/clock.ts';
import { readJsonFile, setAside, writeJsonAtomic } from '../storage/atomic-json.ts';

export const SPEND_FILE = 'spend.json';
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

export async function openSpendBook(dir: string, clock: Clock = systemClock): Promise<SpendBook> {
  const path = join(dir, SPEND_FILE);
  const read = await readJsonFile(path);
  let lines: ReceiptLine[] = [];
  if (read.kind === 'ok' && Array.isArray(read.value)) {
    // A line that does not validate is dropped alone; the rest of the book stays.
    lines = read.value.flatMap((item) => {
      const parsed = Line.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  } else if (read.kind !== 'missing') {
    await setAside(path);
  }
  // Writes are chained so two quick changes cannot land out of order.
  let writing: Promise<void> = Promise.resolve();
  const oldestKept = (): string => {
    const now = new Date(clock.now());
    return monthOf(new Date(now.getFullYear(), now.getMonth() - SPEND_KEEP_MONTHS + 1, 1).getTime());
  };
  return {
    record(line) {
      const keepFrom = oldestKept();
      lines = [...lines.filter((old) => old.jobId !== line.jobId), line].filter(
        (kept) => monthOf(kept.finishedAt) >= keepFrom,
      );
      const snapshot = lines.slice();
      writing = writing.then(() => writeJsonAtomic(path, snapshot));
      const done = writing;
      writing = writing.catch(() => undefined);
      return done;
    },
    thisMonth: () => monthOf(clock.now()),
    spentIn: (month) =>
      lines.filter((line) => monthOf(line.finishedAt) === month).reduce((sum, line) => sum + line.tokens, 0),
    linesOfBatch: (batchId) => lines.filter((line) => line.batchId === batchId),
    linesOfMonth: (month) => lines.filter((line) => monthOf(line.finishedAt) === month),
    batches() {
      const byBatch = new Map<string, BatchSpend>();
      for (const line of lines) {
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
    written: () => writing,
  };
}
