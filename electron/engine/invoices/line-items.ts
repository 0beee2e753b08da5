// The line-item table: a header row naming at least two columns (description, quantity, unit
// price, amount, tax rate) and the rows below it up to the totals. Each row's numbers are
// assigned by its columns when the workbook keeps them (cells placed by x-position), else by
// arithmetic: the two numbers whose product is a third are quantity x unit price = amount.
// A repeated header, a page footer or a "carried forward" row at a page break is passed over.
import type { InvoiceLineRead } from '../../../shared/invoices.ts';
import type { Line, PlacedCell } from './cells.ts';
import { plain } from './dates.ts';
import { type CellAmount, cellAmounts, empty, field, type InvoiceDocument } from './document.ts';
import { CARRIED, COLUMN_LABELS, type ColumnKind, TOTAL_LABELS } from './labels.ts';

export interface LineTable {
  header: Line;
  /** Header column of each kind, when a header cell names exactly one kind. */
  columns: Partial<Record<ColumnKind, number>>;
  kinds: Set<ColumnKind>;
  /** Index of the first line after the table (the totals start here). */
  end: number;
  lines: InvoiceLineRead[];
  /** Rows inside the table that looked like items but did not add up. */
  doubtful: number;
}

const PRIORITY: ColumnKind[] = ['taxRate', 'quantity', 'unitPrice', 'amount', 'description'];
const UNIT_WORDS = /(?:unit|einzel|stuck|prix u|p\.?u\.?|stuk|eenheid|unitario)/;

function kindsOfCell(cell: PlacedCell): ColumnKind[] {
  if (cell.cell.kind !== 'string' || /\d{2}/.test(cell.text)) return [];
  const text = plain(cell.text);
  const kinds = PRIORITY.filter((kind) => COLUMN_LABELS[kind].test(text));
  // "Unit price" names a price, not the line's amount, though it may say "total" nowhere.
  if (kinds.includes('unitPrice') && kinds.includes('amount') && UNIT_WORDS.test(text))
    return kinds.filter((kind) => kind !== 'amount');
  return kinds;
}

function headerOf(
  line: Line,
): { kinds: Set<ColumnKind>; columns: Partial<Record<ColumnKind, number>> } | null {
  const kinds = new Set<ColumnKind>();
  const columns: Partial<Record<ColumnKind, number>> = {};
  for (const cell of line.cells) {
    const found = kindsOfCell(cell);
    for (const kind of found) kinds.add(kind);
    const [first] = found;
    if (first && columns[first] === undefined) columns[first] = cell.col;
  }
  const numeric = ['quantity', 'unitPrice', 'amount'].filter((kind) => kinds.has(kind as ColumnKind));
  return kinds.size >= 3 || (kinds.size >= 2 && numeric.length >= 1 && kinds.has('description'))
    ? { kinds, columns }
    : null;
}

export function isTotalsLine(doc: InvoiceDocument, line: Line): boolean {
  const label = labelTextOf(doc, line);
  return label !== '' && TOTAL_LABELS.some((entry) => entry.pattern.test(label));
}

