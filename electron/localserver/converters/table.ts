// The one table of what this server converts: each entry a pair (from -> to) and the small
// module that converts it. /api/formats advertises exactly this table.
// The pairs are plain data and each module is loaded on first use: the converters' libraries
// (pdf.js, exceljs, sharp, pdf-lib, fonts) take a process a second or more to load, and only a
// conversion process needs them, never the server that lists formats and queues jobs.
import type { Converter } from './converter.ts';

export interface TableEntry {
  readonly from: string;
  readonly to: string;
  /** Runs on the server's own event loop instead of a conversion process: only for a plain
   *  byte copy (the bench pass-through), whose point is to measure the wire, not a converter. */
  readonly inProcess?: boolean;
  /** The converter itself, its module loaded on the first call. */
  load(): Promise<Converter>;
}

const IMAGES = ['png', 'jpg', 'webp'] as const;

function entry(from: string, to: string, load: () => Promise<Converter>): TableEntry {
  return { from, to, load };
}

function pick(list: readonly Converter[], from: string, to: string): Converter {
  const found = list.find((converter) => converter.from === from && converter.to === to);
  // A table entry whose module lacks its converter is a programming error, caught by the tests
  // that load every entry (tests/unit/localserver/converter-table.test.ts).
  if (!found) throw new Error(`no ${from} -> ${to} converter in its module`);
  return found;
}

const ENTRIES: readonly TableEntry[] = [
  entry('csv', 'xlsx', async () => (await import('./csv-xlsx.ts')).csvToXlsx),
  entry('csv', 'json', async () => (await import('./csv-json.ts')).csvToJson),
  entry('xlsx', 'csv', async () => (await import('./xlsx-csv.ts')).xlsxToCsv),
  entry('json', 'csv', async () => (await import('./json-csv.ts')).jsonToCsv),
  entry('md', 'html', async () => (await import('./md-html.ts')).mdToHtml),
  entry('md', 'pdf', async () => (await import('./md-pdf.ts')).mdToPdf),
  entry('txt', 'pdf', async () => (await import('./txt-pdf.ts')).txtToPdf),
  ...IMAGES.flatMap((from) =>
    IMAGES.filter((to) => to !== from).map((to) =>
      entry(from, to, async () => pick((await import('./image-image.ts')).imageConverters, from, to)),
    ),
  ),
  ...IMAGES.map((from) =>
    entry(from, 'pdf', async () => pick((await import('./image-pdf.ts')).imagePdfConverters, from, 'pdf')),
  ),
  entry('docx', 'html', async () => (await import('./docx.ts')).docxToHtml),
  entry('docx', 'txt', async () => (await import('./docx.ts')).docxToTxt),
  entry('pdf', 'txt', async () => (await import('./pdf-txt.ts')).pdfToTxt),
  entry('pdf', 'xlsx', async () => (await import('./pdf-xlsx.ts')).pdfToXlsx),
];

const BIN_TO_DAT: TableEntry = {
  from: 'bin',
  to: 'dat',
  inProcess: true,
  load: async () => (await import('./pass-through.ts')).binToDat,
};

export class ConverterTable {
  private readonly list: readonly TableEntry[];

  constructor(options: { benchPassThrough?: boolean } = {}) {
    this.list = options.benchPassThrough ? [...ENTRIES, BIN_TO_DAT] : ENTRIES;
  }

  find(from: string, to: string): TableEntry | undefined {
    return this.list.find((entry) => entry.from === from && entry.to === to);
  }

  targetsFor(from: string): string[] {
    return this.list.filter((entry) => entry.from === from).map((entry) => entry.to);
  }

  /** Every entry, in the table's order. */
  entries(): readonly TableEntry[] {
    return this.list;
  }

  /** { from: [to, ...] } as /api/formats shows it. */
  conversions(): Record<string, string[]> {
    const map: Record<string, string[]> = {};
    for (const entry of this.list) map[entry.from] = [...(map[entry.from] ?? []), entry.to];
    return map;
  }
}
