// Table rows from text runs placed by hand, as pdf.js hands them over: which numbers after
// words are cells of a value column and which are words of a description.
import { describe, expect, it } from 'vitest';
import { linesOf } from '../../../electron/localserver/converters/pdf-lines.ts';
import type { TextRun } from '../../../electron/localserver/converters/pdf-read.ts';
import { sheetRows } from '../../../electron/localserver/converters/pdf-table.ts';

const SIZE = 10;

/** A run from x0 to x1 on the baseline y. */
function run(str: string, x0: number, x1: number, y: number): TextRun {
  return { str, x: x0, y, width: x1 - x0, size: SIZE, rtl: false, vertical: false };
}

/** The numbers of an item row: price and amount right-aligned at 420 and 520, the quantity
 *  right-aligned at 330 or set from 318 on. */
function values(y: number, quantity: string, price: string, amount: string, from?: 'left'): TextRun[] {
  const width = (text: string) => text.length * 5.6;
  return [
    from === 'left'
      ? run(quantity, 318, 318 + width(quantity), y)
      : run(quantity, 330 - width(quantity), 330, y),
    run(price, 420 - width(price), 420, y),
    run(amount, 520 - width(amount), 520, y),
  ];
}

const HEADER = [
  run('Description', 57, 110, 100),
  run('Qty', 318, 334, 100),
  run('Unit price', 378, 420, 100),
  run('Amount', 486, 520, 100),
];

describe('numbers after words in a table', () => {
  it('a number in its own run two points after the words, far from the value columns, stays in the description', () => {
    const rows = sheetRows(
      linesOf([
        ...HEADER,
        // pdf.js handed over "(box of" and "10)" as two runs, 2 points apart.
        run('Toner (box of', 57, 118, 120),
        run('10)', 120, 134, 120),
        ...values(120, '3', '20.00', '60.00'),
        run('Cups, carton', 57, 112, 138),
        run('6', 114, 119.6, 138),
        ...values(138, '5', '59.40', '297.00'),
        run('Pens, blue ink', 57, 120, 156),
        ...values(156, '12', '7.99', '95.88'),
      ]),
    );
    expect(rows).toEqual([
      ['Description', 'Qty', 'Unit price', 'Amount'],
      ['Toner (box of 10)', '3', '20.00', '60.00'],
      ['Cups, carton 6', '5', '59.40', '297.00'],
      ['Pens, blue ink', '12', '7.99', '95.88'],
    ]);
  });

  it('a quantity two points after a description that fills its column is its own cell', () => {
    const rows = sheetRows(
      linesOf([
        ...HEADER,
        run('Cable drum 25 m', 57, 134, 120),
        ...values(120, '2', '39.95', '79.90', 'left'),
        run('Power strip 6-way with switch and surge protection', 57, 316, 138),
        ...values(138, '1', '149.90', '149.90', 'left'),
        run('LED bulb E27', 57, 119, 156),
        ...values(156, '10', '4.50', '45.00', 'left'),
      ]),
    );
    expect(rows).toEqual([
      ['Description', 'Qty', 'Unit price', 'Amount'],
      ['Cable drum 25 m', '2', '39.95', '79.90'],
      ['Power strip 6-way with switch and surge protection', '1', '149.90', '149.90'],
      ['LED bulb E27', '10', '4.50', '45.00'],
    ]);
  });

  it('a description that starts with a label stays whole; a label with its value outside a table is still cut', () => {
    const rows = sheetRows(
      linesOf([
        run('Invoice date: 14/03/2026', 57, 180, 60),
        ...HEADER,
        run('Retour: koffiebekers 250 ml (doos)', 57, 230, 120),
        ...values(120, '2', '-22.50', '-45.00'),
        run('Creditering beschadigde levering melk', 57, 251, 138),
        ...values(138, '1', '-45.93', '-45.93'),
      ]),
    );
    expect(rows).toEqual([
      ['Invoice date:', '14/03/2026'],
      ['Description', 'Qty', 'Unit price', 'Amount'],
      ['Retour: koffiebekers 250 ml (doos)', '2', '-22.50', '-45.00'],
      ['Creditering beschadigde levering melk', '1', '-45.93', '-45.93'],
    ]);
  });
});