/** The words of a line before its first amount (its label, if it has one). */
export function labelTextOf(doc: InvoiceDocument, line: Line): string {
  const words: string[] = [];
  for (const cell of line.cells) {
    if (cell.cell.kind !== 'string') break;
    // "zzgl. 19 % MwSt.": a rate inside the label is part of it.
    const first = cellAmounts(cell, doc.mark).find((amount) => !amount.percent);
    if (first) {
      words.push(cell.text.slice(0, first.start));
      break;
    }
    words.push(cell.text);
  }
  return plain(words.join(' ')).replace(/\s+/g, ' ').trim();
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= 0.011 + Math.abs(b) * 1e-6;

function descriptionCell(line: Line, column: number | undefined): PlacedCell | undefined {
  const texts = line.cells.filter((cell) => cell.cell.kind === 'string' && /\p{L}{2}/u.test(cell.text));
  if (column !== undefined) {
    const atColumn = texts.find((cell) => cell.col === column);
    if (atColumn) return atColumn;
  }
  return texts.sort((a, b) => b.text.length - a.text.length)[0];
}

function readRow(doc: InvoiceDocument, line: Line, table: Omit<LineTable, 'lines' | 'end' | 'doubtful'>) {
  const description = descriptionCell(line, table.columns.description);
  if (!description) return null;
  const found: CellAmount[] = [];
  for (const cell of line.cells) {
    if (cell === description) continue;
    found.push(...cellAmounts(cell, doc.mark));
  }
  const rates = found.filter((amount) => amount.percent);
  const numbers = found.filter((amount) => !amount.percent);
  if (numbers.length === 0) return null;
  const out: InvoiceLineRead = {
    description: field(description.text, description.source, 0.9),
    quantity: empty(),
    unitPrice: empty(),
    amount: empty(),
    taxRate: rates[0] ? field(rates[0].value, rates[0].source, 0.9) : empty(),
  };
  const byColumn = (kind: ColumnKind): CellAmount | undefined =>
    table.columns[kind] === undefined
      ? undefined
      : found.find((amount) => amount.col === table.columns[kind]);
  // First the arithmetic: qty x price = amount settles which number is which.
  for (let m = numbers.length - 1; m >= 0; m -= 1) {
    for (let i = 0; i < numbers.length; i += 1) {
      for (let j = i + 1; j < numbers.length; j += 1) {
        if (i === m || j === m) continue;
        const [a, b, total] = [numbers[i]!, numbers[j]!, numbers[m]!];
        if (!near(a.value * b.value, total.value)) continue;
        out.quantity = field(a.value, a.source, 0.95);
        out.unitPrice = field(b.value, b.source, 0.95);
        out.amount = field(total.value, total.source, 0.95);
        const rest = numbers.filter((_, k) => k !== i && k !== j && k !== m);
        const rate =
          byColumn('taxRate') ??
          (table.kinds.has('taxRate') ? rest.find((n) => n.value >= 0 && n.value <= 30) : undefined);
        if (!out.taxRate.value && rate) out.taxRate = field(rate.value, rate.source, 0.85);
        return { line: out, checked: true };
      }
    }
  }
  // No product: trust the columns if the workbook has them, else only the amount (last number).
  const amount = byColumn('amount') ?? numbers.at(-1)!;
  out.amount = field(amount.value, amount.source, 0.8);
  const quantity = byColumn('quantity');
  if (quantity && quantity !== amount) out.quantity = field(quantity.value, quantity.source, 0.7);
  const unit = byColumn('unitPrice');
  if (unit && unit !== amount) out.unitPrice = field(unit.value, unit.source, 0.7);
  const rate = byColumn('taxRate');
  if (!out.taxRate.value && rate && rate !== amount) out.taxRate = field(rate.value, rate.source, 0.7);
  // One number with a quantity column of its own would be a row we cannot place.
  return { line: out, checked: numbers.length === 1 && !table.kinds.has('quantity') };
}

export function lineTableOf(doc: InvoiceDocument): LineTable | null {
  // A header names several columns; "VAT %" or "Montant HT" among them does not make it a
  // totals line.
  const headerLine = doc.lines.find((line) => {
    const header = headerOf(line);
    return header && (header.kinds.size >= 3 || !isTotalsLine(doc, line));
  });
  if (!headerLine) return null;
  const header = headerOf(headerLine)!;
  const table = { header: headerLine, ...header };
  const lines: InvoiceLineRead[] = [];
  let doubtful = 0;
  let end = doc.lines.length;
  for (const line of doc.lines.slice(headerLine.index + 1)) {
    if (headerOf(line)) continue;
    const text = doc.plainLines[line.index]!;
    if (CARRIED.test(text)) continue;
    if (isTotalsLine(doc, line)) {
      end = line.index;
      break;
    }
    const row = readRow(doc, line, table);
    if (!row) continue;
    lines.push(row.line);
    if (!row.checked) doubtful += 1;
  }
  return { ...table, end, lines, doubtful };
}
