// The invoice pipeline's engine side: the reader (pure over cells) and the workbook loader.
export type { InvoiceCell, InvoiceSheet } from './cells.ts';
export { readInvoice, type ReadOptions } from './read-invoice.ts';
export { readWorkbookCells } from './workbook-cells.ts';
