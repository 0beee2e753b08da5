// The invoice ledger: one interface over SQLite (a file on this computer) and PostgreSQL (a
// team's server), so the pipeline, ifc and the window never care which one it is.
import type { InvoiceFieldName, InvoiceRead, LedgerInvoice } from '../../../shared/invoices.ts';

export type LedgerErrorCode =
  | 'ledger_unreachable'
  | 'ledger_locked'
  | 'ledger_full'
  | 'ledger_auth'
  | 'ledger_failed';

/** A database failure as one of the codes a person can act on (shared/messages.ts). */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, detail: string) {
    super(detail);
    this.code = code;
    this.name = 'LedgerError';
  }
}

export interface LedgerEntry {
  sourcePath: string;
  sourceSha256: string;
  workbookPath: string | null;
  read: InvoiceRead;
}

export interface Ledger {
  /** Where it is, safe to show (no password). */
  readonly location: string;
  /** Adds an invoice once: a source already in the ledger (same sha256) is not added again. */
  add(entry: LedgerEntry): Promise<{ added: boolean; id: number }>;
  list(): Promise<LedgerInvoice[]>;
  /** Records a person's correction of one field; the list shows the corrected value. */
  correct(id: number, field: InvoiceFieldName, value: string | number | null): Promise<void>;
  close(): Promise<void>;
}
