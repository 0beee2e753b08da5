// The reader's input: a workbook as sheets of rows of typed cells, whatever made it (the local
// server's pdf -> xlsx, the cloud service's, a person's). Pure data, so the reader can be tested
// on workbooks built in memory and needs no file.

export type InvoiceCell =
  | { kind: 'number'; value: number; numFmt?: string }
  | { kind: 'date'; value: Date }
  | { kind: 'string'; value: string };

export interface InvoiceSheet {
  name: string;
  /** rows[r][c]: row r + 1, column c + 1 as Excel counts; a gap is null. */
  rows: (InvoiceCell | null)[][];
}

/** Where a value came from, as a person finds it in the workbook (1-based). */
export interface CellSource {
  sheet: string;
  row: number;
  col: number;
}

/** One non-empty cell with its place, in reading order. */
export interface PlacedCell {
  cell: InvoiceCell;
  source: CellSource;
  /** 0-based index of this cell's row in the whole workbook's row stream. */
  line: number;
  /** 0-based column. */
  col: number;
  /** Text as a person reads it (numbers as written when they were text). */
  text: string;
}

export interface Line {
  index: number;
  cells: PlacedCell[];
  /** The row's cells joined by a tab, for label searches across cells. */
  text: string;
}

function textOf(cell: InvoiceCell): string {
  if (cell.kind === 'string') return cell.value.replace(/\s+/g, ' ').trim();
  if (cell.kind === 'date') return cell.value.toISOString().slice(0, 10);
  return String(cell.value);
}

/** All sheets' rows as one stream of lines (sheets in order, as pages follow each other). */
export function linesOf(sheets: readonly InvoiceSheet[]): Line[] {
  const lines: Line[] = [];
  for (const sheet of sheets) {
    sheet.rows.forEach((row, r) => {
      const cells: PlacedCell[] = [];
      row.forEach((cell, c) => {
        if (!cell) return;
        const text = textOf(cell);
        if (text === '') return;
        cells.push({
          cell,
          source: { sheet: sheet.name, row: r + 1, col: c + 1 },
          line: lines.length,
          col: c,
          text,
        });
      });
      if (cells.length > 0)
        lines.push({ index: lines.length, cells, text: cells.map((cell) => cell.text).join('\t') });
    });
  }
  return lines;
}
