// Invoices waiting for a ledger that could not take them (unreachable, locked, full): one small
// JSON file per source in <state dir>/ledger-pending/, named by the source's sha256, written
// atomically. One file each means two processes never overwrite each other's queue, and the
// once-only rule holds here too (the same source queued twice is one file).
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeJsonAtomic } from '../storage/atomic-json.ts';
import type { Ledger, LedgerEntry } from './ledger-types.ts';
import { LedgerError } from './ledger-types.ts';

export interface PendingInvoice {
  /** The ledger it was meant for (no password). */
  ledger: string;
  queuedAt: string;
  entry: LedgerEntry;
}

export function pendingDir(stateDir: string): string {
  return join(stateDir, 'ledger-pending');
}

export async function queueInvoice(stateDir: string, ledger: string, entry: LedgerEntry): Promise<string> {
  const file = join(pendingDir(stateDir), `${entry.sourceSha256}.json`);
  const pending: PendingInvoice = { ledger, queuedAt: new Date().toISOString(), entry };
  await writeJsonAtomic(file, pending);
  return file;
}

export async function pendingInvoices(
  stateDir: string,
  ledger?: string,
): Promise<{ file: string; pending: PendingInvoice }[]> {
  let names: string[];
  try {
    names = (await readdir(pendingDir(stateDir))).filter((name) => /^[0-9a-f]{64}\.json$/.test(name));
  } catch {
    return [];
  }
  const out: { file: string; pending: PendingInvoice }[] = [];
  for (const name of names.sort()) {
    const file = join(pendingDir(stateDir), name);
    const read = await readJsonFile(file);
    if (read.kind !== 'ok') continue;
    const pending = read.value as PendingInvoice;
    if (!pending?.entry?.sourceSha256) continue;
    if (ledger === undefined || pending.ledger === ledger) out.push({ file, pending });
  }
  return out;
}

/** Adds what waits for this ledger; stops at the first database failure (the rest keeps
 *  waiting). Returns how many were added now. */
export async function flushPending(
  stateDir: string,
  ledger: Ledger,
): Promise<{ added: number; left: number; error?: LedgerError }> {
  const waiting = await pendingInvoices(stateDir, ledger.location);
  let added = 0;
  for (const [index, { file, pending }] of waiting.entries()) {
    try {
      await ledger.add(pending.entry);
    } catch (error) {
      const failure = error instanceof LedgerError ? error : new LedgerError('ledger_failed', String(error));
      return { added, left: waiting.length - index, error: failure };
    }
    await unlink(file).catch(() => undefined);
    added += 1;
  }
  return { added, left: 0 };
}
