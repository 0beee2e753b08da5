// The invoice ledger: SQLite on this computer, PostgreSQL for a team, one interface.
export { exportLedger } from './export-ledger.ts';
export { InvoiceRecorder, type InvoiceOutcome, sha256File } from './invoice-recorder.ts';
export {
  defaultLedgerPath,
  ledgerLocation,
  type LedgerTarget,
  openLedger,
  parseLedgerUrl,
} from './ledger-url.ts';
export { type Ledger, type LedgerEntry, LedgerError, type LedgerErrorCode } from './ledger-types.ts';
export { flushPending, pendingInvoices, queueInvoice } from './pending.ts';
