// Net, tax and gross from an invoice's labelled total lines, on workbooks built in memory as
// the reader receives them: typed numbers or amounts as text, one tax rate or several, a tax
// total line, a bare "Total", a gross printed before the tax lines, a carried-forward line at
// a page break and a VAT id passed over, and where each value came from.
import { describe, expect, it } from 'vitest';
import type { InvoiceCell, InvoiceSheet } from '../../../../electron/engine/invoices/cells.ts';
import { documentOf } from '../../../../electron/engine/invoices/document.ts';
import { totalsOf } from '../../../../electron/engine/invoices/totals.ts';

type Value = string | number | null;
const cell = (value: Value): InvoiceCell | null =>
  value === null ? null : typeof value === 'number' ? { kind: 'number', value } : { kind: 'string', value };

function totals(rows: Value[][]) {
  const sheet: InvoiceSheet = { name: 'Page 1', rows: rows.map((row) => row.map(cell)) };
  return totalsOf(documentOf([sheet]), 0, new Set());
}

describe('totalsOf', () => {
  it('reads net, one tax rate and gross from typed numbers, with the cell each came from', () => {
    const read = totals([
      ['Rechnung Nr. 4711', null],
      ['Zwischensumme', 100],
      ['MwSt. 19 %', 19],
      ['Gesamtbetrag', 119],
    ]);
    expect(read.net.value).toBe(100);
    expect(read.tax.value).toBe(19);
    expect(read.gross.value).toBe(119);
    expect(read.taxes).toEqual([{ rate: 19, amount: 19, source: { sheet: 'Page 1', row: 3, col: 2 } }]);
    expect(read.net.source).toEqual({ sheet: 'Page 1', row: 2, col: 2 });
    expect(read.gross.source).toEqual({ sheet: 'Page 1', row: 4, col: 2 });
  });

  it('reads amounts written as text, the last amount on a line being its value', () => {
    const read = totals([
      ['Sous-total', '1.000,00 €'],
      ['TVA 20 %', 'sur 1.000,00 €', '200,00 €'],
      ['Net à payer', '1.200,00 €'],
    ]);
    expect([read.net.value, read.tax.value, read.gross.value]).toEqual([1000, 200, 1200]);
    expect(read.taxes.map((tax) => [tax.rate, tax.amount])).toEqual([[20, 200]]);
  });

  it('adds several rates into the tax when there is no tax total line, with less confidence', () => {
    const read = totals([
      ['Subtotal', 300],
      ['VAT 20%', 40],
      ['VAT 5%', 5],
      ['Total due', 345],
    ]);
    expect(read.taxes.map((tax) => [tax.rate, tax.amount])).toEqual([
      [20, 40],
      [5, 5],
    ]);
    expect(read.tax.value).toBe(45);
    expect(read.tax.confidence).toBeLessThan(read.net.confidence);
  });

  it('takes a tax line without a rate as the tax total', () => {
    const read = totals([
      ['Subtotal', 300],
      ['VAT 20%', 40],
      ['VAT 5%', 5],
      ['Total VAT', 45.01],
      ['Total due', 345.01],
    ]);
    expect(read.tax.value).toBe(45.01);
    expect(read.taxes).toHaveLength(2);
  });

  it('takes the gross after the net and tax lines, not one printed above them, and a bare Total last', () => {
    const read = totals([
      ['Amount due', 999],
      ['Subtotal', 100],
      ['VAT 10%', 10],
      ['Total', 110],
    ]);
    expect(read.gross.value).toBe(110);
  });

  it('passes over a carried-forward total and a VAT id', () => {
    const read = totals([
      ['Carried forward', 5000],
      ['VAT Reg. No. GB123456789', null],
      ['N° TVA intracommunautaire FR 12 345678901', null],
      ['Subtotal', 100],
      ['VAT 20%', 20],
      ['Total due', 120],
    ]);
    expect([read.net.value, read.tax.value, read.gross.value]).toEqual([100, 20, 120]);
  });

  it('leaves what it does not find empty rather than inventing it', () => {
    const read = totals([
      ['Description', 'Amount'],
      ['Consulting', 100],
    ]);
    expect(read.net.value).toBeNull();
    expect(read.tax.value).toBeNull();
    expect(read.gross.value).toBeNull();
    expect(read.taxes).toEqual([]);
  });

  it('looks only from the line it is told, and skips the lines it is told to', () => {
    const sheet: InvoiceSheet = {
      name: 'Page 1',
      rows: [
        ['Subtotal', 1],
        ['Total due', 1],
        ['Subtotal', 100],
        ['Total due', 120],
        ['Total due', 777],
      ].map((row) => row.map(cell)),
    };
    const doc = documentOf([sheet]);
    const read = totalsOf(doc, 2, new Set([4]));
    expect([read.net.value, read.gross.value]).toEqual([100, 120]);
  });
});
