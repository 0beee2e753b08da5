// The invoice reader on workbooks built here with exceljs and read back from the XLSX: the
// layout the local server's improved pdf -> xlsx makes (cells placed in columns by x-position,
// amounts typed numbers with number formats, dates typed dates), the cloud service's possible
// all-text layout ("€ 2.321,00", "45,93 €", "29 maart 2026"), a workbook that is no invoice,
// and the cases the checks must flag rather than guess.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInvoice, readWorkbookCells } from '../../../../electron/engine/index.ts';
import { factsOf } from '../../../../shared/invoices.ts';

const TODAY = { today: new Date('2026-12-31') };
const SALES = new URL('../../../../../shared/fixtures/sales.xlsx', import.meta.url).pathname;

type Value = string | number | Date | null | { v: number | Date; fmt: string };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes rows (row number -> { column letter -> value }) to an XLSX and reads it back. */
async function workbook(name: string, rows: Record<number, Record<string, Value>>) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Page 1');
  for (const [row, cells] of Object.entries(rows)) {
    for (const [col, value] of Object.entries(cells)) {
      const cell = sheet.getCell(`${col}${row}`);
      if (value !== null && typeof value === 'object' && 'fmt' in value) {
        cell.value = value.v;
        cell.numFmt = value.fmt;
      } else cell.value = value;
    }
  }
  const path = join(dir, `${name}.xlsx`);
  await book.xlsx.writeFile(path);
  return readInvoice(await readWorkbookCells(path), TODAY);
}

const eur = (v: number) => ({ v, fmt: '#,##0.00 [$€-407]' });
const pct = (v: number) => ({ v, fmt: '0%' });
const day = (iso: string) => ({ v: new Date(`${iso}T00:00:00Z`), fmt: 'dd.mm.yyyy' });

