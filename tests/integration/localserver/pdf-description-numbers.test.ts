// pdf -> xlsx keeps a description with numbers in it ("Paper (box of 10)", "Cups, carton 6",
// "Retour: ...") in one cell, while the quantity, unit price and amount columns stay cells of
// their own, typed as numbers. Checked as a person would: the workbook is opened with a plain
// zip + XML reader (not the library that wrote it), the description read in the cell under the
// "Description" header, and the amount column summed against the printed subtotal.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, download, type Harness, harness, makeFile } from './helpers.ts';
import { readSheetXml, type XmlCell } from './xlsx-xml.ts';

type Sheet = Map<number, Map<number, XmlCell>>;

const SIZE = 10;
const PAGE_HEIGHT = 842;

interface Item {
  description: string;
  quantity: number;
  unitPrice: string;
  amount: string;
  /** Drawn a few points before its quantity, which pdf.js then reads as one text run with it
   *  ("Power strip ... black 1"). */
  glued?: boolean;
}

interface Table {
  top: number;
  /** Quantities aligned on the column's right edge, or set from its left edge. */
  quantities: 'right' | 'left';
  header: [string, string, string, string];
  items: Item[];
  subtotal: string;
}

// Column edges: descriptions start at LEFT; the numbers are right-aligned on these edges (or
// quantities start at QTY_LEFT).
const LEFT = 57;
const QTY = 330;
const QTY_LEFT = 313;
const PRICE = 420;
const AMOUNT = 520;

// The first table: descriptions that end in or hold numbers, none of them near the quantity
// column. The second: a quantity set in the same text run as a description that fills its
// column (as in a German invoice seen in the field, quantities set from the column's left
// edge), which must still be its own cell.
const TABLES: Table[] = [
  {
    top: 120,
    quantities: 'right',
    header: ['Description', 'Qty', 'Unit price', 'Amount'],
    items: [
      { description: 'Paper, A4 (box of 10)', quantity: 6, unitPrice: '18.40', amount: '110.40' },
      { description: 'Cups, carton 6', quantity: 5, unitPrice: '59.40', amount: '297.00' },
      { description: 'Retour: mugs 250 ml (box)', quantity: 2, unitPrice: '-22.50', amount: '-45.00' },
      { description: 'Toner (pack of 12)', quantity: 3, unitPrice: '20.00', amount: '60.00' },
      { description: 'Pens, blue ink', quantity: 12, unitPrice: '7.99', amount: '95.88' },
    ],
    subtotal: '518.28',
  },
  {
    top: 400,
    quantities: 'left',
    header: ['Article', 'Qty', 'Price', 'Total'],
    items: [
      { description: 'Cable drum 25 m', quantity: 2, unitPrice: '39.95', amount: '79.90' },
      {
        description: 'Power strip 6-way with switch and surge protection, black',
        quantity: 1,
        unitPrice: '149.90',
        amount: '149.90',
        glued: true,
      },
      { description: 'LED bulb E27', quantity: 10, unitPrice: '4.50', amount: '45.00' },
    ],
    subtotal: '274.80',
  },
];

function drawTable(page: PDFPage, font: PDFFont, table: Table): void {
  const at = (text: string, x: number, top: number) =>
    page.drawText(text, { x, y: PAGE_HEIGHT - top, size: SIZE, font });
  const right = (text: string, edge: number, top: number) =>
    at(text, edge - font.widthOfTextAtSize(text, SIZE), top);
  const [description, quantity, price, amount] = table.header;
  const placeQuantity = (quantity: string, top: number) =>
    table.quantities === 'right' ? right(quantity, QTY, top) : at(quantity, QTY_LEFT, top);
  at(description, LEFT, table.top);
  placeQuantity(quantity, table.top);
  right(price, PRICE, table.top);
  right(amount, AMOUNT, table.top);
  table.items.forEach((item, index) => {
    const top = table.top + 20 + index * 18;
    const quantity = String(item.quantity);
    at(item.description, LEFT, top);
    placeQuantity(quantity, top);
    right(item.unitPrice, PRICE, top);
    right(item.amount, AMOUNT, top);
  });
  const under = table.top + 20 + table.items.length * 18;
  at('Subtotal', 350, under);
  right(table.subtotal, AMOUNT, under);
}

/** The text runs pdf.js reads from the PDF (the premise of the glued case). */
async function textRuns(bytes: Uint8Array): Promise<string[]> {
  const task = pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 });
  const doc = await task.promise;
  const content = await (await doc.getPage(1)).getTextContent();
  await task.destroy();
  return content.items.map((item) => ('str' in item ? item.str : ''));
}

async function invoicePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, PAGE_HEIGHT]);
  for (const table of TABLES) drawTable(page, font, table);
  return doc.save();
}

function rowsOf(sheet: Sheet): number[] {
  return [...sheet.keys()].sort((p, q) => p - q);
}

function text(sheet: Sheet, row: number, column: number): string | undefined {
  return sheet.get(row)?.get(column)?.text;
}

