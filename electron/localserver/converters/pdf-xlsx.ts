// pdf -> xlsx, the invoice-to-spreadsheet case: one row per visual line, table cells placed in
// the columns found on the page (see pdf-table.ts), amounts, percentages and dates typed by the
// document's own conventions with a number format that shows them as printed, so an amount
// column can be summed. All pages go into one sheet, in order.
import ExcelJS from 'exceljs';
import type { Converter } from './converter.ts';
import { conventionsOf, typedValue } from './document-cells.ts';
import { type DirectedWord, isRightToLeft } from './pdf-bidi.ts';
import { linesOf } from './pdf-lines.ts';
import { readPdfPages } from './pdf-read.ts';
import { sheetRows } from './pdf-table.ts';

const MAX_COLUMN_WIDTH = 60;

export const pdfToXlsx: Converter = {
  from: 'pdf',
  to: 'xlsx',
  async run(ctx) {
    // The whole document is read before writing: its number and date conventions are decided
    // from all of its cells.
    const rows: string[][] = [];
    const words: DirectedWord[] = [];
    await readPdfPages(
      ctx.input,
      (page) => {
        const lines = linesOf(page.runs);
        for (const line of lines) for (const segment of line.segments) words.push(...segment.words);
        rows.push(...sheetRows(lines));
      },
      ctx.progress,
      ctx.signal,
    );
    if (ctx.signal.aborted) return;
    const conventions = conventionsOf(rows.flat().filter((cell) => cell !== ''));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: ctx.output, useStyles: true });
    // A document mostly in Hebrew or Arabic is shown right to left, its first column rightmost.
    const sheet = workbook.addWorksheet('Sheet1', { views: [{ rightToLeft: isRightToLeft(words) }] });
    const widths: number[] = [];
    for (const row of rows) {
      row.forEach((cell, index) => {
        widths[index] = Math.min(MAX_COLUMN_WIDTH, Math.max(widths[index] ?? 8, cell.length + 2));
      });
    }
    sheet.columns = widths.map((width) => ({ width }));
    for (const texts of rows) {
      const typed = texts.map((text) => (text === '' ? { value: null } : typedValue(text, conventions)));
      const row = sheet.addRow(typed.map((cell) => cell.value));
      typed.forEach((cell, index) => {
        if ('numFmt' in cell && cell.numFmt) row.getCell(index + 1).numFmt = cell.numFmt;
      });
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  },
};
