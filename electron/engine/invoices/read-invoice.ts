// The invoice reader: from a converted invoice workbook's cells to the invoice's fields, each
// with its source cell and a confidence, and a status. Pure over the cells (no file, no clock
// but the one passed in), template-free: labels in six languages, amounts and dates in the
// formats invoices use, the line table found by its header and checked by arithmetic.
import type { InvoiceField, InvoiceLineRead, InvoiceRead } from '../../../shared/invoices.ts';
import type { InvoiceSheet } from './cells.ts';
import { check } from './checks.ts';
import { documentOf, field } from './document.ts';
import {
  dateOf,
  documentTypeOf,
  invoiceNumberOf,
  partyOf,
  sellerByPosition,
  sellerVatIdOf,
} from './header-fields.ts';
import { lineTableOf } from './line-items.ts';
import { totalsOf } from './totals.ts';

export interface ReadOptions {
  /** "Now" for the plausibility of dates; tests and the bench pass a fixed day. */
  today?: Date;
}

/** A line without its own rate takes the document's only rate: one rate applies to all. */
function withDocumentRate(
  lines: InvoiceLineRead[],
  rates: { rate: number | null; source: InvoiceField<number>['source'] }[],
) {
  const distinct = [...new Set(rates.map((entry) => entry.rate).filter((rate) => rate !== null))];
  if (distinct.length !== 1) return lines;
  const source = rates.find((entry) => entry.rate === distinct[0])!.source;
  return lines.map((line) =>
    line.taxRate.value === null ? { ...line, taxRate: field(distinct[0]!, source, 0.8) } : line,
  );
}

export function readInvoice(sheets: readonly InvoiceSheet[], options: ReadOptions = {}): InvoiceRead {
  const doc = documentOf(sheets);
  const table = lineTableOf(doc);
  const tableLines = new Set<number>();
  if (table) for (let index = table.header.index; index < table.end; index += 1) tableLines.add(index);
  const totals = totalsOf(doc, table ? table.end : 0, tableLines);
  const buyer = partyOf(doc, 'buyer');
  // The buyer's block: its label line and the few lines of address under it.
  const buyerLines = new Set<number>();
  if (buyer.line !== null)
    for (let index = buyer.line - 1; index <= buyer.line + 3; index += 1) buyerLines.add(index);
  const labelledSeller = partyOf(doc, 'seller').field;
  const seller = labelledSeller.value !== null ? labelledSeller : sellerByPosition(doc, buyerLines);
  const issue = dateOf(doc, 'issueDate');
  const due = dateOf(doc, 'dueDate');
  let lines = table?.lines ?? [];
  lines = withDocumentRate(
    lines,
    totals.taxes.map((tax) => ({ rate: tax.rate, source: tax.source })),
  );
  let net = totals.net;
  if (net.value === null && totals.gross.value !== null && lines.length > 0) {
    // No net line (a common short form: lines, VAT, total): the lines' sum is the net when it
    // and the tax make the total; else the net stays empty and is flagged.
    const sum = lines.reduce((acc, line) => acc + Math.round((line.amount.value ?? Number.NaN) * 100), 0);
    if (sum + Math.round((totals.tax.value ?? 0) * 100) === Math.round(totals.gross.value * 100))
      net = field(sum / 100, null, 0.8);
  }
  const read = {
    documentType: documentTypeOf(doc),
    invoiceNumber: invoiceNumberOf(doc),
    issueDate: issue.field,
    dueDate: due.field,
    seller,
    sellerVatId: sellerVatIdOf(doc, buyerLines),
    buyer: buyer.field,
    currency: doc.currency,
    net,
    tax: totals.tax,
    gross: totals.gross,
    taxes: totals.taxes,
    lines,
  };
  const ambiguousDates = [
    ...(issue.ambiguous ? ['issueDate' as const] : []),
    ...(due.ambiguous ? ['dueDate' as const] : []),
  ];
  const { review, reasons } = check({
    read,
    doubtfulLines: table?.doubtful ?? 0,
    ambiguousDates,
    currencyReason: doc.currencyReason,
    today: options.today ?? new Date(),
  });
  return { status: review.length === 0 ? 'ok' : 'needs_review', review, reasons, ...read };
}
