// json -> csv: an array of objects (columns = union of keys, in the order the file writes
// them) or an array of arrays (rows as they are). Nested values are written as JSON text.
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { type Converter, ConversionFailure, parsing } from './converter.ts';
import { recordKeyOrder } from './json-key-order.ts';
import { decodeText } from './text-encoding.ts';

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export const jsonToCsv: Converter = {
  from: 'json',
  to: 'csv',
  async run(ctx) {
    const json = decodeText(await readFile(ctx.input));
    const data = await parsing(() => JSON.parse(json));
    if (!Array.isArray(data)) throw new ConversionFailure('corrupt_input', 'json is not an array of records');
    let records: string[][];
    if (data.every((item) => Array.isArray(item))) {
      records = data.map((row: unknown[]) => row.map(text));
    } else if (data.every((item) => item !== null && typeof item === 'object')) {
      const columns = recordKeyOrder(json);
      records = [
        columns,
        ...data.map((item: Record<string, unknown>) => columns.map((key) => text(item[key]))),
      ];
    } else {
      throw new ConversionFailure('corrupt_input', 'json array mixes records and plain values');
    }
    await writeFile(ctx.output, stringify(records, { record_delimiter: 'windows' }));
  },
};
