// pdf -> xlsx, the invoice-to-spreadsheet case: one row per text line, cells split on column
// gaps, numbers typed so they can be summed. All pages go into one sheet, in order.
import ExcelJS from 'exceljs';
import type { Converter } from './converter.ts';
import { readPdfLines } from './pdf-read.ts';
import { addTypedRow } from './sheet-rows.ts';

export const pdfToXlsx: Converter = {
  from: 'pdf',
  to: 'xlsx',
  async run(ctx) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: ctx.output, useStyles: true });
    const sheet = workbook.addWorksheet('Sheet1');
    await readPdfLines(
      ctx.input,
      (lines) => {
        for (const cells of lines) addTypedRow(sheet, cells).commit();
      },
      ctx.progress,
      ctx.signal,
    );
    sheet.commit();
    await workbook.commit();
  },
};
