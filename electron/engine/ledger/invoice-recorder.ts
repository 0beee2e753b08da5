// The pipeline's last step: after a converted XLSX is saved, read it as an invoice and add it
// to the ledger. A ledger that cannot take it (unreachable, locked, full) costs nothing: the
// XLSX is already saved and the invoice waits in the pending queue until the ledger is back
// (the next run adds what waits first). The source's sha256 is taken when the job is first
// seen, while the source is surely still there (a watch rule may move it afterwards).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { factsOf, type InvoiceFacts, type InvoiceRead } from '../../../shared/invoices.ts';
import { readInvoice } from '../invoices/read-invoice.ts';
import { readWorkbookCells } from '../invoices/workbook-cells.ts';
import { type LedgerTarget, ledgerLocation, type OpenOptions, openLedger } from './ledger-url.ts';
import type { Ledger, LedgerEntry } from './ledger-types.ts';
import { LedgerError } from './ledger-types.ts';
import { flushPending, queueInvoice } from './pending.ts';

export type InvoiceOutcome =
  | {
      source: string;
      workbook: string;
      read: InvoiceRead;
      facts: InvoiceFacts;
      /** added: new in the ledger; known: already there (same source); queued: waits. */
      ledger: 'added' | 'known' | 'queued';
      ledgerId?: number;
      error?: { code: string };
    }
  | { source: string; workbook: string; error: { code: 'invoice_unreadable' } };

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export interface InvoiceRecorderOptions {
  stateDir: string;
  target: LedgerTarget;
  open?: OpenOptions;
  today?: Date;
}

export class InvoiceRecorder {
  private readonly hashes = new Map<string, Promise<string>>();
  private ledger: Promise<Ledger> | undefined;
  /** Set once the ledger failed to open in this run: the rest of the run queues at once
   *  rather than waiting for an unreachable server again per file. */
  private openFailure: LedgerError | undefined;
  readonly location: string;

  private readonly options: InvoiceRecorderOptions;

  constructor(options: InvoiceRecorderOptions) {
    this.options = options;
    this.location = ledgerLocation(options.target);
  }

  /** Starts hashing a source now (the job was just seen); `record` waits for it. */
  noteSource(source: string): void {
    if (!this.hashes.has(source)) {
      const hashing = sha256File(source);
      hashing.catch(() => undefined);
      this.hashes.set(source, hashing);
    }
  }

  private async openOnce(): Promise<Ledger> {
    if (this.openFailure) throw this.openFailure;
    this.ledger ??= (async () => {
      const ledger = await openLedger(this.options.target, this.options.open);
      await flushPending(this.options.stateDir, ledger);
      return ledger;
    })();
    try {
      return await this.ledger;
    } catch (error) {
      this.ledger = undefined;
      this.openFailure =
        error instanceof LedgerError ? error : new LedgerError('ledger_failed', String(error));
      throw this.openFailure;
    }
  }

  /** `sha256`: the source's hash taken earlier (the caller saw the job start). */
  async record(source: string, workbook: string, sha256?: Promise<string>): Promise<InvoiceOutcome> {
    if (sha256) this.hashes.set(source, sha256);
    this.noteSource(source);
    let read: InvoiceRead;
    let sha: string;
    try {
      sha = await this.hashes.get(source)!;
      read = readInvoice(
        await readWorkbookCells(workbook),
        this.options.today ? { today: this.options.today } : {},
      );
    } catch {
      return { source, workbook, error: { code: 'invoice_unreadable' } };
    }
    const entry: LedgerEntry = { sourcePath: source, sourceSha256: sha, workbookPath: workbook, read };
    const facts = factsOf(read);
    try {
      const ledger = await this.openOnce();
      const result = await ledger.add(entry);
      return { source, workbook, read, facts, ledger: result.added ? 'added' : 'known', ledgerId: result.id };
    } catch (error) {
      const code = error instanceof LedgerError ? error.code : 'ledger_failed';
      await queueInvoice(this.options.stateDir, this.location, entry);
      return { source, workbook, read, facts, ledger: 'queued', error: { code } };
    }
  }

  async close(): Promise<void> {
    const ledger = this.ledger;
    this.ledger = undefined;
    if (ledger) await (await ledger.catch(() => undefined))?.close();
  }
}
