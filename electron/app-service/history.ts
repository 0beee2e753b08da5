// Recent results (tray menu, window history): a short list kept in userData so it survives a
// restart. Newest first; one entry per job (a retry that succeeds replaces its failure);
// written atomically after each change. Failures are listed too, with their reason.
import { join } from 'node:path';
import { z } from 'zod';
import type { HistoryEntry } from '../../shared/ipc/contract.ts';
import { readJsonFile, setAside, writeJsonAtomic } from '../engine/index.ts';

export const HISTORY_FILE = 'recent-results.json';
export const HISTORY_LIMIT = 50;

const Entry = z
  .object({
    jobId: z.string().min(1),
    source: z.string(),
    output: z.string().min(1).optional(),
    to: z.string(),
    finishedAt: z.number(),
    failure: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .refine((entry) => (entry.output === undefined) !== (entry.failure === undefined));

export interface History {
  entries(): HistoryEntry[];
  add(entry: HistoryEntry): Promise<void>;
  find(jobId: string): HistoryEntry | undefined;
  /** Resolves once every change so far is on disk. */
  written(): Promise<void>;
}

export async function openHistory(dir: string, limit = HISTORY_LIMIT): Promise<History> {
  const path = join(dir, HISTORY_FILE);
  const read = await readJsonFile(path);
  let list: HistoryEntry[] = [];
  if (read.kind === 'ok' && Array.isArray(read.value)) {
    // Entries that do not validate are dropped one by one; the rest of the list stays.
    list = read.value.flatMap((item) => {
      const parsed = Entry.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  } else if (read.kind !== 'missing') {
    await setAside(path);
  }
  // Writes are chained so two quick results cannot land out of order.
  let writing: Promise<void> = Promise.resolve();
  return {
    entries: () => list.slice(),
    find: (jobId) => list.find((entry) => entry.jobId === jobId),
    written: () => writing,
    add(entry) {
      list = [entry, ...list.filter((existing) => existing.jobId !== entry.jobId)].slice(0, limit);
      const snapshot = list.slice();
      writing = writing.then(() => writeJsonAtomic(path, snapshot)).catch(() => undefined);
      return writing;
    },
  };
}
