// How xlsx -> csv writes cell values: date formats recognised from their codes, Excel serial
// days as ISO text in both date systems, stored numbers at 15 significant digits.
import { describe, expect, it } from 'vitest';
import { columnOf, numberText, serialText } from '../../../electron/localserver/converters/xlsx-sheet.ts';
import { dateKindOf } from '../../../electron/localserver/converters/xlsx-workbook.ts';
import { resolvePart } from '../../../electron/localserver/converters/xlsx-xml.ts';

describe('dateKindOf', () => {
  it.each([
    ['yyyy-mm-dd', 'date'],
    ['d/m/yy', 'date'],
    ['[$-409]mmmm d, yyyy;@', 'date'],
    ['dd/mm/yyyy\\ hh:mm', 'datetime'],
    ['yyyy-mm-dd hh:mm:ss', 'datetime'],
    ['h:mm AM/PM', 'time'],
    ['[h]:mm:ss', 'time'],
    ['mm:ss.0', 'time'],
    ['0.00', undefined],
    ['#,##0.00 "EUR"', undefined],
    ['[Red]0.00;"minus"0', undefined],
    ['General', undefined],
    ['0%', undefined],
    ['"Day" 0', undefined],
  ])('%s -> %s', (code, kind) => {
    expect(dateKindOf(code)).toBe(kind);
  });
});

describe('serialText', () => {
  it('follows Excel in the 1900 system (serial 1 is 1900-01-01, 61 is 1900-03-01)', () => {
    expect(serialText(1, 'date', false)).toBe('1900-01-01');
    expect(serialText(61, 'date', false)).toBe('1900-03-01');
    expect(serialText(45352, 'date', false)).toBe('2024-03-01');
  });

  it('counts from 1904-01-01 in the 1904 system', () => {
    expect(serialText(0, 'date', true)).toBe('1904-01-01');
    expect(serialText(43890, 'date', true)).toBe('2024-03-01');
  });

  it('writes a time of day, a date with time, and rounds float noise to the second', () => {
    expect(serialText(0.75, 'time', false)).toBe('18:00:00');
    expect(serialText(45352.5, 'datetime', false)).toBe('2024-03-01 12:00:00');
    expect(serialText(45352 + 14 / 24 + 1e-9, 'date', false)).toBe('2024-03-01 14:00:00');
    expect(serialText(45352.99999999, 'datetime', false)).toBe('2024-03-02');
  });
});

describe('numberText and cell references', () => {
  it('keeps 15 significant digits and plain decimals', () => {
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('1234.5')).toBe('1234.5');
    expect(numberText('-7')).toBe('-7');
    expect(numberText(' 12 ')).toBe('12');
  });

  it('reads columns from references and resolves part targets', () => {
    expect(columnOf('A1')).toBe(1);
    expect(columnOf('AB12')).toBe(28);
    expect(columnOf('XFD1')).toBe(16_384);
    expect(columnOf(undefined)).toBeUndefined();
    expect(resolvePart('xl', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePart('xl', '/xl/worksheets/data.xml')).toBe('xl/worksheets/data.xml');
    expect(resolvePart('xl/worksheets', '../sharedStrings.xml')).toBe('xl/sharedStrings.xml');
  });
});
