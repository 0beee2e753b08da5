// Amounts, quantities and percentages as people print them, read into numbers with an Excel
// number format that shows them the same way: 1.234,56 / 1,234.56 / 1 234,56 / 1'234.56,
// currency symbols and ISO codes before or after, negatives as -1.00, (1.00) or 1.00-.
// Which separator is the decimal one is decided once per document (see decimalSeparatorOf),
// because "1,234" alone can be either.

export type DecimalSeparator = '.' | ',';

export interface Amount {
  value: number;
  numFmt?: string;
  evidence?: DecimalSeparator;
}

let currencyWords: Set<string> | undefined;

/** ISO codes and the symbols ICU prints for them ($, €, £, kr, zł, CHF, R$ ...). */
function currencies(): Set<string> {
  if (currencyWords) return currencyWords;
  const words = new Set<string>(['$', '€', '£', '¥', '₹', '₽', '₩', '₺', '₪', '₫', '₴', '₦', '₱', '¢']);
  for (const code of Intl.supportedValuesOf('currency')) {
    words.add(code);
    for (const locale of ['en', 'de', 'fr', 'nl', 'pl', 'sv', 'da', 'cs', 'pt-BR', 'de-CH']) {
      for (const display of ['symbol', 'narrowSymbol'] as const) {
        const parts = new Intl.NumberFormat(locale, {
          style: 'currency',
          currency: code,
          currencyDisplay: display,
        });
        const symbol = parts.formatToParts(1).find((part) => part.type === 'currency')?.value;
        if (symbol && !/^[A-Z]{3}$/.test(symbol)) words.add(symbol);
      }
    }
  }
  currencyWords = words;
  return words;
}

const BODY = /^\d[\d.,' \u00a0\u202f’]*$/u;

interface Parsed {
  value: number;
  decimals: number;
  grouped: boolean;
  /** The decimal separator when the text alone shows it ("1.234,56", "3,89"). */
  evidence?: DecimalSeparator;
}

function digitsAfter(body: string, separator: string): number {
  return body.length - body.lastIndexOf(separator) - 1;
}

function validGroups(integer: string, group: string): boolean {
  if (group === '') return /^\d+$/.test(integer);
  const parts = integer.split(group);
  return parts.every(
    (part, index) => /^\d+$/.test(part) && (index === 0 ? part.length <= 3 : part.length === 3),
  );
}

/** Reads a number body ("1.234,56") with the document's decimal separator when it is ambiguous. */
function parseBody(raw: string, decimal: DecimalSeparator): Parsed | undefined {
  const body = raw.replace(/[\u00a0\u202f’]/gu, (char) => (char === '’' ? "'" : ' '));
  if (!BODY.test(body) || /[.,' ]{2}/.test(body) || /[.,' ]$/.test(body)) return undefined;
  const space = body.includes(' ') ? ' ' : body.includes("'") ? "'" : '';
  if (space && body.includes(' ') && body.includes("'")) return undefined;
  const marks = [...new Set(body.replace(/[\d' ]/g, ''))];
  let decimalMark = '';
  let group = space;
  let evident = true;
  if (marks.length === 2) {
    decimalMark = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    if (space) return undefined;
    group = decimalMark === '.' ? ',' : '.';
  } else if (marks.length === 1) {
    const mark = marks[0]!;
    const count = body.split(mark).length - 1;
    if (space || count === 1) {
      // One mark: a decimal one unless it is followed by exactly three digits with a document
      // that writes the other decimal separator ("1.234" in a German invoice is 1234).
      const threeAfter = digitsAfter(body, mark) === 3 && !body.startsWith('0');
      evident = Boolean(space) || !threeAfter;
      decimalMark = space || !threeAfter || mark === decimal ? mark : '';
      if (!decimalMark) group = mark;
    } else group = mark;
  }
  const [integer = '', fraction = ''] = decimalMark ? body.split(decimalMark) : [body];
  if (!validGroups(integer, group) || (decimalMark && fraction === '')) return undefined;
  const digits = integer.replaceAll(group || 'x', '');
  if (/^0\d/.test(digits) || digits.length > 15) return undefined;
  const evidence = evident && (decimalMark === '.' || decimalMark === ',') ? decimalMark : undefined;
  return {
    value: Number(`${digits}.${fraction || '0'}`),
    decimals: fraction.length,
    grouped: group !== '',
    evidence,
  };
}

function quoted(text: string): string {
  return `"${text.replaceAll('"', '')}"`;
}

/** A cell's text as a number, or undefined when it is not only an amount. */
export function parseAmount(text: string, decimal: DecimalSeparator): Amount | undefined {
  let rest = text.trim().replace(/−/g, '-');
  let negative: 'minus' | 'parens' | 'trailing' | undefined;
  if (/^\(.*\)$/.test(rest)) {
    negative = 'parens';
    rest = rest.slice(1, -1).trim();
  }
  let percent = false;
  if (rest.endsWith('%')) {
    percent = true;
    rest = rest.slice(0, -1).trim();
  }
  if (rest.endsWith('-') && !negative) {
    negative = 'trailing';
    rest = rest.slice(0, -1).trim();
  }
  if (rest.startsWith('-') && !negative) {
    negative = 'minus';
    rest = rest.slice(1).trim();
  }
  const match = /^(\D*?)(\s?)(-?)(\d[\d.,' \u00a0\u202f’]*\d|\d)(\s?)(\D*?)$/u.exec(rest);
  if (!match) return undefined;
  const [, before = '', spaceBefore = '', innerMinus = '', body = '', spaceAfter = '', after = ''] = match;
  if (before && after) return undefined;
  const symbol = (before || after).trim();
  if (symbol && (percent || !currencies().has(symbol))) return undefined;
  if (innerMinus && negative) return undefined;
  if (innerMinus) negative = 'minus';
  const parsed = parseBody(body, decimal);
  if (!parsed) return undefined;
  // A lone letter is a currency (R for rand) only before money with decimals: "L 5" is a size.
  if (/^[A-Za-z]$/.test(symbol) && parsed.decimals === 0) return undefined;
  let numFmt = `${parsed.grouped ? '#,##0' : '0'}${parsed.decimals > 0 ? `.${'0'.repeat(parsed.decimals)}` : ''}`;
  if (percent) numFmt += '%';
  if (before) numFmt = `${quoted(symbol)}${spaceBefore ? ' ' : ''}${numFmt}`;
  if (after) numFmt = `${numFmt}${spaceAfter ? ' ' : ''}${quoted(symbol)}`;
  if (negative === 'parens') numFmt = `${numFmt};(${numFmt})`;
  if (negative === 'trailing') numFmt = `${numFmt};${numFmt}-`;
  const plainInteger = numFmt === '0';
  const magnitude = percent ? parsed.value / 100 : parsed.value;
  return {
    value: negative ? -magnitude : magnitude,
    numFmt: plainInteger ? undefined : numFmt,
    evidence: parsed.evidence,
  };
}

/** The decimal separator most of the document's amounts show unambiguously ('.' when none do). */
export function decimalSeparatorOf(texts: Iterable<string>): DecimalSeparator {
  let point = 0;
  let comma = 0;
  for (const text of texts) {
    const evidence = parseAmount(text, '.')?.evidence;
    if (evidence === '.') point += 1;
    if (evidence === ',') comma += 1;
  }
  return comma > point ? ',' : '.';
}
