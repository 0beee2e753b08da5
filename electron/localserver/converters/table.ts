// The one table of what this server converts: each entry a small module, from -> to.
// /api/formats advertises exactly this table.
import type { Converter } from './converter.ts';
import { csvToJson } from './csv-json.ts';
import { csvToXlsx } from './csv-xlsx.ts';
import { docxToHtml, docxToTxt } from './docx.ts';
import { imageConverters } from './image-image.ts';
import { imagePdfConverters } from './image-pdf.ts';
import { jsonToCsv } from './json-csv.ts';
import { mdToHtml } from './md-html.ts';
import { mdToPdf } from './md-pdf.ts';
import { binToDat } from './pass-through.ts';
import { pdfToTxt } from './pdf-txt.ts';
import { pdfToXlsx } from './pdf-xlsx.ts';
import { txtToPdf } from './txt-pdf.ts';
import { xlsxToCsv } from './xlsx-csv.ts';

const CONVERTERS: readonly Converter[] = [
  csvToXlsx,
  csvToJson,
  xlsxToCsv,
  jsonToCsv,
  mdToHtml,
  mdToPdf,
  txtToPdf,
  ...imageConverters,
  ...imagePdfConverters,
  docxToHtml,
  docxToTxt,
  pdfToTxt,
  pdfToXlsx,
];

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
    for (const converter of this.list) map[converter.from] = [...(map[converter.from] ?? []), converter.to];
    return map;
  }
}
