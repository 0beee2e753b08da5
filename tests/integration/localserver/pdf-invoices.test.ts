// pdf -> xlsx on invoices, through the local server over HTTP, checked the way an accountant
// uses the sheet: find the amount column by its header, sum the item rows and compare with the
// printed subtotal; amounts are numbers whose format shows them as printed; dates are dates.
// Each workbook is read twice: with exceljs and with a plain zip + XML reader (xlsx-xml.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, download, fixture, type Harness, harness } from './helpers.ts';
import { isDateFormat, readSheetXml, serialToIsoDate, type XmlCell } from './xlsx-xml.ts';

const INVOICES = join(import.meta.dirname, '..', '..', 'fixtures', 'invoices');

interface Truth {
  pdf: string;
  locale: { decimal: string; group: string };
  columns: Record<string, string> & { description: string; amount: string };
  items: (Record<string, string | number> & { description: string; amount: number; printedAmount: string })[];
  subtotal: number;
  totals: { label: string; value: number; printed: string }[];
  dates: { label: string; iso: string }[];
  ambiguousDates?: { label: string; text: string }[];
  texts: { label: string; text: string }[];
  /** A right-to-left document: the sheet is shown right to left. */
  rightToLeft?: boolean;
}

const SHARED_INVOICE: Truth = {
  pdf: 'invoice.pdf',
  locale: { decimal: '.', group: ',' },
  columns: { description: 'Description', quantity: 'Qty', unitPrice: 'Unit price', amount: 'Amount' },
  items: [
    ['A4 copier paper, 80 g, box of 5 reams', 12, 24.5, 294, '294.00'],
    ['Black toner cartridge TN-2420', 4, 61.2, 244.8, '244.80'],
    ['Ergonomic desk chair, model K7', 2, 189, 378, '378.00'],
    ['USB-C docking station', 3, 112.75, 338.25, '338.25'],
    ['Whiteboard markers, assorted (pack of 8)', 10, 6.4, 64, '64.00'],
  ].map(([description, quantity, unitPrice, amount, printedAmount]) => ({
    description: description as string,
    quantity: quantity as number,
    unitPrice: unitPrice as number,
    amount: amount as number,
    printedAmount: printedAmount as string,
  })),
  subtotal: 1319.05,
  totals: [
    { label: 'Subtotal:', value: 1319.05, printed: '1,319.05' },
    { label: 'VAT 20%:', value: 263.81, printed: '263.81' },
    { label: 'Total due:', value: 1582.86, printed: 'GBP 1,582.86' },
  ],
  dates: [
    { label: 'Invoice date:', iso: '2026-11-02' },
    { label: 'Due date:', iso: '2026-12-02' },
  ],
  texts: [{ label: 'Invoice number:', text: 'INV-2026-0042' }],
};

/** Shows a number as Excel would with the simple formats the converter writes, using the
 *  document's separators: the check that a cell "looks as printed". */
function asPrinted(value: number, numFmt: string, locale: Truth['locale']): string {
  const sections = numFmt.split(';');
  const negativeSection = value < 0 && sections[1] !== undefined;
  const section = negativeSection ? sections[1]! : sections[0]!;
  const match = /^(.*?)(#,##0|0)(?:\.(0+))?(%?)(.*)$/.exec(section);
  if (!match) return `unreadable format ${numFmt}`;
  const [, prefix = '', integer = '', decimals = '', percent = '', suffix = ''] = match;
  const magnitude = Math.abs(value) * (percent ? 100 : 1);
  const [whole = '', fraction = ''] = magnitude.toFixed(decimals.length).split('.');
  const grouped = integer === '#,##0' ? whole.replace(/\B(?=(\d{3})+$)/g, locale.group) : whole;
  const literal = (text: string) => text.replaceAll('"', '');
  const sign = value < 0 && !negativeSection ? '-' : '';
  return `${sign}${literal(prefix)}${grouped}${fraction ? locale.decimal + fraction : ''}${percent}${literal(suffix)}`;
}

const sameSpaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

interface Sheet {
  xml: Map<number, Map<number, XmlCell>>;
  exceljs: ExcelJS.Worksheet;
}

function rowNumbers(sheet: Sheet): number[] {
  return [...sheet.xml.keys()].sort((p, q) => p - q);
}

function textAt(sheet: Sheet, row: number, column: number): string | undefined {
  return sheet.xml.get(row)?.get(column)?.text;
}

/** The header row: the row holding every column name of the truth, each in its own cell. */
function headerOf(sheet: Sheet, truth: Truth): { row: number; columns: Record<string, number> } {
  for (const row of rowNumbers(sheet)) {
    const cells = sheet.xml.get(row)!;
    const columns: Record<string, number> = {};
    for (const [key, name] of Object.entries(truth.columns)) {
      const found = [...cells].find(([, cell]) => cell.text === name);
      if (found) columns[key] = found[0];
    }
    if (Object.keys(columns).length === Object.keys(truth.columns).length) return { row, columns };
  }
  throw new Error(`no row has the headers ${Object.values(truth.columns).join(' | ')} each in its own cell`);
}

/** The row (after `from`) whose cell in `column` reads `text`. */
function rowWith(sheet: Sheet, column: number, text: string, from = 0): number {
  const row = rowNumbers(sheet).find((number) => number > from && textAt(sheet, number, column) === text);
  if (row === undefined) throw new Error(`no row has "${text}" in column ${column + 1}`);
  return row;
}

/** The row whose cell reads `label`, and the next filled cell to its right. */
function valueAfterLabel(sheet: Sheet, label: string): { row: number; column: number; cell: XmlCell } {
  for (const row of rowNumbers(sheet)) {
    const cells = [...sheet.xml.get(row)!].sort(([p], [q]) => p - q);
    const at = cells.findIndex(([, cell]) => cell.text === label);
    if (at >= 0 && cells[at + 1]) return { row, column: cells[at + 1]![0], cell: cells[at + 1]![1] };
  }
  throw new Error(`no cell reads "${label}" with a value after it`);
}

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
});
afterAll(() => h.close());

