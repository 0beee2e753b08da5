// csv -> json: an array of objects, one per data row, keyed by the header row (or column_1..N
// when the first row is data), keys in the csv's column order; values stay the csv's text.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Converter } from './converter.ts';
import { columnNames, csvFailure, csvParser, readCsvDialect } from './csv-dialect.ts';
import { decodingStream } from './text-encoding.ts';

/** One record as JSON text, written by hand: JSON.stringify of an object would put keys that
 *  look like integers ("2024", "1") first, out of the csv's order. */
function recordJson(names: string[], row: string[]): string {
  return `{${names.map((name, index) => `${JSON.stringify(name)}: ${JSON.stringify(row[index] ?? '')}`).join(', ')}}`;
}

export const csvToJson: Converter = {
  from: 'csv',
  to: 'json',
  async run(ctx) {
    const dialect = await readCsvDialect(ctx.input);
    let header: string[] | undefined;
    let names: string[] = [];
    // pipeline() ends every stream on an error, so a bad row can no longer leave a write to a
    // destroyed file stream to crash the process (ERR_STREAM_DESTROYED).
    async function* records(rows: AsyncIterable<string[]>): AsyncGenerator<string> {
      let first = true;
      yield '[';
      for await (const row of rows) {
        if (dialect.header && !header) {
          header = row;
          names = columnNames(header, header.length);
          continue;
        }
        if (row.length > names.length) names = columnNames(header, row.length);
        yield `${first ? '\n' : ',\n'}  ${recordJson(names, row)}`;
        first = false;
      }
      yield first ? ']\n' : '\n]\n';
    }
    try {
      await pipeline(
        createReadStream(ctx.input),
        decodingStream(dialect.encoding),
        csvParser(dialect),
        records,
        createWriteStream(ctx.output),
        { signal: ctx.signal },
      );
    } catch (error) {
      throw csvFailure(error);
    }
  },
};
