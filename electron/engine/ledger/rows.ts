// Rows in and out: the same SQL for both databases ("?" placeholders, numbered for PostgreSQL),
// and the mapping from database rows to LedgerInvoice with corrections applied.
import {
  INVOICE_FIELDS,
  type InvoiceFieldName,
  type LedgerInvoice,
  factsOf,
  type ReviewField,
} from '../../../shared/invoices.ts';
import type { LedgerEntry } from './ledger-types.ts';

export interface Sql {
  /** Runs one statement; returns its rows (RETURNING / SELECT). */
  run(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

const text = (value: number | null): string | null => (value === null ? null : String(value));

export const INSERT_INVOICE = `INSERT INTO invoices (source_sha256, source_path, workbook_path, added_at, status,
  document_type, invoice_number, issue_date, due_date, seller, seller_vat_id, buyer, currency, net, tax, gross,
  review, reading) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (source_sha256) DO NOTHING RETURNING id`;

export function invoiceParams(entry: LedgerEntry, now: Date): unknown[] {
  const facts = factsOf(entry.read);
  return [
    entry.sourceSha256,
    entry.sourcePath,
    entry.workbookPath,
    now.toISOString(),
    facts.status,
    facts.documentType,
    facts.invoiceNumber,
    facts.issueDate,
    facts.dueDate,
    facts.seller,
    facts.sellerVatId,
    facts.buyer,
    facts.currency,
    text(facts.net),
    text(facts.tax),
    text(facts.gross),
    JSON.stringify(facts.review),
    JSON.stringify(entry.read),
  ];
}

export const INSERT_LINE = `INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price,
  amount, tax_rate) VALUES (?, ?, ?, ?, ?, ?, ?)`;

export function lineParams(invoiceId: number, entry: LedgerEntry): unknown[][] {
  return factsOf(entry.read).lines.map((line, index) => [
    invoiceId,
    index + 1,
    line.description,
    text(line.quantity),
    text(line.unitPrice),
    text(line.amount),
    text(line.taxRate),
  ]);
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

const NUMERIC_FIELDS = new Set<InvoiceFieldName>(['net', 'tax', 'gross']);

/** Reads the whole ledger: invoices, their lines, and corrections (the latest per field wins). */
export async function listLedger(sql: Sql): Promise<LedgerInvoice[]> {
  const invoices = await sql.run('SELECT * FROM invoices ORDER BY id');
  const lines = await sql.run('SELECT * FROM invoice_lines ORDER BY invoice_id, position');
  const corrections = await sql.run('SELECT * FROM corrections ORDER BY id');
  const linesOf = new Map<number, LedgerInvoice['lines']>();
  for (const row of lines) {
    const key = Number(row.invoice_id);
    const list = linesOf.get(key) ?? [];
    list.push({
      description: str(row.description),
      quantity: num(row.quantity),
      unitPrice: num(row.unit_price),
      amount: num(row.amount),
      taxRate: num(row.tax_rate),
    });
    linesOf.set(key, list);
  }
  const correctionsOf = new Map<number, Map<InvoiceFieldName, unknown>>();
  for (const row of corrections) {
    const key = Number(row.invoice_id);
    const map = correctionsOf.get(key) ?? new Map();
    map.set(row.field as InvoiceFieldName, row.value === null ? null : JSON.parse(String(row.value)));
    correctionsOf.set(key, map);
  }
  return invoices.map((row) => {
    const id = Number(row.id);
    const invoice: LedgerInvoice = {
      id,
      sourcePath: String(row.source_path),
      sourceSha256: String(row.source_sha256),
      workbookPath: str(row.workbook_path),
      addedAt: String(row.added_at),
      status: row.status === 'ok' ? 'ok' : 'needs_review',
      documentType: row.document_type === 'credit_note' ? 'credit_note' : 'invoice',
      invoiceNumber: str(row.invoice_number),
      issueDate: str(row.issue_date),
      dueDate: str(row.due_date),
      seller: str(row.seller),
      sellerVatId: str(row.seller_vat_id),
      buyer: str(row.buyer),
      currency: str(row.currency),
      net: num(row.net),
      tax: num(row.tax),
      gross: num(row.gross),
      lines: linesOf.get(id) ?? [],
      review: JSON.parse(String(row.review)) as ReviewField[],
      corrected: [],
    };
    const fixes = correctionsOf.get(id);
    if (fixes) {
      for (const [field, value] of fixes) {
        (invoice as unknown as Record<string, unknown>)[field] = value;
        invoice.corrected.push(field);
      }
      // A corrected field has been looked at: it no longer needs review.
      invoice.review = invoice.review.filter((name) => !fixes.has(name as InvoiceFieldName));
      invoice.status = invoice.review.length === 0 ? 'ok' : 'needs_review';
    }
    return invoice;
  });
}

/** The value a correction may hold for a field, or an error sentence's code. */
export function correctionValue(
  field: InvoiceFieldName,
  value: string | number | null,
): { ok: true; json: string | null } | { ok: false } {
  if (!INVOICE_FIELDS.includes(field)) return { ok: false };
  if (value === null || value === '') return { ok: true, json: null };
  if (NUMERIC_FIELDS.has(field)) {
    const number = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    return Number.isFinite(number) ? { ok: true, json: JSON.stringify(number) } : { ok: false };
  }
  if ((field === 'issueDate' || field === 'dueDate') && !/^\d{4}-\d{2}-\d{2}$/.test(String(value)))
    return { ok: false };
  if (field === 'documentType' && value !== 'invoice' && value !== 'credit_note') return { ok: false };
  return { ok: true, json: JSON.stringify(String(value).trim()) };
}
