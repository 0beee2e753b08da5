// csv -> xlsx, streamed both ways (csv-parse rows into exceljs's streaming workbook writer) so
// a large table never sits whole in memory. The header row stays text; below it numbers
// (also with a decimal comma, when the file writes them so) and ISO dates are typed.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { typedCell } from './cells.ts';
import type { Converter } from './converter.ts';
import { csvFailure, csvParser, readCsvDialect } from './csv-dialect.ts';
import { addTypedRow } from './sheet-rows.ts';
import { decodingStream } from './text-encoding.ts';

const COMMA_NUMBER = /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;

/** "1.234,56" -> "1,234.56", so the dot-decimal typing in cells.ts reads it. */
function fromDecimalComma(text: string): string {
  return COMMA_NUMBER.test(text) ? text.replace(/[.,]/g, (mark) => (mark === '.' ? ',' : '.')) : text;
}

export const csvToXlsx: Converter = {
  from: 'csv',
  to: 'xlsx',
  async run(ctx) {
    const total = (await stat(ctx.input)).size || 1;
    const dialect = await readCsvDialect(ctx.input);
    const source = createReadStream(ctx.input);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: ctx.output, useStyles: true });
    const sheet = workbook.addWorksheet('Sheet1');
    const type = dialect.decimalComma ? (text: string) => typedCell(fromDecimalComma(text)) : typedCell;
    let header = dialect.header;
    try {
      await pipeline(
        source,
        decodingStream(dialect.encoding),
        csvParser(dialect),
        async (rows: AsyncIterable<string[]>) => {
          for await (const row of rows) {
            if (header) sheet.addRow(row).commit();
            else addTypedRow(sheet, row, type).commit();
            header = false;
            ctx.progress(source.bytesRead / total);
          }
        },
        { signal: ctx.signal },
      );
    } catch (error) {
      throw csvFailure(error);
    }
    sheet.commit();
    await workbook.commit();
  },
};
