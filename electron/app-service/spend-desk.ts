// Spending behind the window: every job the service charged is written to the spend book (in
// the app's state folder, so the month's spend survives a restart), the caps of Settings ->
// Spending limits are turned into the numbers a batch is checked against before any upload,
// and History -> Spending reads the month and the batches and exports their receipts.
import type { Settings, SpendSummary } from '../../shared/ipc/contract.ts';
import type { InvokeHandlers } from '../../shared/ipc/dispatch.ts';
import { FINAL_STATES, type JobState, type JobView } from '../../shared/jobs.ts';
import { type ErrorCode, messageFor } from '../../shared/messages.ts';
import { fail, ok } from '../../shared/result.ts';
import type { BatchCaps, Engine, ReceiptLine, SpendBook } from '../engine/index.ts';
import { openSpendBook, receiptLineOf, writeReceipt } from '../engine/index.ts';
import type { PlatformAdapters } from './platform.ts';

type SpendChannel = 'spend:summary' | 'spend:exportReceipt';
export type SpendHandlers = Pick<InvokeHandlers, SpendChannel>;

/** Jobs on their way to being charged (or charged and not yet settled): counted against the
 *  month before they are in the book, so two quick batches cannot both pass the cap. */
const ON_ITS_WAY: ReadonlySet<JobState> = new Set([
  'queued',
  'uploading',
  'processing',
  'downloading',
  'stalled',
]);

export interface SpendDesk {
  attach(engine: Engine): () => void;
  /** The caps a new batch is checked against; undefined when there are none, or offline
   *  (conversions on this computer are free). `monthOnly` for watch folders. */
  capsFor(engine: Engine, settings: Settings, monthOnly?: boolean): BatchCaps | undefined;
  handlers: SpendHandlers;
  written(): Promise<void>;
}

export interface SpendDeskOptions {
  stateDir: string;
  platform: PlatformAdapters;
  settings(): Settings;
}

const failWith = (code: ErrorCode) => fail({ code, message: messageFor(code) });

export async function openSpendDesk(options: SpendDeskOptions): Promise<SpendDesk> {
  const book: SpendBook = await openSpendBook(options.stateDir);
  const recorded = new Set<string>();

  function onJob(job: JobView): void {
    if (recorded.has(job.id)) return;
    const line = receiptLineOf(job);
    if (!line) return;
    recorded.add(job.id);
    // A failed write is tried again with the next charged job (the book is written whole).
    void book.record(line).catch(() => undefined);
  }

  function monthSpent(engine: Engine): number {
    // Charged and finished but not in the book yet (its event still on the way) counts too.
    const notInBook = (job: JobView) =>
      ON_ITS_WAY.has(job.state) ||
      (job.charged === true && !recorded.has(job.id) && FINAL_STATES.has(job.state));
    const inFlight = engine
      .jobs()
      .filter(notInBook)
      .reduce((sum, job) => sum + (job.tokens ?? 0), 0);
    return book.spentIn(book.thisMonth()) + inFlight;
  }

  function linesFor(scope: Parameters<SpendHandlers['spend:exportReceipt']>[0]['scope']): ReceiptLine[] {
    return scope.kind === 'batch' ? book.linesOfBatch(scope.batchId) : book.linesOfMonth(scope.month);
  }

  return {
    attach(engine) {
      // An engine is made for one endpoint and replaced when it changes: one on this computer
      // converts for free (the offline server's token ledger is its own), so it books nothing.
      if (options.settings().endpoint.kind === 'local') return () => undefined;
      for (const job of engine.jobs()) onJob(job);
      return engine.on('job', onJob);
    },
    capsFor(engine, settings, monthOnly = false) {
      const caps = settings.spendCaps;
      if (settings.endpoint.kind === 'local' || !caps) return undefined;
      const month = caps.month;
      const batch = monthOnly ? undefined : caps.batch;
      if (month === undefined && batch === undefined) return undefined;
      return {
        ...(batch !== undefined ? { batch } : {}),
        ...(month !== undefined ? { month, monthSpent: monthSpent(engine) } : {}),
      };
    },
    handlers: {
      'spend:summary': async () => {
        const month = book.thisMonth();
        const summary: SpendSummary = {
          month,
          spent: book.spentIn(month),
          caps: options.settings().spendCaps ?? {},
          batches: book.batches(),
        };
        return ok(summary);
      },
      'spend:exportReceipt': async ({ scope, format }) => {
        const lines = linesFor(scope);
        if (lines.length === 0) return failWith('receipt_empty');
        const name =
          scope.kind === 'month' ? `receipt-${scope.month}` : `receipt-${scope.batchId.slice(0, 10)}`;
        const path = await options.platform.chooseSaveFile?.(`${name}.${format}`);
        if (!path) return ok(undefined);
        try {
          await writeReceipt(lines, path);
        } catch (error) {
          return failWith(
            (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk_full' : 'output_unwritable',
          );
        }
        return ok({ path, count: lines.length });
      },
    },
    written: () => book.written(),
  };
}
