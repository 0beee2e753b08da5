// xlsx -> csv: the first worksheet, one csv record per row, cell values as their text.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { formattedCellText } from './cells.ts';
import { type Converter, ConversionFailure, parsing } from './converter.ts';

export const xlsxToCsv: Converter = {
  from: 'xlsx',
  to: 'csv',
  async run(ctx) {
    const workbook = new ExcelJS.Workbook();
    await parsing(() => workbook.xlsx.readFile(ctx.input));
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new ConversionFailure('corrupt_input', 'workbook has no worksheet');
    const out = stringify({ record_delimiter: 'windows' });
    const file = createWriteStream(ctx.output);
    out.pipe(file);
    const width = sheet.actualColumnCount;
    const last = sheet.actualRowCount || 1;
    let done = 0;
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const record: string[] = [];
      for (let column = 1; column <= width; column += 1) {
        const cell = row.getCell(column);
        record.push(formattedCellText(cell.value, cell.numFmt));
      }
      out.write(record);
      done += 1;
      ctx.progress(done / last);
    });
    out.end();
    await finished(file);
  },
};
