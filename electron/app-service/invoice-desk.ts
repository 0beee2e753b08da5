// The desktop's invoice ledger: where it is (Settings -> Invoice ledger: this computer, or a
// PostgreSQL URL with its password in the OS keychain), the Invoices view's list, corrections
// and export, and the last step of watch rules with "Add invoices to the ledger". The ledger is
// opened per request and closed after it: SQLite opens in a millisecond, and a team server's
// connection is not held while the app idles.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InvokeHandlers } from '../../shared/ipc/dispatch.ts';
import { LedgerChoice, type LedgerStatus } from '../../shared/ipc/contract.ts';
import type { InvoiceFieldName, LedgerInvoice } from '../../shared/invoices.ts';
import { type ErrorCode, messageFor } from '../../shared/messages.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import {
  type Engine,
  exportLedger,
  flushPending,
  InvoiceRecorder,
  type KeyStore,
  type Ledger,
  LedgerError,
  type LedgerTarget,
  ledgerLocation,
  openLedger,
  parseLedgerUrl,
  pendingInvoices,
  readJsonFile,
  sha256File,
  writeJsonAtomic,
} from '../engine/index.ts';
import type { PlatformAdapters } from './platform.ts';
import { firstPagePng } from './source-preview.ts';

type InvoiceChannel =
  | 'invoices:list'
  | 'invoices:correct'
  | 'invoices:export'
  | 'invoices:sourcePage'
  | 'ledger:status'
  | 'ledger:set'
  | 'ledger:test';
export type InvoiceHandlers = Pick<InvokeHandlers, InvoiceChannel>;

export interface InvoiceDeskOptions {
  userDataDir: string;
  stateDir: string;
  keyStore: KeyStore;
  platform: PlatformAdapters;
  /** An invoice of a watch rule went into the ledger or its queue (the window reloads). */
  onChanged?: (status: LedgerStatus) => void;
}

export interface InvoiceDesk {
  handlers: InvoiceHandlers;
  /** A watch rule with "Add invoices to the ledger" sent this job: read its result when done. */
  watchJob(jobId: string, source: string): void;
  /** Follows the engine's jobs (called for each engine the app runs). */
  attach(engine: Engine): () => void;
  /** Waits for invoices being added (tests, quitting). */
  settle(): Promise<void>;
}

const SETTINGS_FILE = 'ledger.json';
/** SQLite waits for another process's write lock on the calling thread, and here that thread
 *  is the app's main process: wait a quarter second at most. A write that finds the ledger
 *  busy waits in the pending queue instead, and goes in with the next invoice or list. */
export const APP_LEDGER_BUSY_MS = 250;
const failWith = (code: ErrorCode) => fail({ code, message: messageFor(code) });
const ledgerFailure = (error: unknown) =>
  failWith(error instanceof LedgerError ? (error.code as ErrorCode) : 'ledger_failed');

