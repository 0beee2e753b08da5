// The watch's memory of what it already sent: one record per (target format, content hash)
// for each rule, kept in the state folder next to the engine's journal so a restart, a rename
// or a re-save of the same bytes never spends tokens again.
//
// Stored as an append-only JSON-lines file, one line per change, fsynced before the caller
// goes on. An append cannot damage earlier lines, so a crash loses at most the line being
// written (a torn last line is ignored on load). On open, a log with many superseded lines
// is compacted by writing a fresh file (temp + fsync + rename), so it stays small for a
// folder that receives thousands of files.
import { writeAtomic } from '../storage/atomic-write.ts';
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { messageFor } from '../../../shared/messages.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';

export const LEDGER_FOLDER = 'watch';

export const LedgerState = z.enum([
  'submitting', // about to be handed to the engine (a crash here is resolved on restart)
  'submitted', // the engine has it (jobId set)
  'converted',
  'failed', // the document itself failed (corrupt, encrypted ...): the same bytes are not retried
  'cancelled', // the person cancelled it in the queue: not sent again
  'present', // already in the folder when watching began, and "only new files" was chosen
]);
export type LedgerState = z.infer<typeof LedgerState>;

const LedgerLine = z.object({
  key: z.string().min(1),
  state: LedgerState.or(z.literal('forgotten')),
  source: z.string().optional(),
  jobId: z.string().optional(),
  output: z.string().optional(),
  code: z.string().optional(),
  facts: z.object({ bytes: z.number(), mtimeMs: z.number(), ino: z.number() }).optional(),
  at: z.number(),
});

export interface LedgerEntry {
  key: string;
  state: LedgerState;
  /** The path it had when taken (it may have been renamed or moved since). */
  source: string;
  jobId?: string;
  output?: string;
  /** Why it failed (a key of shared/messages.ts or the server's code). */
  code?: string;
  /** Size, mtime and inode when taken: after success the original is touched only if unchanged. */
  facts?: { bytes: number; mtimeMs: number; ino: number };
  at: number;
}

export interface ConvertedLedger {
  get(key: string): LedgerEntry | undefined;
  /**
   * The entry taken from this very file, if it has not changed since (same path, size, mtime
   * and inode): a restart then need not hash every original still in the folder.
   */
  unchangedSince(
    source: string,
    facts: { bytes: number; mtimeMs: number; ino: number },
  ): LedgerEntry | undefined;
  /** Records a state; resolves once it is on disk. */
  put(entry: Omit<LedgerEntry, 'at'>): Promise<void>;
  /** Drops a record so the same bytes can be taken again (a failure that was not the file's fault). */
  forget(key: string): Promise<void>;
  entries(): LedgerEntry[];
  close(): Promise<void>;
}

/** The memory key: the same bytes converted to another format are another conversion. */
export function ledgerKey(to: string, sha256: string): string {
  return `${to}:${sha256}`;
}

export function ledgerPath(stateDir: string, ruleId: string): string {
  return join(stateDir, LEDGER_FOLDER, `${ruleId}.jsonl`);
}

function parseLog(text: string): { entries: Map<string, LedgerEntry>; lines: number } {
  const entries = new Map<string, LedgerEntry>();
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    lines += 1;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue; // a torn line from a crash mid-append: the lines before it still count
    }
    const parsed = LedgerLine.safeParse(raw);
    if (!parsed.success) continue;
    const { state, ...rest } = parsed.data;
    if (state === 'forgotten') entries.delete(rest.key);
    else entries.set(rest.key, { ...rest, state, source: rest.source ?? '' });
  }
  return { entries, lines };
}

async function writeFresh(path: string, entries: Iterable<LedgerEntry>): Promise<void> {
  let body = '';
  for (const entry of entries) body += `${JSON.stringify(entry)}\n`;
  await writeAtomic(path, body);
}

export async function openConvertedLedger(
  stateDir: string,
  ruleId: string,
): Promise<Result<ConvertedLedger>> {
  const path = ledgerPath(stateDir, ruleId);
  let handle: FileHandle;
  let entries: Map<string, LedgerEntry>;
  try {
    await mkdir(join(stateDir, LEDGER_FOLDER), { recursive: true, mode: 0o700 });
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const log = parseLog(text);
    entries = log.entries;
    // A torn last line would swallow the next append, so such a log is rewritten clean too.
    const torn = text.length > 0 && !text.endsWith('\n');
    if (torn || log.lines > 2 * entries.size + 64) await writeFresh(path, entries.values());
    handle = await open(path, 'a', 0o600);
  } catch (error) {
    return fail({
      code: 'state_unwritable',
      message: messageFor('state_unwritable'),
      details: { path, reason: (error as Error).message },
    });
  }

  // Appends are chained so lines land in the order the states happened.
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  const append = (line: z.input<typeof LedgerLine>): Promise<void> => {
    if (closed) return Promise.resolve();
    const text = `${JSON.stringify(line)}\n`;
    const next = writing.then(async () => {
      await handle.write(text);
      await handle.datasync();
    });
    // A failed append must not block later ones; the caller still sees its own failure.
    writing = next.catch(() => undefined);
    return next;
  };

  // Newest entry per source path, for unchangedSince.
  const bySource = new Map<string, string>();
  for (const entry of entries.values()) bySource.set(entry.source, entry.key);

  return ok({
    get: (key) => entries.get(key),
    unchangedSince(source, facts) {
      const key = bySource.get(source);
      const entry = key === undefined ? undefined : entries.get(key);
      const then = entry?.source === source ? entry.facts : undefined;
      if (!then || then.bytes !== facts.bytes || then.mtimeMs !== facts.mtimeMs || then.ino !== facts.ino)
        return undefined;
      return entry;
    },
    entries: () => [...entries.values()],
    put(entry) {
      const full: LedgerEntry = { ...entry, at: Date.now() };
      entries.set(full.key, full);
      bySource.set(full.source, full.key);
      return append(full);
    },
    forget(key) {
      if (!entries.delete(key)) return Promise.resolve();
      return append({ key, state: 'forgotten', at: Date.now() });
    },
    async close() {
      if (closed) return;
      closed = true;
      await writing;
      await handle.close();
    },
  });
}
