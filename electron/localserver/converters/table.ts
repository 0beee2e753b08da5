// The one table of what this server converts: each entry a small module, from -> to.
// /api/formats advertises exactly this table.
import type { Converter } from './converter.ts';
import { csvToJson } from './csv-json.ts';
import { csvToXlsx } from './csv-xlsx.ts';
import { jsonToCsv } from './json-csv.ts';
import { mdToHtml } from './md-html.ts';
import { binToDat } from './pass-through.ts';
import { xlsxToCsv } from './xlsx-csv.ts';

const CONVERTERS: readonly Converter[] = [csvToXlsx, xlsxToCsv, csvToJson, jsonToCsv, mdToHtml];

export class ConverterTable {
  private readonly list: readonly Converter[];

  constructor(options: { benchPassThrough?: boolean } = {}) {
    this.list = options.benchPassThrough ? [...CONVERTERS, binToDat] : CONVERTERS;
  }

  find(from: string, to: string): Converter | undefined {
    return this.list.find((converter) => converter.from === from && converter.to === to);
  }

  targetsFor(from: string): string[] {
    return this.list.filter((converter) => converter.from === from).map((converter) => converter.to);
  }

  /** { from: [to, ...] } as /api/formats shows it. */
  conversions(): Record<string, string[]> {
    const map: Record<string, string[]> = {};
    for (const converter of this.list) (map[converter.from] ??= []).push(converter.to);
    return map;
  }
}