describe('invoice reader', () => {
  it('reads a German invoice laid out by x-position with typed amounts, rates and dates', async () => {
    const read = await workbook('typed-de', {
      1: { A: 'Müller Haustechnik GmbH' },
      2: { A: 'Hauptstr. 4, 70173 Stuttgart' },
      4: { F: 'RECHNUNG' },
      5: { E: 'Rechnungsnummer', G: 'RE-4711' },
      6: { E: 'Rechnungsdatum', G: day('2026-03-14') },
      7: { E: 'Fällig am', G: day('2026-04-13') },
      8: { A: 'Rechnungsempfänger' },
      9: { A: 'Schmidt & Söhne OHG' },
      10: { A: 'Bahnhofstraße 1' },
      11: { A: 'USt-IdNr.: DE999888777' },
      13: { A: 'Pos', B: 'Beschreibung', D: 'Menge', E: 'Einzelpreis', F: 'MwSt', G: 'Gesamt' },
      14: { A: 1, B: 'Heizkörper montiert', D: 2, E: eur(245.5), F: pct(0.19), G: eur(491) },
      15: { A: 2, B: 'Thermostatventil', D: 6, E: eur(18.9), F: pct(0.19), G: eur(113.4) },
      16: { A: 3, B: 'Anfahrt', D: 1, E: eur(45), F: pct(0.19), G: eur(45) },
      18: { E: 'Nettobetrag', G: eur(649.4) },
      19: { E: 'zzgl. 19 % MwSt.', G: eur(123.39) },
      20: { E: 'Gesamtbetrag', G: eur(772.79) },
      23: { A: 'Müller Haustechnik GmbH · USt-IdNr. DE811122233 · IBAN DE02 1203 0000 0000 2020 51' },
    });
    expect(factsOf(read)).toEqual({
      status: 'ok',
      documentType: 'invoice',
      invoiceNumber: 'RE-4711',
      issueDate: '2026-03-14',
      dueDate: '2026-04-13',
      seller: 'Müller Haustechnik GmbH',
      sellerVatId: 'DE811122233',
      buyer: 'Schmidt & Söhne OHG',
      currency: 'EUR',
      net: 649.4,
      tax: 123.39,
      gross: 772.79,
      lines: [
        { description: 'Heizkörper montiert', quantity: 2, unitPrice: 245.5, amount: 491, taxRate: 19 },
        { description: 'Thermostatventil', quantity: 6, unitPrice: 18.9, amount: 113.4, taxRate: 19 },
        { description: 'Anfahrt', quantity: 1, unitPrice: 45, amount: 45, taxRate: 19 },
      ],
      review: [],
    });
    // Each field says where it came from, as a person finds it in the sheet.
    expect(read.invoiceNumber.source).toEqual({ sheet: 'Page 1', row: 5, col: 7 });
    expect(read.gross.source).toEqual({ sheet: 'Page 1', row: 20, col: 7 });
    expect(read.lines[1]!.unitPrice.source).toEqual({ sheet: 'Page 1', row: 15, col: 5 });
    expect(read.gross.confidence).toBeGreaterThan(0.9);
  });

  it('reads amounts and dates that arrive as text, symbols before or after', async () => {
    const read = await workbook('text-nl', {
      1: { A: 'Drukkerij Jansen B.V.' },
      2: { A: 'Btw-nummer: NL 8123.45.678.B01' },
      3: { A: 'Factuur' },
      4: { A: 'Factuurnummer: 2026-118' },
      5: { A: 'Factuurdatum: 29 maart 2026' },
      6: { A: 'Klant: Bakkerij Vos, Kerkstraat 2, Delft' },
      8: { A: 'Omschrijving', C: 'Aantal', D: 'Prijs', E: 'Bedrag' },
      9: { A: 'Visitekaartjes 500 st.', C: '2', D: '€ 45,93', E: '91,86 €' },
      10: { A: 'Posters A1', C: '100', D: '€ 22,29', E: '€ 2.229,00' },
      12: { A: 'Subtotaal', E: '2.320,86 €' },
      13: { A: 'BTW 21%', E: '487,38 €' },
      14: { A: 'Totaal', E: '€ 2.808,24' },
    });
    expect(factsOf(read)).toMatchObject({
      status: 'ok',
      invoiceNumber: '2026-118',
      issueDate: '2026-03-29',
      seller: 'Drukkerij Jansen B.V.',
      sellerVatId: 'NL812345678B01',
      buyer: 'Bakkerij Vos',
      currency: 'EUR',
      net: 2320.86,
      tax: 487.38,
      gross: 2808.24,
      lines: [
        { description: 'Visitekaartjes 500 st.', quantity: 2, unitPrice: 45.93, amount: 91.86, taxRate: 21 },
        { description: 'Posters A1', quantity: 100, unitPrice: 22.29, amount: 2229, taxRate: 21 },
      ],
    });
  });

  it('says a workbook that is not an invoice needs review and invents nothing', async () => {
    const read = readInvoice(await readWorkbookCells(SALES), TODAY);
    expect(read.status).toBe('needs_review');
    expect(read.reasons).toContain('not_an_invoice');
    expect(factsOf(read)).toMatchObject({ invoiceNumber: null, net: null, tax: null, gross: null });
  });

  it('leaves a slash date empty and flags it when nothing settles day or month first', async () => {
    const read = await workbook('ambiguous', {
      1: { A: 'Blue Fern Design' },
      2: { A: 'Invoice number:', B: 'BF-77' },
      3: { A: 'Invoice date:', B: '03/04/2026' },
      5: { A: 'Description', B: 'Qty', C: 'Unit price', D: 'Amount' },
      6: { A: 'Logo design', B: 1, C: 800, D: 800 },
      8: { C: 'Total', D: 800 },
    });
    expect(read.issueDate.value).toBeNull();
    expect(read.review).toContain('issueDate');
    expect(read.reasons).toContain('ambiguous_date');
    // No currency anywhere: not guessed either.
    expect(read.currency.value).toBeNull();
    expect(read.review).toContain('currency');
  });

  it('flags lines that do not sum to the net instead of choosing one', async () => {
    const read = await workbook('not-summing', {
      1: { A: 'Harbour Tools Ltd' },
      2: { A: 'Invoice No. HT-9' },
      3: { A: 'Date: 2026-05-02' },
      5: { A: 'Description', B: 'Qty', C: 'Unit price', D: 'Amount' },
      6: { A: 'Hammer', B: 2, C: 12.5, D: 25 },
      7: { A: 'Saw', B: 1, C: 30, D: 30 },
      9: { C: 'Subtotal', D: '£60.00' },
      10: { C: 'VAT 20%', D: '£12.00' },
      11: { C: 'Total', D: '£72.00' },
    });
    expect(read.status).toBe('needs_review');
    expect(read.reasons).toContain('lines_do_not_sum');
    expect(read.review).toEqual(expect.arrayContaining(['lines', 'net']));
    expect(read.net.value).toBe(60);
  });
});
