// How a csv file is written: its encoding, its delimiter (, ; tab |), whether numbers use a
// decimal comma (as spreadsheet programs in most of Europe write them), and whether its first
// row is a header. Found from the first 64 KiB, parsed by csv-parse under each candidate.
import { open } from 'node:fs/promises';
import { CsvError, type Parser, parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { ConversionFailure } from './converter.ts';
import { type Detected, detectFileEncoding } from './text-encoding.ts';

export interface CsvDialect {
  encoding: Detected;
  delimiter: string;
  decimalComma: boolean;
  header: boolean;
}

const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_ROWS = 50;
const DELIMITERS = [',', ';', '\t', '|'];
const DOT_DECIMAL = /^-?\d+\.\d+$/;
const COMMA_DECIMAL = /^-?(\d{1,3}(\.\d{3})+|\d+),\d+$/;
const NUMBER = /^-?(\d{1,3}([.,\s]\d{3})*|\d+)([.,]\d+)?$/;

function sampleRows(text: string, delimiter: string): string[][] {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to_line: SAMPLE_ROWS,
    }) as string[][];
  } catch {
    return [];
  }
}

/** The delimiter that splits the sample into the most rows of one same width (above 1). */
function chooseDelimiter(text: string): string {
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of DELIMITERS) {
    // The last line of the sample may be cut off, so it does not vote.
    const rows = sampleRows(text, delimiter).slice(0, -1);
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    for (const [width, lines] of counts) {
      if (width < 2) continue;
      const score = lines * 1000 + width;
      if (score > best.score) best = { delimiter, score };
    }
  }
  return best.delimiter;
}

/** After Python's csv.Sniffer: a first-row cell that is text above a column of numbers says
 *  "header"; a first-row value that comes again further down its column says "data". With no
 *  evidence either way, a first row of numbers only is data and anything else a header. */
function hasHeader(rows: string[][]): boolean {
  const [first, ...data] = rows;
  if (!first || data.length === 0) return true;
  let score = 0;
  first.forEach((raw, column) => {
    const cell = raw.trim();
    const below = data.map((row) => row[column]?.trim() ?? '').filter((value) => value !== '');
    if (cell === '' || below.length === 0) return;
    if (!NUMBER.test(cell) && below.every((value) => NUMBER.test(value))) score += 1;
    if (below.includes(cell)) score -= 1;
  });
  if (score !== 0) return score > 0;
  return !first.every((cell) => cell.trim() === '' || NUMBER.test(cell.trim()));
}

export function sniffCsv(text: string): Omit<CsvDialect, 'encoding'> {
  const delimiter = chooseDelimiter(text);
  const rows = sampleRows(text, delimiter);
  const cells = rows.slice(1).flat();
  const commas = cells.filter((cell) => COMMA_DECIMAL.test(cell.trim())).length;
  const dots = cells.filter((cell) => DOT_DECIMAL.test(cell.trim())).length;
  return { delimiter, decimalComma: delimiter !== ',' && commas > dots, header: hasHeader(rows) };
}

export async function readCsvDialect(path: string): Promise<CsvDialect> {
  const encoding = await detectFileEncoding(path);
  const file = await open(path);
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SAMPLE_BYTES, 0);
    const text = new TextDecoder(encoding.encoding).decode(buffer.subarray(encoding.bom, bytesRead));
    return { encoding, ...sniffCsv(text) };
  } finally {
    await file.close();
  }
}

/** Column names from the header row as written: blanks get "column_N", repeats "name_2",
 *  "name_3"; a table without a header gets "column_1".."column_N". */
export function columnNames(header: string[] | undefined, width: number): string[] {
  const names: string[] = [];
  const taken = new Set<string>();
  for (let index = 0; index < width; index += 1) {
    const written = header?.[index] ?? '';
    const base = written.trim() ? written : `column_${index + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
    taken.add(name);
    names.push(name);
  }
  return names;
}

/** A streaming parser for text already decoded to UTF-8 (text-encoding.ts decodingStream). */
export function csvParser(dialect: CsvDialect): Parser {
  return parseStream({ delimiter: dialect.delimiter, relax_column_count: true, skip_empty_lines: true });
}

/** csv-parse's own errors mean the file is not a readable csv; anything else (disk, cancel)
 *  is passed on as it is. */
export function csvFailure(error: unknown): unknown {
  return error instanceof CsvError ? new ConversionFailure('corrupt_input', error.message) : error;
}
