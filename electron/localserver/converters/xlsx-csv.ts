// xlsx -> csv: every worksheet, streamed (xlsx-workbook.ts, xlsx-sheet.ts), values as stored
// in the file (see cellText). One worksheet: a plain csv. Several: still ONE csv (clients name
// the result <name>.csv, so a zip would arrive under a .csv name), in workbook order, with the
// sheet's name as the first column of every row, and a note saying so. Rows are padded to the
// widest row so every record has the same number of fields; that takes a first pass over the
// sheets that only measures.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { type Converter, ConversionFailure, parsing } from './converter.ts';
import { refuseCompoundFile } from './office-container.ts';
import { readSheet } from './xlsx-sheet.ts';
import { openWorkbook } from './xlsx-workbook.ts';

export const xlsxToCsv: Converter = {
  from: 'xlsx',
  to: 'csv',
  async run(ctx) {
    await refuseCompoundFile(ctx.input);
    const book = await parsing(async () => openWorkbook(await readFile(ctx.input)));
    if (book.sheets.length === 0) throw new ConversionFailure('corrupt_input', 'workbook has no worksheet');
    const several = book.sheets.length > 1;
    let width = 0;
    let totalRows = 0;
    await parsing(async () => {
      for (const sheet of book.sheets) {
        await readSheet(book, sheet, (cells) => {
          width = Math.max(width, cells.length);
          totalRows += 1;
        });
      }
    });
    ctx.progress(0.3);
    const out = stringify({ record_delimiter: 'windows' });
    const file = createWriteStream(ctx.output);
    out.pipe(file);
    let done = 0;
    let pending: Promise<unknown> | undefined;
    for (const sheet of book.sheets) {
      await parsing(() =>
        readSheet(
          book,
          sheet,
          (cells) => {
            const record = [...cells];
            while (record.length < width) record.push('');
            if (!out.write(several ? [sheet.name, ...record] : record))
              pending ??= once(out, 'drain').finally(() => {
                pending = undefined;
              });
            done += 1;
            ctx.progress(0.3 + (0.7 * done) / Math.max(1, totalRows));
          },
          // Reading pauses while the csv writer is backed up.
          () => pending,
        ),
      );
    }
    out.end();
    await finished(file);
    if (several) {
      ctx.note(
        `All ${book.sheets.length} sheets are in this one file, in workbook order; the first column names the sheet of each row.`,
      );
    }
  },
};
