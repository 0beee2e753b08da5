// Reads an XLSX file into the reader's cells with exceljs (already the project's workbook
// library): numbers stay numbers with their number format, dates stay dates, rich text and
// formula results become their text or value.
import type { InvoiceCell, InvoiceSheet } from './cells.ts';

function cellOf(value: unknown, numFmt: string | undefined): InvoiceCell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number')
    return numFmt ? { kind: 'number', value, numFmt } : { kind: 'number', value };
  if (value instanceof Date) return { kind: 'date', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'string', value: String(value) };
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; text?: unknown; richText?: { text: string }[] };
    if (cell.richText) return { kind: 'string', value: cell.richText.map((part) => part.text).join('') };
    if (cell.result !== undefined) return cellOf(cell.result, numFmt);
    if (cell.text !== undefined) return { kind: 'string', value: String(cell.text) };
  }
  return null;
}

export async function readWorkbookCells(path: string): Promise<InvoiceSheet[]> {
  // Loaded on first use: `ifc` commands that never read an invoice do not pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets.map((sheet) => {
    const rows: (InvoiceCell | null)[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: (InvoiceCell | null)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        cells[colNumber - 1] = cellOf(cell.value, cell.numFmt || undefined);
      });
      rows[rowNumber - 1] = Array.from(cells, (cell) => cell ?? null);
    });
    return { name: sheet.name, rows: Array.from(rows, (row) => row ?? []) };
  });
}