async function convertToSheet(path: string): Promise<Sheet> {
  const job = await convert(h, { to: 'xlsx', path });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  const bytes = await download(job);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { xml: readSheetXml(new Uint8Array(bytes)), exceljs: workbook.worksheets[0]! };
}

async function checkInvoice(sheet: Sheet, truth: Truth): Promise<void> {
  expect(Boolean(sheet.exceljs.views[0]?.rightToLeft)).toBe(Boolean(truth.rightToLeft));
  const header = headerOf(sheet, truth);
  const { description, amount } = header.columns as { description: number; amount: number };

  // Every item: its own row, the description alone in its cell (wrapped lines joined, no
  // quantity glued to it), every number column a number cell.
  let last = header.row;
  for (const item of truth.items) {
    const row = rowWith(sheet, description, item.description, last);
    last = row;
    for (const [key, column] of Object.entries(header.columns)) {
      if (key === 'description') continue;
      const cell = sheet.xml.get(row)?.get(column);
      expect(cell?.type, `${item.description}: ${key} is a number`).toBe('n');
      expect(cell?.number).toBeCloseTo(item[key] as number, 6);
      expect(sheet.exceljs.getRow(row).getCell(column + 1).type).toBe(ExcelJS.ValueType.Number);
    }
    const amountCell = sheet.xml.get(row)!.get(amount)!;
    expect(sameSpaces(asPrinted(amountCell.number!, amountCell.numFmt, truth.locale))).toBe(
      sameSpaces(item.printedAmount),
    );
    if (typeof item.printedTaxes === 'string') {
      const taxes = sheet.xml.get(row)!.get(header.columns.taxes!)!;
      expect(asPrinted(taxes.number!, taxes.numFmt, truth.locale)).toBe(item.printedTaxes);
    }
  }

  // The sum a person gets by selecting the amount column from under its header to the last
  // item, read by the XML reader and by exceljs.
  let xmlSum = 0;
  let exceljsSum = 0;
  for (let row = header.row + 1; row <= last; row += 1) {
    const cell = sheet.xml.get(row)?.get(amount);
    if (cell?.type === 'n') xmlSum += cell.number!;
    const value = sheet.exceljs.getRow(row).getCell(amount + 1).value;
    if (typeof value === 'number') exceljsSum += value;
  }
  expect(Math.round(xmlSum * 100) / 100).toBe(truth.subtotal);
  expect(Math.round(exceljsSum * 100) / 100).toBe(truth.subtotal);

  for (const total of truth.totals) {
    const { cell } = valueAfterLabel(sheet, total.label);
    expect(cell.type, `${total.label} is a number`).toBe('n');
    expect(cell.number).toBeCloseTo(total.value, 6);
    expect(sameSpaces(asPrinted(cell.number!, cell.numFmt, truth.locale))).toBe(sameSpaces(total.printed));
  }
  for (const date of truth.dates) {
    const { row, column, cell } = valueAfterLabel(sheet, date.label);
    expect(cell.type).toBe('n');
    expect(isDateFormat(cell.numFmt), `${date.label} has a date format (${cell.numFmt})`).toBe(true);
    expect(serialToIsoDate(cell.number!)).toBe(date.iso);
    const value = sheet.exceljs.getRow(row).getCell(column + 1).value;
    expect(value instanceof Date && value.toISOString().slice(0, 10)).toBe(date.iso);
  }
  for (const date of truth.ambiguousDates ?? []) {
    expect(valueAfterLabel(sheet, date.label).cell.text).toBe(date.text);
  }
  for (const text of truth.texts) {
    expect(valueAfterLabel(sheet, text.label).cell.text).toBe(text.text);
  }

  // No amount is left as text: a cell without letters that shows a decimal amount.
  const amountsAsText = [...sheet.xml.values()]
    .flatMap((cells) => [...cells.values()])
    .filter((cell) => cell.type === 's' && !/\p{L}/u.test(cell.text!) && /\d[.,]\d{2}\b/.test(cell.text!));
  expect(amountsAsText.map((cell) => cell.text)).toEqual([]);
}

describe('pdf -> xlsx on invoices', () => {
  it('the shared invoice: the Amount column sums to the printed subtotal 1,319.05', async () => {
    await checkInvoice(await convertToSheet(await fixture(h, 'invoice.pdf')), SHARED_INVOICE);
  });

  for (const name of [
    'de-rechnung',
    'de-kompakt',
    'nl-factuur',
    'fr-facture',
    'us-invoice',
    'multiline-invoice',
    'multiline-middle',
    'taxes-invoice',
    'he-heshbonit',
  ]) {
    it(`${name}: item rows typed, amount column sums to the subtotal, totals and dates as printed`, async () => {
      const truth = JSON.parse(await readFile(join(INVOICES, `${name}.truth.json`), 'utf8')) as Truth;
      await checkInvoice(await convertToSheet(join(INVOICES, truth.pdf)), truth);
    });
  }
});
