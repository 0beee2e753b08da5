// The invoice model shared by the engine (reader, ledger), ifc and the window: what was read
// from a converted invoice workbook, each field with where it came from and how sure the reader
// is, and the plain shape `ifc --json` prints (cli.md, issue 18).

export interface FieldSource {
  sheet: string;
  row: number;
  col: number;
}

/** A field the reader filled (value) or left empty (null); confidence 0..1. */
export interface InvoiceField<T> {
  value: T | null;
  source: FieldSource | null;
  confidence: number;
}

export interface InvoiceLineRead {
  description: InvoiceField<string>;
  quantity: InvoiceField<number>;
  unitPrice: InvoiceField<number>;
  amount: InvoiceField<number>;
  taxRate: InvoiceField<number>;
}

export interface TaxRead {
  rate: number | null;
  amount: number;
  source: FieldSource | null;
}

export const INVOICE_FIELDS = [
  'documentType',
  'invoiceNumber',
  'issueDate',
  'dueDate',
  'seller',
  'sellerVatId',
  'buyer',
  'currency',
  'net',
  'tax',
  'gross',
] as const;
export type InvoiceFieldName = (typeof INVOICE_FIELDS)[number];
export type ReviewField = InvoiceFieldName | 'lines';

export type InvoiceStatus = 'ok' | 'needs_review';
export type DocumentType = 'invoice' | 'credit_note';

export interface InvoiceRead {
  status: InvoiceStatus;
  /** Fields a person should look at; empty when status is ok. */
  review: ReviewField[];
  /** Why, as codes: lines_do_not_sum, totals_do_not_add_up, ambiguous_date, ... */
  reasons: string[];
  documentType: InvoiceField<DocumentType>;
  invoiceNumber: InvoiceField<string>;
  issueDate: InvoiceField<string>;
  dueDate: InvoiceField<string>;
  seller: InvoiceField<string>;
  sellerVatId: InvoiceField<string>;
  buyer: InvoiceField<string>;
  currency: InvoiceField<string>;
  net: InvoiceField<number>;
  tax: InvoiceField<number>;
  gross: InvoiceField<number>;
  taxes: TaxRead[];
  lines: InvoiceLineRead[];
}

export interface InvoiceLine {
  description: string | null;
  quantity: number | null;
  unitPrice: number | null;
  amount: number | null;
  taxRate: number | null;
}

/** The plain invoice: `ifc --json`'s object (without type/source) and the ledger's row. */
export interface InvoiceFacts {
  status: InvoiceStatus;
  documentType: DocumentType;
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  seller: string | null;
  sellerVatId: string | null;
  buyer: string | null;
  currency: string | null;
  net: number | null;
  tax: number | null;
  gross: number | null;
  lines: InvoiceLine[];
  review: ReviewField[];
}

export function factsOf(read: InvoiceRead): InvoiceFacts {
  return {
    status: read.status,
    documentType: read.documentType.value ?? 'invoice',
    invoiceNumber: read.invoiceNumber.value,
    issueDate: read.issueDate.value,
    dueDate: read.dueDate.value,
    seller: read.seller.value,
    sellerVatId: read.sellerVatId.value,
    buyer: read.buyer.value,
    currency: read.currency.value,
    net: read.net.value,
    tax: read.tax.value,
    gross: read.gross.value,
    lines: read.lines.map((line) => ({
      description: line.description.value,
      quantity: line.quantity.value,
      unitPrice: line.unitPrice.value,
      amount: line.amount.value,
      taxRate: line.taxRate.value,
    })),
    review: [...read.review],
  };
}

/** A ledger entry as lists and the window show it: facts with corrections applied. */
export interface LedgerInvoice extends InvoiceFacts {
  id: number;
  sourcePath: string;
  sourceSha256: string;
  workbookPath: string | null;
  addedAt: string;
  /** Fields a person corrected; their values above are the corrected ones. */
  corrected: InvoiceFieldName[];
}

/** The line `ifc --json` prints per invoice (cli.md). */
export function invoiceJsonLine(source: string, facts: InvoiceFacts): Record<string, unknown> {
  return {
    type: 'invoice',
    source,
    status: facts.status,
    invoiceNumber: facts.invoiceNumber,
    issueDate: facts.issueDate,
    dueDate: facts.dueDate,
    seller: facts.seller,
    sellerVatId: facts.sellerVatId,
    buyer: facts.buyer,
    currency: facts.currency,
    net: facts.net,
    tax: facts.tax,
    gross: facts.gross,
    lines: facts.lines,
    review: facts.review,
  };
}
