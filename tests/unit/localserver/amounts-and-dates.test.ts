// Amounts and dates as printed on invoices, read with the document's conventions.
import { describe, expect, it } from 'vitest';
import { decimalSeparatorOf, parseAmount } from '../../../electron/localserver/converters/amount-text.ts';
import { dateOrderOf, parseDate } from '../../../electron/localserver/converters/date-text.ts';

describe('amounts', () => {
  it.each([
    ['1.234,56 €', ',', 1234.56, '#,##0.00 "€"'],
    ['€ 2.321,00', ',', 2321, '"€" #,##0.00'],
    ['1\u202f234,56\u00a0€', ',', 1234.56, '#,##0.00 "€"'],
    ['45,93 €', ',', 45.93, '0.00 "€"'],
    ['3,89', '.', 3.89, '0.00'],
    ['$4.11', '.', 4.11, '"$"0.00'],
    ['GBP 1,582.86', '.', 1582.86, '"GBP" #,##0.00'],
    ["CHF 1'234.50", '.', 1234.5, '"CHF" #,##0.00'],
    ['-1.00', '.', -1, '0.00'],
    ['−1,00 €', ',', -1, '0.00 "€"'],
    ['(1.00)', '.', -1, '0.00;(0.00)'],
    ['($25.00)', '.', -25, '"$"0.00;("$"0.00)'],
    ['1.00-', '.', -1, '0.00;0.00-'],
    ['15.00%', '.', 0.15, '0.00%'],
    ['19 %', ',', 0.19, '0%'],
    ['12', '.', 12, undefined],
    ['1,234', '.', 1234, '#,##0'],
    ['1,234', ',', 1.234, '0.000'],
    ['1.234', ',', 1234, '#,##0'],
    ['R 100.00', '.', 100, '"R" 0.00'],
    ['5,00 zł', ',', 5, '0.00 "zł"'],
  ])('%s with decimal "%s" is %d shown as %s', (text, decimal, value, numFmt) => {
    expect(parseAmount(text, decimal as '.' | ',')).toMatchObject({ value, numFmt });
  });

  it.each([
    '0042',
    '10115 Berlin',
    'INV-2026-0042',
    '20.03.2023',
    'USD',
    '1.5 kg',
    '12345678901234567',
    '€ 12 €',
    // The end of "(box of 10)" cut off its description is a word, never a negative number.
    '10)',
    '(10',
  ])('%s stays text', (text) => {
    expect(parseAmount(text, '.')).toBeUndefined();
  });

  it('the decimal separator is the one most unambiguous amounts of the document show', () => {
    expect(decimalSeparatorOf(['1.234,56 €', '149,90 €', '2', '1.234'])).toBe(',');
    expect(decimalSeparatorOf(['$4.11', '1,234', '3.75'])).toBe('.');
    expect(decimalSeparatorOf(['1,234', '12'])).toBe('.');
  });
});

describe('dates', () => {
  it.each([
    ['2023-03-20', undefined, '2023-03-20', 'yyyy-mm-dd'],
    ['20.03.2023', undefined, '2023-03-20', 'dd.mm.yyyy'],
    ['03/20/2023', undefined, '2023-03-20', 'mm/dd/yyyy'],
    ['20/03/2023', undefined, '2023-03-20', 'dd/mm/yyyy'],
    ['03/04/2023', 'dmy', '2023-04-03', 'dd/mm/yyyy'],
    ['03/04/2023', 'mdy', '2023-03-04', 'mm/dd/yyyy'],
    ['29 maart 2014', undefined, '2014-03-29', 'd mmmm yyyy'],
    ['7. Mai 2014', undefined, '2014-05-07', 'd. mmmm yyyy'],
    ['20. März 2023', undefined, '2023-03-20', 'd. mmmm yyyy'],
    ['14 février 2023', undefined, '2023-02-14', 'd mmmm yyyy'],
    ['March 20, 2023', undefined, '2023-03-20', 'mmmm d, yyyy'],
    ['Mar 20, 2023', undefined, '2023-03-20', 'mmm d, yyyy'],
  ])('%s (order %s) is %s shown as %s', (text, order, iso, numFmt) => {
    const date = parseDate(text, order as 'dmy' | 'mdy' | undefined);
    expect(date?.value.toISOString().slice(0, 10)).toBe(iso);
    expect(date?.numFmt).toBe(numFmt);
  });

  it.each(['03/04/2023', '31.02.2023', '2023-13-01', '7 Maybe 2014', '1.5 kg'])('%s stays text', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  it('the day/month order is the one the unambiguous dates of the document show', () => {
    expect(dateOrderOf(['03/20/2023', '04/19/2023', '03/04/2023'])).toBe('mdy');
    expect(dateOrderOf(['20/03/2023', '03/04/2023'])).toBe('dmy');
    expect(dateOrderOf(['03/04/2023'])).toBeUndefined();
  });
});
