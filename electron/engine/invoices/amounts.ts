// Amounts written as text, in the ways invoices write them: 1.234,56 / 1,234.56 / 1 234,56 /
// 1'234.56, a symbol or an ISO code before or after, a minus or brackets for a credit. Written
// here rather than taken from a library because the libraries (Intl, numeral, accounting.js)
// format or parse one known locale; an invoice's locale is what we are trying to find out.

export type DecimalMark = '.' | ',';

export interface AmountToken {
  value: number;
  /** Digits after the decimal mark as written (0 when none). */
  decimals: number;
  currency: string | null;
  percent: boolean;
  /** "1.234" or "1,234" with no hint which mark is the decimal one. */
  ambiguous: boolean;
  start: number;
  end: number;
}

export const CURRENCY_CODES = [
  'EUR',
  'GBP',
  'USD',
  'CHF',
  'SEK',
  'DKK',
  'NOK',
  'PLN',
  'CZK',
  'HUF',
  'CAD',
  'AUD',
  'NZD',
  'JPY',
  'CNY',
  'INR',
  'RON',
  'BGN',
] as const;

// Symbols that name one currency. "$" alone is taken as USD only when nothing else in the
// document says otherwise (currency.ts checks); "kr" is left out: it is SEK, DKK or NOK.
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  $: 'USD',
  US$: 'USD',
  '¥': 'JPY',
  '₹': 'INR',
};

const CODE = CURRENCY_CODES.join('|');
const SYMBOL = '€|£|US\\$|\\$|¥|₹';
const CURRENCY = `(?:${CODE}|${SYMBOL})`;
// Groups of three after a separator, or plain digits; then an optional decimal part.
const NUMBER = "\\d{1,3}(?:[.,'’\\u00a0\\u202f ]\\d{3})+(?:[.,]\\d{1,4})?|\\d+(?:[.,]\\d{1,4})?";
const TOKEN = new RegExp(
  `(?<![\\p{L}\\p{N}/._\\-])(\\()?(?:(${CURRENCY})\\s?)?([-−–])?\\s?(?:(${CURRENCY})\\s?)?(${NUMBER})(?![\\p{N}\\p{L}]|[.,/\\-]\\p{N})(-)?(\\))?\\s?(%|${CURRENCY}(?![\\p{L}]))?`,
  'gu',
);

function currencyOf(text: string | undefined): string | null {
  if (!text) return null;
  return SYMBOLS[text] ?? text;
}

/** Reads the digits of one number; `mark` is the document's decimal mark when known. */
export function readNumber(
  raw: string,
  mark: DecimalMark | null,
): { value: number; decimals: number; ambiguous: boolean } | null {
  const spaced = /[\s\u00a0\u202f'’]/.test(raw);
  const clean = raw.replace(/[\s\u00a0\u202f'’]/g, '');
  const lastDot = clean.lastIndexOf('.');
  const lastComma = clean.lastIndexOf(',');
  let decimalAt = -1;
  let ambiguous = false;
  if (lastDot >= 0 && lastComma >= 0) decimalAt = Math.max(lastDot, lastComma);
  else if (lastDot >= 0 || lastComma >= 0) {
    const at = Math.max(lastDot, lastComma);
    const sep = clean[at] as DecimalMark;
    const count = clean.split(sep).length - 1;
    const after = clean.length - at - 1;
    if (count > 1) decimalAt = -1;
    else if (after !== 3) decimalAt = at;
    else if (spaced) decimalAt = at;
    else if (mark) decimalAt = sep === mark ? at : -1;
    else ambiguous = true;
  }
  const intPart = (decimalAt >= 0 ? clean.slice(0, decimalAt) : clean).replace(/[.,]/g, '');
  const fraction = decimalAt >= 0 ? clean.slice(decimalAt + 1) : '';
  if (!/^\d+$/.test(intPart) || !/^\d*$/.test(fraction)) return null;
  const value = Number(`${intPart}.${fraction || '0'}`);
  return Number.isFinite(value) ? { value, decimals: fraction.length, ambiguous } : null;
}

/** Every amount written in a piece of text, left to right. */
export function amountsIn(text: string, mark: DecimalMark | null): AmountToken[] {
  const found: AmountToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [whole, open, before1, sign, before2, digits, trailingMinus, close, after] = match;
    const read = readNumber(digits!, mark);
    if (!read) continue;
    const negative = Boolean(sign || trailingMinus || (open && close));
    const percent = after === '%';
    const currency = currencyOf(before1 ?? before2 ?? (percent ? undefined : after));
    found.push({
      value: negative ? -read.value : read.value,
      decimals: read.decimals,
      currency,
      percent,
      ambiguous: read.ambiguous,
      start: match.index,
      end: match.index + whole.length,
    });
  }
  return found;
}

/** Which decimal mark the document's text amounts use, from the ones that say so. */
export function decimalMarkOf(texts: readonly string[]): DecimalMark | null {
  let comma = 0;
  let point = 0;
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\d.,])\d{1,3}(?:([.,'\s])\d{3})*([.,])(\d{1,2})(?![\d.,])/g)) {
      if (match[1] && match[1] === match[2]) continue;
      if (match[2] === ',') comma += 1;
      else point += 1;
    }
  }
  if (comma === point) return null;
  return comma > point ? ',' : '.';
}

/** Currencies named anywhere in a text: ISO codes as words, symbols, "euro". */
export function currenciesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(new RegExp(`(?<![\\p{L}])(${CODE})(?![\\p{L}])`, 'gu')))
    found.add(match[1]!);
  for (const match of text.matchAll(/US\$|€|£|¥|₹|\$/g)) found.add(SYMBOLS[match[0]]!);
  if (/(?<![\p{L}])euros?(?![\p{L}])/iu.test(text)) found.add('EUR');
  return [...found];
}

/** A currency in an Excel number format: "€"#,##0.00, #,##0.00 [$€-407], [$EUR] 0.00. */
export function currencyOfFormat(numFmt: string | undefined): string | null {
  if (!numFmt) return null;
  const bracket = /\[\$([^\]-]*)/.exec(numFmt);
  const inside = bracket ? bracket[1]!.trim() : numFmt.replace(/\[[^\]]*\]/g, '');
  const named = currenciesIn(inside);
  return named.length === 1 ? named[0]! : null;
}

/** True when an Excel number format shows a percentage. */
export function isPercentFormat(numFmt: string | undefined): boolean {
  return Boolean(numFmt && /%/.test(numFmt.replace(/"[^"]*"/g, '')));
}
