// csv -> json: an array of objects keyed by the header row; values stay the csv's text.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { type Converter, ConversionFailure } from './converter.ts';

export const csvToJson: Converter = {
  from: 'csv',
  to: 'json',
  async run(ctx) {
    const rows = createReadStream(ctx.input).pipe(
      parse({ bom: true, columns: true, relax_column_count: true, skip_empty_lines: true }),
    );
    const file = createWriteStream(ctx.output);
    // Written record by record so a large csv never becomes one big string.
    const write = async (text: string) => {
      if (!file.write(text)) await once(file, 'drain');
    };
    let first = true;
    await write('[');
    try {
      for await (const record of rows as AsyncIterable<Record<string, string>>) {
        await write(`${first ? '\n' : ',\n'}  ${JSON.stringify(record)}`);
        first = false;
      }
    } catch (error) {
      file.destroy();
      throw new ConversionFailure('corrupt_input', error instanceof Error ? error.message : String(error));
    }
    await write(first ? ']\n' : '\n]\n');
    file.end();
    await finished(file);
  },
};
