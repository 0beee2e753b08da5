// What the Invoices view shows, as pure functions (tested in Node): the rows the filter keeps,
// totals per currency (never added across currencies), amounts as a person reads them, and
// the names of the fields a person can correct.
import { intl, type MessageId, t } from '../../../shared/i18n/index.ts';
import { INVOICE_FIELDS, type InvoiceFieldName, type LedgerInvoice } from '../../../shared/invoices.ts';

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
  return intl().formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The fields the detail pane offers for correction, in reading order; `labelId` is the
 *  catalogue key of the field's name (see fieldLabel), so the label follows the language. */
export const CORRECTABLE: {
  field: InvoiceFieldName;
  labelId: MessageId;
  kind: 'text' | 'date' | 'amount';
}[] = [
  { field: 'invoiceNumber', labelId: 'app.invoices.field.invoiceNumber', kind: 'text' },
  { field: 'issueDate', labelId: 'app.invoices.field.issueDate', kind: 'date' },
  { field: 'dueDate', labelId: 'app.invoices.field.dueDate', kind: 'date' },
  { field: 'seller', labelId: 'app.invoices.field.seller', kind: 'text' },
  { field: 'sellerVatId', labelId: 'app.invoices.field.sellerVatId', kind: 'text' },
  { field: 'buyer', labelId: 'app.invoices.field.buyer', kind: 'text' },
  { field: 'currency', labelId: 'app.invoices.field.currency', kind: 'text' },
  { field: 'net', labelId: 'app.invoices.field.net', kind: 'amount' },
  { field: 'tax', labelId: 'app.invoices.field.tax', kind: 'amount' },
  { field: 'gross', labelId: 'app.invoices.field.gross', kind: 'amount' },
];

export function fieldText(invoice: LedgerInvoice, field: InvoiceFieldName): string {
  const value = (invoice as unknown as Record<string, unknown>)[field];
  return value === null || value === undefined ? '' : String(value);
}

// Every field the reader can flag, and 'lines' for the line items.
const REVIEW_FIELDS = new Set<string>([...INVOICE_FIELDS, 'lines']);

/** "Check: net, line items" for a row that needs review, in the window's language; '' when ok. */
export function reviewText(invoice: LedgerInvoice): string {
  if (invoice.review.length === 0) return '';
  const words = invoice.review.map((name) =>
    REVIEW_FIELDS.has(name) ? t(`app.invoices.reviewWord.${name}` as MessageId) : name,
  );
  return t('app.invoices.review', { fields: words.join(', ') });
}
