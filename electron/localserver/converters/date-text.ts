// Dates as people print them, read into dates with an Excel format that shows them the same
// way: 2023-03-20, 20.03.2023, 03/20/2023, "29 maart 2014", "7. Mai 2014", "March 20, 2023".
// A slashed date like 03/04/2023 is day-first or month-first; the document decides (the order
// its unambiguous dates use, see dateOrderOf), and without evidence it stays text.

export type DateOrder = 'dmy' | 'mdy';

export interface DateCell {
  value: Date;
  numFmt: string;
  /** The order the text alone shows ("20/03/2023" is day first). */
  evidence?: DateOrder;
}

const NAME_LOCALES = ['en', 'de', 'nl', 'fr', 'es', 'it', 'pt', 'da', 'sv', 'nb'];

let monthNames: Map<string, { month: number; long: boolean }> | undefined;

function normalName(name: string): string {
  return name.toLocaleLowerCase('en').normalize('NFC').replace(/\.$/, '');
}

/** Month names and abbreviations of common European languages, from ICU; a name that means
 *  different months in two languages is left out. */
function months(): Map<string, { month: number; long: boolean }> {
  if (monthNames) return monthNames;
  const names = new Map<string, { month: number; long: boolean }>();
  const clashes = new Set<string>();
  for (const locale of NAME_LOCALES) {
    for (const [style, long] of [
      ['long', true],
      ['short', false],
    ] as const) {
      const format = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
      for (let month = 0; month < 12; month += 1) {
        const name = normalName(format.format(new Date(Date.UTC(2001, month, 15))));
        const known = names.get(name);
        if (known && known.month !== month) clashes.add(name);
        else if (!known || long) names.set(name, { month, long });
      }
    }
  }
  for (const name of clashes) names.delete(name);
  monthNames = names;
  return names;
}

function utcDate(year: number, month: number, day: number): Date | undefined {
  if (year < 100) year += 2000;
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day
    ? date
    : undefined;
}

const NUMERIC = /^(\d{1,4})([./-])(\d{1,2})\2(\d{2}|\d{4})$/;
const DAY_NAME_YEAR = /^(\d{1,2})(\.?)\s+(\p{L}+\.?)\s+(\d{4})$/u;
const NAME_DAY_YEAR = /^(\p{L}+\.?)\s+(\d{1,2}),?\s+(\d{4})$/u;

function part(digits: string, letter: string): string {
  return digits.length === 2 ? letter + letter : letter;
}

function numericDate(text: string, order: DateOrder | undefined): DateCell | undefined {
  const match = NUMERIC.exec(text);
  if (!match) return undefined;
  const [, a = '', separator = '', b = '', c = ''] = match;
  if (a.length === 4) {
    const value = utcDate(Number(a), Number(b) - 1, Number(c));
    return value && { value, numFmt: `yyyy${separator}${part(b, 'm')}${separator}${part(c, 'd')}` };
  }
  if (a.length === 3) return undefined;
  const year = c.length === 4 ? 'yyyy' : 'yy';
  // Dots are written day first everywhere; slashes and dashes either way.
  let evidence: DateOrder | undefined;
  if (separator === '.' || Number(a) > 12) evidence = 'dmy';
  else if (Number(b) > 12) evidence = 'mdy';
  const chosen = evidence ?? order;
  if (!chosen) return undefined;
  const [day, month] = chosen === 'dmy' ? [a, b] : [b, a];
  const value = utcDate(Number(c), Number(month) - 1, Number(day));
  if (!value) return undefined;
  const numFmt =
    chosen === 'dmy'
      ? `${part(a, 'd')}${separator}${part(b, 'm')}${separator}${year}`
      : `${part(a, 'm')}${separator}${part(b, 'd')}${separator}${year}`;
  return { value, numFmt, evidence };
}

function namedDate(text: string): DateCell | undefined {
  const dayFirst = DAY_NAME_YEAR.exec(text);
  if (dayFirst) {
    const [, day = '', dot = '', name = '', year = ''] = dayFirst;
    const month = months().get(normalName(name));
    const value = month && utcDate(Number(year), month.month, Number(day));
    if (!month || !value) return undefined;
    return { value, numFmt: `d${dot} ${month.long ? 'mmmm' : 'mmm'} yyyy` };
  }
  const monthFirst = NAME_DAY_YEAR.exec(text);
  if (monthFirst) {
    const [, name = '', day = '', year = ''] = monthFirst;
    const month = months().get(normalName(name));
    const value = month && utcDate(Number(year), month.month, Number(day));
    if (!month || !value) return undefined;
    return { value, numFmt: `${month.long ? 'mmmm' : 'mmm'} d${text.includes(',') ? ',' : ''} yyyy` };
  }
  return undefined;
}

/** A cell's text as a date, or undefined when it is not only a date or is ambiguous. */
export function parseDate(text: string, order?: DateOrder): DateCell | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return numericDate(trimmed, order) ?? namedDate(trimmed);
}

/** The day/month order most of the document's unambiguous numeric dates show. */
export function dateOrderOf(texts: Iterable<string>): DateOrder | undefined {
  let dmy = 0;
  let mdy = 0;
  for (const text of texts) {
    const evidence = parseDate(text)?.evidence;
    if (evidence === 'dmy') dmy += 1;
    if (evidence === 'mdy') mdy += 1;
  }
  if (dmy === mdy) return undefined;
  return dmy > mdy ? 'dmy' : 'mdy';
}
