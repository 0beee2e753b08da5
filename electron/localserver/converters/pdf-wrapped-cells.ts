// Cells whose text wraps over several lines, joined back into their row. A description cell
// printed over three lines, with the amounts of its row set on the first line (cells aligned
// to the top) or on the middle one (aligned to the middle, a browser's default), comes out of
// line grouping as one line with values and some lines with text only. Lines set as close as
// wrapped text, with text only in columns where the row has text (not under its numbers),
// belong to that row.
import { parseAmount } from './amount-text.ts';
import { parseDate } from './date-text.ts';

export interface PlacedRow {
  cells: string[];
  y: number;
  /** Placed in the table's columns (not a line that spans them). */
  fitted: boolean;
}

/** A wrapped line sits at most this many font sizes under the line before it. */
const WRAPPED_LINE_GAP = 1.6;

export function isValue(text: string): boolean {
  return Boolean(parseAmount(text, '.') ?? parseAmount(text, ',') ?? parseDate(text, 'dmy'));
}

function hasValue(row: PlacedRow): boolean {
  return row.cells.some((cell) => cell !== '' && isValue(cell));
}

/** Text only, and only in columns where `target` has text or nothing. */
function continues(row: PlacedRow, target: PlacedRow): boolean {
  if (!row.fitted || !target.fitted || hasValue(row) || row.cells.every((cell) => cell === '')) return false;
  return row.cells.every((cell, column) => cell === '' || !isValue(target.cells[column] ?? ''));
}

function merge(rows: PlacedRow[], into: PlacedRow): PlacedRow {
  const width = rows.reduce((width, row) => Math.max(width, row.cells.length), 0);
  const cells = Array.from({ length: width }, (_, column) =>
    rows
      .map((row) => row.cells[column] ?? '')
      .filter((cell) => cell !== '')
      .join(' '),
  );
  return { cells, y: into.y, fitted: true };
}

/** Bands: runs of rows set as close as wrapped text. The widest gap next to a text-only line is
 *  the line pitch inside cells (values set between two wrapped lines give half that). */
function bandsOf(rows: PlacedRow[], size: number): PlacedRow[][] {
  const gaps = rows.slice(1).map((row, index) => row.y - rows[index]!.y);
  const textOnly = (row: PlacedRow) => row.fitted && !hasValue(row);
  const wrapped = gaps.filter(
    (gap, index) =>
      gap > 0 && gap <= WRAPPED_LINE_GAP * size && (textOnly(rows[index]!) || textOnly(rows[index + 1]!)),
  );
  const pitch =
    wrapped.length > 0 ? wrapped.reduce((high, gap) => Math.max(high, gap), 0) : WRAPPED_LINE_GAP * size;
  const bands: PlacedRow[][] = [];
  rows.forEach((row, index) => {
    if (index === 0 || gaps[index - 1]! > pitch * 1.15) bands.push([]);
    bands.at(-1)!.push(row);
  });
  return bands;
}

export function joinWrappedLines(rows: PlacedRow[], size: number): PlacedRow[] {
  const joined: PlacedRow[] = [];
  for (const band of bandsOf(rows, size)) {
    const valueRows = band.filter((row) => row.fitted && hasValue(row));
    if (valueRows.length === 1) {
      // One row of values among wrapped lines: the lines around it, above and below, are its.
      const at = band.indexOf(valueRows[0]!);
      let first = at;
      let last = at;
      while (first > 0 && continues(band[first - 1]!, band[at]!)) first -= 1;
      while (last < band.length - 1 && continues(band[last + 1]!, band[at]!)) last += 1;
      joined.push(
        ...band.slice(0, first),
        merge(band.slice(first, last + 1), band[at]!),
        ...band.slice(last + 1),
      );
      continue;
    }
    // Rows set without space between them: a text-only line continues the row above it.
    for (const row of band) {
      const previous = joined.at(-1);
      if (
        previous &&
        hasValue(previous) &&
        continues(row, previous) &&
        row.y - previous.y <= WRAPPED_LINE_GAP * size
      ) {
        joined[joined.length - 1] = { ...merge([previous, row], previous), y: row.y };
      } else joined.push(row);
    }
  }
  return joined;
}
