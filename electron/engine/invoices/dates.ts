// Dates as invoices write them: ISO, 02.11.2026, 02/11/2026 or 11/02/2026 (the order is
// decided for the whole document, never per date), "29 maart 2014", "7. Mai 2014",
// "March 7, 2014", "7 de marzo de 2014". A slash date whose order the document does not settle
// is ambiguous: the caller leaves the field empty and flags it.

export type DateOrder = 'dmy' | 'mdy';

export interface DateToken {
  iso: string;
  ambiguous: boolean;
  /** The date was written with slashes and both day and month <= 12. */
  slash: boolean;
  start: number;
  end: number;
}

// Month names and common abbreviations in en, de, fr, nl, es, it, without accents, lower case.
const MONTHS: readonly string[][] = [
  [
    'january',
    'jan',
    'januar',
    'janvier',
    'janv',
    'januari',
    'enero',
    'ene',
    'gennaio',
    'gen',
    'jänner',
    'janner',
  ],
  ['february', 'feb', 'februar', 'fevrier', 'fevr', 'fev', 'februari', 'febrero', 'febbraio'],
  ['march', 'mar', 'marz', 'maerz', 'mars', 'maart', 'mrt', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mei', 'mayo', 'maggio', 'mag'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug'],
  ['august', 'aug', 'aout', 'augustus', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'set'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'dezember', 'dez', 'decembre', 'diciembre', 'dic', 'dicembre'],
];

const MONTH_OF = new Map<string, number>();
MONTHS.forEach((names, index) => {
  for (const name of names) MONTH_OF.set(name, index + 1);
});

export function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function iso(year: number, month: number, day: number): string | null {
  if (year < 100) year += 2000;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

const NUMERIC =
  /(?<![\p{L}\p{N}./-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\p{N}])|(?<![\p{L}\p{N}./-])(\d{1,2})([./-])(\d{1,2})\6(\d{4}|\d{2})(?![\p{N}./-]\p{N}|\p{N})/gu;
const MONTH_WORD = '([\\p{L}]{3,10})\\.?';
const DAY_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})(?:\\.|er|st|nd|rd|th|º|°)?\\s*(?:de\\s+)?${MONTH_WORD}\\s*(?:de\\s+|,\\s*)?(\\d{4})(?!\\p{N})`,
  'gu',
);
const MONTH_FIRST = new RegExp(
  `(?<![\\p{L}])${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\p{N})`,
  'gu',
);

/** Every date in a piece of text; `order` decides d/m versus m/d for slash dates. */
export function datesIn(text: string, order: DateOrder | null): DateToken[] {
  const found: DateToken[] = [];
  const words = plain(text);
  for (const match of words.matchAll(NUMERIC)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1]) {
      const value = iso(Number(match[1]), Number(match[3]), Number(match[4]));
      if (value) found.push({ iso: value, ambiguous: false, slash: false, start, end });
      continue;
    }
    const a = Number(match[5]);
    const b = Number(match[7]);
    const year = Number(match[8]);
    const slash = match[6] === '/';
    // Dots and dashes are day-first wherever they are used; slashes depend on the country.
    let dayFirst = true;
    let ambiguous = false;
    if (slash) {
      if (a > 12 && b <= 12) dayFirst = true;
      else if (b > 12 && a <= 12) dayFirst = false;
      else if (order) dayFirst = order === 'dmy';
      else ambiguous = true;
    }
    const value = dayFirst ? iso(year, b, a) : iso(year, a, b);
    if (value) found.push({ iso: value, ambiguous, slash: slash && a <= 12 && b <= 12, start, end });
  }
  // Month names settle the order: "7. Mai 2014" (day first), "March 29, 2014" (month first).
  const named = (pattern: RegExp, parts: (match: RegExpMatchArray) => [string, string, string]): void => {
    for (const match of words.matchAll(pattern)) {
      const [day, monthName, year] = parts(match);
      const month = MONTH_OF.get(monthName);
      const value = month ? iso(Number(year), month, Number(day)) : null;
      if (value) {
        const start = match.index ?? 0;
        found.push({ iso: value, ambiguous: false, slash: false, start, end: start + match[0].length });
      }
    }
  };
  named(DAY_FIRST, (match) => [match[1]!, match[2]!, match[3]!]);
  named(MONTH_FIRST, (match) => [match[2]!, match[1]!, match[3]!]);
  return found.sort((p, q) => p.start - q.start);
}

/** The order of slash dates the document itself settles: one date with a day above 12. */
export function dateOrderOf(texts: readonly string[]): DateOrder | null {
  let dmy = 0;
  let mdy = 0;
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{2,4})(?![\d/])/g)) {
      const a = Number(match[1]);
      const b = Number(match[2]);
      if (a > 12 && b <= 12) dmy += 1;
      if (b > 12 && a <= 12) mdy += 1;
    }
  }
  if (dmy > 0 && mdy === 0) return 'dmy';
  if (mdy > 0 && dmy === 0) return 'mdy';
  return null;
}
