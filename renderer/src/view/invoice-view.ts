// What the Invoices view shows, as pure functions (tested in Node): the rows the filter keeps,
// totals per currency (never added across currencies), amounts as a person reads them, and
// the names of the fields a person can correct.
import type { InvoiceFieldName, LedgerInvoice } from '../../../shared/invoices.ts';

export type InvoiceFilter = 'all' | 'needs_review';

export function filterInvoices(invoices: readonly LedgerInvoice[], filter: InvoiceFilter): LedgerInvoice[] {
  return filter === 'all' ? [...invoices] : invoices.filter((invoice) => invoice.status === 'needs_review');
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  net: number;
  tax: number;
  gross: number;
}

const cents = (value: number | null): number => Math.round((value ?? 0) * 100);

/** One line per currency ("?" for invoices whose currency is unknown), in currency order. */
export function totalsByCurrency(invoices: readonly LedgerInvoice[]): CurrencyTotal[] {
  const totals = new Map<string, { count: number; net: number; tax: number; gross: number }>();
  for (const invoice of invoices) {
    const key = invoice.currency ?? '?';
    const total = totals.get(key) ?? { count: 0, net: 0, tax: 0, gross: 0 };
    total.count += 1;
    total.net += cents(invoice.net);
    total.tax += cents(invoice.tax);
    total.gross += cents(invoice.gross);
    totals.set(key, total);
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, total]) => ({
      currency,
      count: total.count,
      net: total.net / 100,
      tax: total.tax / 100,
      gross: total.gross / 100,
    }));
}

export function formatAmount(value: number | null): string {
  if (value === null) return '–';
  return value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The fields the detail pane offers for correction, with their labels, in reading order. */
export const CORRECTABLE: { field: InvoiceFieldName; label: string; kind: 'text' | 'date' | 'amount' }[] = [
  { field: 'invoiceNumber', label: 'Invoice number', kind: 'text' },
  { field: 'issueDate', label: 'Issue date', kind: 'date' },
  { field: 'dueDate', label: 'Due date', kind: 'date' },
  { field: 'seller', label: 'Seller', kind: 'text' },
  { field: 'sellerVatId', label: 'Seller VAT id', kind: 'text' },
  { field: 'buyer', label: 'Buyer', kind: 'text' },
  { field: 'currency', label: 'Currency', kind: 'text' },
  { field: 'net', label: 'Net', kind: 'amount' },
  { field: 'tax', label: 'Tax', kind: 'amount' },
  { field: 'gross', label: 'Gross', kind: 'amount' },
];

export function fieldText(invoice: LedgerInvoice, field: InvoiceFieldName): string {
  const value = (invoice as unknown as Record<string, unknown>)[field];
  return value === null || value === undefined ? '' : String(value);
}

const REVIEW_WORDS: Record<string, string> = {
  lines: 'line items',
  invoiceNumber: 'invoice number',
  issueDate: 'issue date',
  dueDate: 'due date',
  sellerVatId: 'seller VAT id',
};

/** "Check: net, line items" for a row that needs review; '' when ok. */
export function reviewText(invoice: LedgerInvoice): string {
  if (invoice.review.length === 0) return '';
  return `Check: ${invoice.review.map((name) => REVIEW_WORDS[name] ?? name).join(', ')}`;
}
