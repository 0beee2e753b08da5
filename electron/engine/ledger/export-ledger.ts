// Export for the accountant: an XLSX with a sheet "Invoices" (one row per invoice) and a sheet
// "Lines" (one row per line item, with its invoice's number and seller), or a CSV of the
// invoices sheet. Amounts are numbers with two decimals, dates real dates, so the workbook
// sums and sorts. Written to a temp name and renamed: a reader never sees half a file.
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { LedgerInvoice } from '../../../shared/invoices.ts';

const INVOICE_COLUMNS: { header: string; key: string; width: number; money?: boolean; date?: boolean }[] = [
  { header: 'Issue date', key: 'issueDate', width: 12, date: true },
  { header: 'Due date', key: 'dueDate', width: 12, date: true },
  { header: 'Seller', key: 'seller', width: 32 },
  { header: 'Seller VAT id', key: 'sellerVatId', width: 18 },
  { header: 'Buyer', key: 'buyer', width: 28 },
  { header: 'Invoice number', key: 'invoiceNumber', width: 18 },
  { header: 'Type', key: 'documentType', width: 12 },
  { header: 'Currency', key: 'currency', width: 9 },
  { header: 'Net', key: 'net', width: 14, money: true },
  { header: 'Tax', key: 'tax', width: 14, money: true },
  { header: 'Gross', key: 'gross', width: 14, money: true },
  { header: 'Status', key: 'status', width: 13 },
  { header: 'Needs review', key: 'review', width: 24 },
  { header: 'Corrected', key: 'corrected', width: 24 },
  { header: 'Source', key: 'sourcePath', width: 40 },
  { header: 'Source sha256', key: 'sourceSha256', width: 20 },
];

const LINE_COLUMNS: { header: string; key: string; width: number; money?: boolean }[] = [
  { header: 'Invoice number', key: 'invoiceNumber', width: 18 },
  { header: 'Seller', key: 'seller', width: 28 },
  { header: 'Position', key: 'position', width: 9 },
  { header: 'Description', key: 'description', width: 44 },
  { header: 'Quantity', key: 'quantity', width: 10 },
  { header: 'Unit price', key: 'unitPrice', width: 14, money: true },
  { header: 'Amount', key: 'amount', width: 14, money: true },
  { header: 'Tax rate %', key: 'taxRate', width: 10 },
  { header: 'Currency', key: 'currency', width: 9 },
];

function invoiceRow(invoice: LedgerInvoice, forCsv: boolean): Record<string, unknown> {
  const date = (value: string | null): unknown =>
    value === null ? null : forCsv ? value : new Date(`${value}T00:00:00Z`);
  return {
    ...invoice,
    issueDate: date(invoice.issueDate),
    dueDate: date(invoice.dueDate),
    review: invoice.review.join(', '),
    corrected: invoice.corrected.join(', '),
  };
}

async function writeAtomically(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await write(temp);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function exportXlsx(invoices: readonly LedgerInvoice[], path: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Invoices');
  sheet.columns = INVOICE_COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
  for (const invoice of invoices) sheet.addRow(invoiceRow(invoice, false));
  for (const column of INVOICE_COLUMNS) {
    if (column.money) sheet.getColumn(column.key).numFmt = '#,##0.00';
    if (column.date) sheet.getColumn(column.key).numFmt = 'yyyy-mm-dd';
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const lines = workbook.addWorksheet('Lines');
  lines.columns = LINE_COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
  for (const invoice of invoices) {
    for (const [index, line] of invoice.lines.entries()) {
      lines.addRow({
        ...line,
        position: index + 1,
        invoiceNumber: invoice.invoiceNumber,
        seller: invoice.seller,
        currency: invoice.currency,
      });
    }
  }
  for (const column of LINE_COLUMNS) if (column.money) lines.getColumn(column.key).numFmt = '#,##0.00';
  lines.getRow(1).font = { bold: true };
  lines.views = [{ state: 'frozen', ySplit: 1 }];
  await writeAtomically(path, (temp) => workbook.xlsx.writeFile(temp));
}

async function exportCsv(invoices: readonly LedgerInvoice[], path: string): Promise<void> {
  const { stringify } = await import('csv-stringify/sync');
  const text = stringify(
    invoices.map((invoice) => invoiceRow(invoice, true)),
    {
      header: true,
      columns: INVOICE_COLUMNS.map(({ header, key }) => ({ header, key })),
      bom: true,
      record_delimiter: 'windows',
    },
  );
  await writeAtomically(path, (temp) => writeFile(temp, text));
}

/** Writes the ledger to `path`; the format follows the extension (.xlsx or .csv). */
export async function exportLedger(invoices: readonly LedgerInvoice[], path: string): Promise<void> {
  if (path.toLowerCase().endsWith('.csv')) await exportCsv(invoices, path);
  else await exportXlsx(invoices, path);
}