export async function openInvoiceDesk(options: InvoiceDeskOptions): Promise<InvoiceDesk> {
  const settingsPath = join(options.userDataDir, SETTINGS_FILE);
  const saved = await readJsonFile(settingsPath);
  // Checked whole: a hand-edited file saying postgres without an address means the local ledger.
  const remembered = saved.kind === 'ok' ? LedgerChoice.safeParse(saved.value) : undefined;
  let choice: LedgerChoice = remembered?.success ? remembered.data : { kind: 'local' };

  const targetOf = (which: LedgerChoice): LedgerTarget =>
    which.kind === 'postgres'
      ? { kind: 'postgres', url: which.url }
      : parseLedgerUrl(undefined, options.stateDir)!;
  const passwordAccount = (which: LedgerChoice): string => `ledger:${ledgerLocation(targetOf(which))}`;
  const passwordOf = async (which: LedgerChoice): Promise<string | undefined> =>
    which.kind === 'postgres'
      ? options.keyStore.get(passwordAccount(which)).catch(() => undefined)
      : undefined;

  async function withLedger<T>(work: (ledger: Ledger) => Promise<T>): Promise<Result<T>> {
    let ledger: Ledger | undefined;
    try {
      const password = await passwordOf(choice);
      ledger = await openLedger(targetOf(choice), {
        busyTimeoutMs: APP_LEDGER_BUSY_MS,
        ...(password ? { password } : {}),
      });
      await flushPending(options.stateDir, ledger);
      return ok(await work(ledger));
    } catch (error) {
      return ledgerFailure(error);
    } finally {
      await ledger?.close();
    }
  }

  async function status(): Promise<LedgerStatus> {
    const location = ledgerLocation(targetOf(choice));
    return {
      choice,
      location,
      passwordSet: choice.kind === 'postgres' && (await passwordOf(choice)) !== undefined,
      pending: (await pendingInvoices(options.stateDir, location)).length,
    };
  }

  /** Jobs of invoice rules: the source's sha256, taken when the job was sent. */
  const watched = new Map<string, Promise<string>>();
  const running = new Set<Promise<unknown>>();

  const handlers: InvoiceHandlers = {
    'invoices:list': async () => {
      const invoices = await withLedger((ledger) => ledger.list());
      return invoices.ok ? ok({ invoices: invoices.value, status: await status() }) : invoices;
    },
    'invoices:correct': async ({ id, field, value }) => {
      const result = await withLedger(async (ledger) => {
        // Gone from the ledger (removed by another program): not the value's fault.
        if (!(await ledger.list()).some((invoice) => invoice.id === id)) return undefined;
        await ledger.correct(id, field as InvoiceFieldName, value);
        return (await ledger.list()).find((invoice) => invoice.id === id);
      });
      if (!result.ok) {
        // A value that does not fit the field is the person's to fix, not the database's.
        return result.error.code === 'ledger_failed' ? failWith('correction_invalid') : result;
      }
      return result.value ? ok(result.value as LedgerInvoice) : failWith('not_found');
    },
    'invoices:export': async ({ format }) => {
      const path = await options.platform.chooseSaveFile?.(`invoices.${format}`);
      if (!path) return ok(undefined);
      const invoices = await withLedger((ledger) => ledger.list());
      if (!invoices.ok) return invoices;
      try {
        await exportLedger(invoices.value, path);
      } catch (error) {
        return failWith(
          (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk_full' : 'output_unwritable',
        );
      }
      return ok({ path, count: invoices.value.length });
    },
    'invoices:sourcePage': async ({ id }) => {
      const invoices = await withLedger((ledger) => ledger.list());
      if (!invoices.ok) return invoices;
      const invoice = invoices.value.find((entry) => entry.id === id);
      if (!invoice) return failWith('not_found');
      if (!existsSync(invoice.sourcePath)) return failWith('file_missing');
      try {
        const png = await firstPagePng(invoice.sourcePath);
        return ok({ dataUrl: `data:image/png;base64,${png.toString('base64')}` });
      } catch {
        return failWith('corrupt_input');
      }
    },
    'ledger:status': async () => ok(await status()),
    'ledger:set': async ({ choice: next, password: typed }) => {
      const password = typed || (next.kind === 'postgres' ? passwordInUrl(next.url) : undefined);
      if (next.kind === 'postgres' && password) {
        try {
          await options.keyStore.set(
            passwordAccount({ kind: 'postgres', url: redactedChoiceUrl(next.url) }),
            password,
          );
        } catch {
          return failWith('keychain_unavailable');
        }
      }
      choice = next.kind === 'postgres' ? { kind: 'postgres', url: redactedChoiceUrl(next.url) } : next;
      await writeJsonAtomic(settingsPath, choice);
      return ok(await status());
    },
    'ledger:test': async ({ choice: which, password }) => {
      const testing = which ?? choice;
      let ledger: Ledger | undefined;
      try {
        const secret = password || (await passwordOf(testing));
        ledger = await openLedger(targetOf(testing), {
          busyTimeoutMs: APP_LEDGER_BUSY_MS,
          ...(secret ? { password: secret } : {}),
          connectTimeoutMs: 8000,
        });
        return ok({ invoices: (await ledger.list()).length });
      } catch (error) {
        return ledgerFailure(error);
      } finally {
        await ledger?.close();
      }
    },
  };

  return {
    handlers,
    watchJob(jobId, source) {
      // Hashed now: the rule may move the original once it is converted.
      const hashing = sha256File(source);
      hashing.catch(() => undefined);
      watched.set(jobId, hashing);
    },
    attach(engine) {
      return engine.on('job', (view) => {
        const sha256 = watched.get(view.id);
        if (sha256 === undefined || !['completed', 'failed', 'cancelled'].includes(view.state)) return;
        watched.delete(view.id);
        if (view.state !== 'completed' || !view.output) return;
        const work = (async () => {
          const password = await passwordOf(choice);
          const recorder = new InvoiceRecorder({
            stateDir: options.stateDir,
            target: targetOf(choice),
            open: { busyTimeoutMs: APP_LEDGER_BUSY_MS, ...(password ? { password } : {}) },
          });
          try {
            const outcome = await recorder.record(view.source, view.output!, sha256);
            if ('facts' in outcome) options.onChanged?.(await status());
          } finally {
            await recorder.close();
          }
        })();
        running.add(work);
        void work.catch(() => undefined).finally(() => running.delete(work));
      });
    },
    async settle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

function passwordInUrl(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** A password typed into the URL goes to the keychain like the password field; the settings
 *  file keeps only the address. */
function redactedChoiceUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}
