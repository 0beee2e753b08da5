// Draws a table as a grid: ruled cells, the header row shaded (and repeated on each new page),
// text wrapped inside its cell, columns as wide as their content allows.
import { grayscale } from 'pdf-lib';
import type { PageCursor } from './text-pdf-layout.ts';
import type { Align, Typesetter } from './typesetter.ts';

export interface TableBlock {
  kind: 'table';
  /** The first row is the header. */
  rows: string[][];
  align?: (Align | null)[];
  size: number;
  spaceBefore: number;
  indent?: number;
}

const PAD = 4;

/** Column widths: each column's natural width when all fit; otherwise the room above each
 *  column's longest word is shared in proportion to what the column would like. */
function columnWidths(setter: Typesetter, rows: string[][], size: number, room: number): number[] {
  const columns = Math.max(...rows.map((row) => row.length));
  const natural = Array.from({ length: columns }, () => 2 * PAD);
  const least = Array.from({ length: columns }, () => 2 * PAD);
  for (const row of rows) {
    row.forEach((cell, column) => {
      natural[column] = Math.max(natural[column]!, setter.width(cell, size) + 2 * PAD);
      for (const word of cell.split(/\s+/))
        least[column] = Math.max(
          least[column]!,
          Math.min(setter.width(word, size) + 2 * PAD, room / columns),
        );
    });
  }
  const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);
  if (sum(natural) <= room) return natural;
  if (sum(least) >= room) return least.map(() => room / columns);
  const spare = room - sum(least);
  const wish = sum(natural) - sum(least);
  return least.map((width, column) => width + (spare * (natural[column]! - width)) / wish);
}

export function drawTable(
  cursor: PageCursor,
  setter: Typesetter,
  table: TableBlock,
  x: number,
  room: number,
) {
  const columns = Math.max(...table.rows.map((row) => row.length));
  const rows = table.rows.map((row) => Array.from({ length: columns }, (_, column) => row[column] ?? ''));
  const widths = columnWidths(setter, rows, table.size, room);
  const lineHeight = table.size * 1.4;
  const drawRow = (row: string[], header: boolean) => {
    const lines = row.map((cell, column) => setter.wrap(cell, table.size, widths[column]! - 2 * PAD));
    const height = Math.max(...lines.map((cellLines) => cellLines.length)) * lineHeight + 2 * PAD;
    const fresh = cursor.advance(height);
    if (fresh && !header && rows.length > 1) {
      // The header again at the top of the new page, then this row below it.
      cursor.y += height;
      drawRow(rows[0]!, true);
      cursor.advance(height);
    }
    let left = x;
    lines.forEach((cellLines, column) => {
      const width = widths[column]!;
      cursor.page.drawRectangle({
        x: left,
        y: cursor.y,
        width,
        height,
        borderColor: grayscale(0.35),
        borderWidth: 0.6,
        ...(header ? { color: grayscale(0.9) } : {}),
      });
      cellLines.forEach((line, index) => {
        if (!line) return;
        setter.draw(cursor.page, line, {
          x: left + PAD,
          y: cursor.y + height - PAD - (index + 1) * lineHeight + table.size * 0.3,
          size: table.size,
          box: width - 2 * PAD,
          align: table.align?.[column] ?? undefined,
        });
      });
      left += width;
    });
  };
  rows.forEach((row, index) => {
    drawRow(row, index === 0);
  });
}
