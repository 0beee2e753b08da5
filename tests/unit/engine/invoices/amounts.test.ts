// Amounts written as text, the ways invoices write them: either decimal mark, thousands
// grouped by dot, comma, space, narrow space or apostrophe, a symbol or code before or after,
// a minus (hyphen, U+2212, en dash, trailing) or brackets for a credit, percentages; which mark
// a document uses; the currencies a text or an Excel number format names.
import { describe, expect, it } from 'vitest';
import {
  amountsIn,
  currenciesIn,
  currencyOfFormat,
  decimalMarkOf,
  isPercentFormat,
  readNumber,
} from '../../../../electron/engine/invoices/amounts.ts';

const one = (text: string, mark: '.' | ',' | null = null) => amountsIn(text, mark)[0];

describe('amountsIn', () => {
  it('parses amounts the ways invoices write them', () => {
    expect(one('€ 2.321,00')).toMatchObject({ value: 2321, currency: 'EUR' });
    expect(one('45,93 €')).toMatchObject({ value: 45.93, currency: 'EUR' });
    expect(one('1.234,56')).toMatchObject({ value: 1234.56 });
    expect(one('1,234.56')).toMatchObject({ value: 1234.56 });
    expect(one('1\u202f234,56 €')).toMatchObject({ value: 1234.56 });
    expect(one('1\u00a0234\u00a0567,89')).toMatchObject({ value: 1234567.89 });
    expect(one("CHF 1'234.50")).toMatchObject({ value: 1234.5, currency: 'CHF' });
    expect(one('CHF 1’234.50')).toMatchObject({ value: 1234.5 });
    expect(one('USD 99.90')).toMatchObject({ value: 99.9, currency: 'USD' });
    expect(one('US$ 12.00')).toMatchObject({ value: 12, currency: 'USD' });
    expect(one('£1,000,000.00')).toMatchObject({ value: 1_000_000, currency: 'GBP' });
    expect(one('¥ 12,000')).toMatchObject({ value: 12000, currency: 'JPY' });
    expect(one('99.9 EUR')).toMatchObject({ value: 99.9, currency: 'EUR', decimals: 1 });
  });

  it('reads a credit written with a minus of any kind or in brackets', () => {
    expect(one('-150,00 EUR')).toMatchObject({ value: -150, currency: 'EUR' });
    expect(one('−150,00 €')).toMatchObject({ value: -150 });
    expect(one('– 150,00')).toMatchObject({ value: -150 });
    expect(one('150,00-')).toMatchObject({ value: -150 });
    expect(one('(150.00)')).toMatchObject({ value: -150 });
    expect(one('€ -45,00')).toMatchObject({ value: -45, currency: 'EUR' });
  });

  it('marks a percentage, and "1.234" alone as ambiguous unless the document says which mark it uses', () => {
    expect(one('19 %')).toMatchObject({ value: 19, percent: true, currency: null });
    expect(one('7,5%')).toMatchObject({ value: 7.5, percent: true });
    expect(one('1.234')).toMatchObject({ ambiguous: true });
    expect(one('1.234', ',')).toMatchObject({ value: 1234, ambiguous: false });
    expect(one('1.234', '.')).toMatchObject({ value: 1.234 });
    expect(one('1,234', ',')).toMatchObject({ value: 1.234 });
  });

  it('finds every amount in a line, left to right, with where each is', () => {
    const line = 'Netto 100,00 € zzgl. 19 % MwSt 19,00 € = 119,00 €';
    const found = amountsIn(line, ',');
    expect(found.map((amount) => [amount.value, amount.percent])).toEqual([
      [100, false],
      [19, true],
      [19, false],
      [119, false],
    ]);
    for (const amount of found) expect(line.slice(amount.start, amount.end)).toMatch(/\d/);
  });

  it('takes nothing from codes, dates, postcodes, phone numbers or words with digits', () => {
    for (const text of [
      'INV-2026-0042',
      'Bristol BS1 4QA',
      'Order A12345',
      'v2.3.1',
      'ID_4711',
      'file.2024',
    ]) {
      expect(amountsIn(text, '.'), text).toEqual([]);
    }
  });

  it('does not take "kr" for a currency (SEK, DKK or NOK)', () => {
    expect(one('kr 1.234,00')).toMatchObject({ value: 1234, currency: null });
  });
});

describe('readNumber', () => {
  it('finds the decimal mark from the last separator, a space or the document', () => {
    expect(readNumber('1.234.567', null)).toEqual({ value: 1234567, decimals: 0, ambiguous: false });
    expect(readNumber('1,234,567.8', null)).toEqual({ value: 1234567.8, decimals: 1, ambiguous: false });
    expect(readNumber('12,5', null)).toEqual({ value: 12.5, decimals: 1, ambiguous: false });
    expect(readNumber('1 234', null)).toEqual({ value: 1234, decimals: 0, ambiguous: false });
    expect(readNumber('1.234', null)).toMatchObject({ ambiguous: true });
    expect(readNumber('0,0001', null)).toEqual({ value: 0.0001, decimals: 4, ambiguous: false });
  });

  it('refuses what is not a number', () => {
    expect(readNumber('', null)).toBeNull();
    expect(readNumber('1.2a', null)).toBeNull();
    expect(readNumber('.', null)).toBeNull();
  });
});

describe('decimalMarkOf', () => {
  it('goes by the amounts that say which mark they use, and says nothing on a tie', () => {
    expect(decimalMarkOf(['Summe 1.234,56', 'MwSt 19,00', 'Total 1,234.56'])).toBe(',');
    expect(decimalMarkOf(['Total 1,234.56', '$ 99.90'])).toBe('.');
    expect(decimalMarkOf(['12,50', '12.50'])).toBeNull();
    expect(decimalMarkOf(['1.234', 'Qty 3'])).toBeNull(); // thousands alone say nothing
    expect(decimalMarkOf([])).toBeNull();
  });
});

describe('currencies', () => {
  it('names the currencies a text names: codes as words, symbols, "euro"', () => {
    expect(currenciesIn('Total EUR 12, paid in euros').sort()).toEqual(['EUR']);
    expect(currenciesIn('£ 5 or $ 7').sort()).toEqual(['GBP', 'USD']);
    expect(currenciesIn('EUROPE and NEUR and Eurovision')).toEqual([]);
    expect(currenciesIn('CHF-Konto')).toEqual(['CHF']);
  });

  it('reads the currency of an Excel number format, and nothing when it names none or two', () => {
    expect(currencyOfFormat('#,##0.00 [$€-407]')).toBe('EUR');
    expect(currencyOfFormat('"€"#,##0.00')).toBe('EUR');
    expect(currencyOfFormat('[$EUR] 0.00')).toBe('EUR');
    expect(currencyOfFormat('[$$-409]#,##0.00')).toBe('USD');
    expect(currencyOfFormat('[Red]#,##0.00')).toBeNull();
    expect(currencyOfFormat('#,##0.00')).toBeNull();
    expect(currencyOfFormat(undefined)).toBeNull();
  });

  it('tells a percentage format, not a quoted percent sign', () => {
    expect(isPercentFormat('0%')).toBe(true);
    expect(isPercentFormat('0.00 %')).toBe(true);
    expect(isPercentFormat('"%"0.00')).toBe(false);
    expect(isPercentFormat('#,##0.00')).toBe(false);
    expect(isPercentFormat(undefined)).toBe(false);
  });
});
