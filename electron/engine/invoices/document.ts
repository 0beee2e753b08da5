// What the reader settles once for the whole document before reading fields: its lines, the
// decimal mark its text amounts use, the order of its slash dates, its language and currency.
import type { FieldSource, InvoiceField } from '../../../shared/invoices.ts';
import {
  type AmountToken,
  currenciesIn,
  currencyOfFormat,
  type DecimalMark,
  decimalMarkOf,
  isPercentFormat,
  amountsIn,
} from './amounts.ts';
import { type InvoiceSheet, type Line, linesOf, type PlacedCell } from './cells.ts';
import { type DateOrder, type DateToken, dateOrderOf, datesIn, plain } from './dates.ts';
import { LANGUAGE_WORDS } from './labels.ts';

export interface InvoiceDocument {
  lines: Line[];
  /** plain(text) of each line, same index. */
  plainLines: string[];
  mark: DecimalMark | null;
  order: DateOrder | null;
  language: string | null;
  currency: InvoiceField<string>;
  currencyReason: string | null;
}

/** An amount found in a cell, with the cell it came from. */
export interface CellAmount extends Omit<AmountToken, 'start' | 'end'> {
  source: FieldSource;
  col: number;
  /** Offset in the cell's text (0 for typed numbers). */
  start: number;
}

export function empty<T>(): InvoiceField<T> {
  return { value: null, source: null, confidence: 0 };
}

export function field<T>(value: T, source: FieldSource | null, confidence: number): InvoiceField<T> {
  return { value, source, confidence };
}

/** Amounts in one cell: a typed number as it is, a text cell's amounts outside its dates. */
export function cellAmounts(cell: PlacedCell, mark: DecimalMark | null, from = 0): CellAmount[] {
  if (cell.cell.kind === 'date') return [];
  if (cell.cell.kind === 'number') {
    const percent = isPercentFormat(cell.cell.numFmt);
    return [
      {
        value: percent ? Math.round(cell.cell.value * 1e6) / 1e4 : cell.cell.value,
        decimals: 2,
        currency: currencyOfFormat(cell.cell.numFmt),
        percent,
        ambiguous: false,
        source: cell.source,
        col: cell.col,
        start: 0,
      },
    ];
  }
  const text = cell.text;
  const dates = datesIn(text, 'dmy');
  return amountsIn(text.slice(from), mark)
    .map((token) => ({ ...token, start: token.start + from, end: token.end + from }))
    .filter((token) => !dates.some((date) => token.start < date.end && token.end > date.start))
    .map(({ end: _end, ...token }) => ({ ...token, source: cell.source, col: cell.col }));
}

export function cellDates(cell: PlacedCell, order: DateOrder | null, from = 0): DateToken[] {
  if (cell.cell.kind === 'date') {
    const iso = cell.cell.value.toISOString().slice(0, 10);
    return [{ iso, ambiguous: false, slash: false, start: 0, end: 0 }];
  }
  if (cell.cell.kind === 'number') return [];
  return datesIn(cell.text.slice(from), order);
}

function languageOf(plainLines: readonly string[]): string | null {
  const all = plainLines.join('\n');
  let best: string | null = null;
  let bestCount = 0;
  for (const [language, words] of Object.entries(LANGUAGE_WORDS)) {
    const count = all.match(new RegExp(words.source, 'g'))?.length ?? 0;
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

function currencyOf(lines: readonly Line[]): { field: InvoiceField<string>; reason: string | null } {
  const seen = new Map<string, FieldSource>();
  for (const line of lines) {
    for (const cell of line.cells) {
      const named =
        cell.cell.kind === 'number'
          ? [currencyOfFormat(cell.cell.numFmt)].filter((code): code is string => code !== null)
          : cell.cell.kind === 'string'
            ? currenciesIn(cell.text)
            : [];
      for (const code of named) if (!seen.has(code)) seen.set(code, cell.source);
    }
  }
  // "$" says USD only when no code names another dollar (CAD, AUD, NZD).
  if (seen.has('USD') && ['CAD', 'AUD', 'NZD'].some((code) => seen.has(code))) seen.delete('USD');
  if (seen.size === 1) {
    const [code, source] = [...seen][0]!;
    return { field: field(code, source, 0.95), reason: null };
  }
  return { field: empty(), reason: seen.size === 0 ? 'currency_missing' : 'currency_inconsistent' };
}

export function documentOf(sheets: readonly InvoiceSheet[]): InvoiceDocument {
  const lines = linesOf(sheets);
  const plainLines = lines.map((line) => plain(line.text));
  const texts = lines.flatMap((line) =>
    line.cells.filter((cell) => cell.cell.kind === 'string').map((cell) => cell.text),
  );
  const language = languageOf(plainLines);
  const currency = currencyOf(lines);
  // Slash dates: the document's own unambiguous dates decide; else its language and currency
  // (US English bills in dollars month-first; everyone else writes the day first).
  let order = dateOrderOf(texts);
  if (!order && language) {
    if (language !== 'en') order = 'dmy';
    else if (currency.field.value === 'USD') order = 'mdy';
    else if (currency.field.value) order = 'dmy';
  }
  return {
    lines,
    plainLines,
    mark: decimalMarkOf(texts),
    order,
    language,
    currency: currency.field,
    currencyReason: currency.reason,
  };
}
