// csv -> xlsx, streamed both ways (csv-parse rows into exceljs's streaming workbook writer) so
// a large table never sits whole in memory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { type Converter, ConversionFailure } from './converter.ts';
import { addTypedRow } from './sheet-rows.ts';

export const csvToXlsx: Converter = {
  from: 'csv',
  to: 'xlsx',
  async run(ctx) {
    const total = (await stat(ctx.input)).size || 1;
    const source = createReadStream(ctx.input);
    const rows = source.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: ctx.output, useStyles: true });
    const sheet = workbook.addWorksheet('Sheet1');
    try {
      for await (const record of rows as AsyncIterable<string[]>) {
        if (ctx.signal.aborted) break;
        addTypedRow(sheet, record).commit();
        ctx.progress(source.bytesRead / total);
      }
    } catch (error) {
      source.destroy();
      throw new ConversionFailure('corrupt_input', error instanceof Error ? error.message : String(error));
    }
    sheet.commit();
    await workbook.commit();
  },
};