/** The header row holding these names each in its own cell, and their columns. */
function headerOf(sheet: Sheet, names: string[]): { row: number; columns: number[] } {
  for (const row of rowsOf(sheet)) {
    const cells = [...(sheet.get(row) ?? new Map<number, XmlCell>())];
    const columns = names.map((name) => cells.find(([, cell]) => cell.text === name)?.[0] ?? -1);
    if (columns.every((column) => column >= 0)) return { row, columns };
  }
  throw new Error(`no row has the headers ${names.join(' | ')} each in its own cell`);
}

function numberAt(sheet: Sheet, row: number, column: number): number | undefined {
  const cell = sheet.get(row)?.get(column);
  return cell?.type === 'n' ? cell.number : undefined;
}

/** Reads the item rows under a header: the description cell, the numbers beside it, the sum of
 *  the amount column down to the last item, and the number right of the "Subtotal" label. */
function readTable(sheet: Sheet, header: string[], count: number) {
  const { row, columns } = headerOf(sheet, header);
  const [description, quantity, price, amount] = columns as [number, number, number, number];
  const items = rowsOf(sheet)
    .filter((number) => number > row)
    .slice(0, count)
    .map((number) => ({
      description: text(sheet, number, description),
      quantity: numberAt(sheet, number, quantity),
      unitPrice: numberAt(sheet, number, price),
      amount: numberAt(sheet, number, amount),
      cells: sheet.get(number)!.size,
    }));
  const sum = items.reduce((total, item) => total + (item.amount ?? Number.NaN), 0);
  const subtotalRow = rowsOf(sheet).find(
    (number) => number > row && [...sheet.get(number)!.values()].some((cell) => cell.text === 'Subtotal'),
  );
  const subtotal = subtotalRow === undefined ? undefined : numberAt(sheet, subtotalRow, amount);
  return { items, sum: Math.round(sum * 100) / 100, subtotal, width: sheet.get(row)!.size };
}

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
});
afterAll(() => h.close());

async function toSheet(path: string): Promise<Sheet> {
  const job = await convert(h, { to: 'xlsx', path });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return readSheetXml(new Uint8Array(await download(job)));
}

describe('pdf -> xlsx: numbers inside descriptions', () => {
  it('a description with numbers stays one cell; quantity, price and amount are numbers; the amounts sum to the subtotal', async () => {
    const pdf = await invoicePdf();
    // The glued description is one text run with its quantity, as in the field.
    const glued = TABLES.flatMap((table) => table.items).filter((item) => item.glued);
    expect(await textRuns(pdf)).toEqual(
      expect.arrayContaining(glued.map((item) => `${item.description} ${item.quantity}`)),
    );
    const sheet = await toSheet(await makeFile(h, 'descriptions.pdf', pdf));
    for (const table of TABLES) {
      const read = readTable(sheet, table.header, table.items.length);
      // Four columns, no extra one for a number cut off a description.
      expect(read.width).toBe(4);
      expect(read.items).toEqual(
        table.items.map((item) => ({
          description: item.description,
          quantity: item.quantity,
          unitPrice: Number(item.unitPrice),
          amount: Number(item.amount),
          cells: 4,
        })),
      );
      expect(read.subtotal).toBe(Number(table.subtotal));
      expect(read.sum).toBe(Number(table.subtotal));
    }
    // "10)" and "12)" are words of their descriptions: no cell holds them alone, as text or number.
    const cells = [...sheet.values()].flatMap((row) => [...row.values()]);
    expect(cells.filter((cell) => cell.text === '10)' || cell.text === '12)')).toEqual([]);
  });

  it('the truth-set invoices whose descriptions end in a number or start with a label: each line whole, the amounts summing to the net', async () => {
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'invoices-ledger');
    const cases = [
      { name: 'en-gb-stationery', header: ['Description', 'Qty', 'Unit price', 'Amount'] },
      { name: 'fr-epicerie-two-rates', header: ['Désignation', 'Quantité', 'Prix unitaire', 'Montant HT'] },
      { name: 'nl-creditnota', header: ['Omschrijving', 'Aantal', 'Prijs per stuk', 'Bedrag'] },
    ];
    for (const { name, header } of cases) {
      const truth = JSON.parse(await readFile(join(dir, `${name}.truth.json`), 'utf8')) as {
        net: number;
        lines: { description: string; quantity: number; unitPrice: number; amount: number }[];
      };
      const sheet = await toSheet(join(dir, `${name}.pdf`));
      const read = readTable(sheet, header, truth.lines.length);
      expect(
        read.items.map(({ description, quantity, unitPrice, amount }) => ({
          description,
          quantity,
          unitPrice,
          amount,
        })),
        name,
      ).toEqual(
        truth.lines.map(({ description, quantity, unitPrice, amount }) => ({
          description,
          quantity,
          unitPrice,
          amount,
        })),
      );
      expect(read.sum, name).toBe(truth.net);
    }
  });
});
