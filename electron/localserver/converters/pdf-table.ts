// A page's lines as spreadsheet rows. Runs of lines with several segments form a table whose
// columns are the gutters its lines share (x-strips that at most a fifth of its lines cross:
// a header centred over two columns may); every line of the table is then placed cell by cell
// into those columns, so one column holds one kind of value down the page and can be summed.
// A segment lying across a gutter (pdf.js joined "Qty Unit price") is cut at the word gap
// inside the gutter. Wrapped cell text is joined back into its row (pdf-wrapped-cells.ts).
// Lines outside tables keep their segments left to right from the first column.
import { isRightToLeft } from './pdf-bidi.ts';
import { type Gutter, gutters, least, median, most } from './pdf-gutters.ts';
import {
  type Line,
  lineIsRightToLeft,
  lineTexts,
  type Segment,
  segmentText,
  type Word,
} from './pdf-lines.ts';
import { mendDescription, valueColumns } from './pdf-value-columns.ts';
import { isValue, joinWrappedLines, type PlacedRow } from './pdf-wrapped-cells.ts';

/** Lines further apart than this many font sizes do not belong to one table. */
const TABLE_LINE_GAP = 2.5;
/** Single-segment lines a table may hold in a row between or after its rows (a description
 *  wrapped over several lines); more in a row are running text under the table. */
const MAX_SINGLE_LINES = 6;

function segmentOf(words: Word[]): Segment {
  return {
    words,
    x0: least(words.map((word) => word.x0)),
    x1: most(words.map((word) => word.x1)),
  };
}

/** "Invoice number: INV-0042" is a label and a value: cut after a word ending in a colon. */
export function splitLabels(line: Line): Line {
  const segments = line.segments.flatMap((segment) => {
    const parts: Word[][] = [[]];
    segment.words.forEach((word, index) => {
      // Words are in visual order: a right-to-left label has its value on its left.
      const label = word.text.endsWith(':');
      if (label && word.rtl && index > 0) parts.push([]);
      parts.at(-1)!.push(word);
      if (label && !word.rtl && index < segment.words.length - 1) parts.push([]);
    });
    return parts.length === 1 ? [segment] : parts.map(segmentOf);
  });
  return { ...line, segments };
}

/** Cuts the segment at word gaps inside the gutters it crosses; undefined when a word itself
 *  lies across a gutter (the text spans the columns: not a table line). `header` is set for
 *  lines above the first row with values. */
function cutAtGutters(
  segment: Segment,
  crossed: Gutter[],
  rtl: boolean,
  header: boolean,
): Segment[] | undefined {
  const cuts = new Set<number>();
  for (const gutter of crossed) {
    // The gap must reach into the gutter itself: a word space next to a gutter that a label
    // crosses ("Total due:") is not a column boundary.
    const tolerance = 0.5;
    let best = -1;
    let bestOverlap = -Infinity;
    for (let index = 0; index < segment.words.length - 1; index += 1) {
      const gap = { x0: segment.words[index]!.x1, x1: segment.words[index + 1]!.x0 };
      const overlap = Math.min(gap.x1, gutter.x1 + tolerance) - Math.max(gap.x0, gutter.x0 - tolerance);
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = index;
      }
    }
    if (best < 0 || bestOverlap < 0) return undefined;
    cuts.add(best);
  }
  const parts: Word[][] = [[]];
  segment.words.forEach((word, index) => {
    parts.at(-1)!.push(word);
    if (cuts.has(index)) parts.push([]);
  });
  const pieces = parts.map(segmentOf);
  // Under the header only a value is cut off text ("Widget XL 2" glued to its quantity); text
  // across two columns there is a label or a note, not two cells.
  if (!header) {
    const values = pieces.map((piece) => isValue(segmentText(piece, rtl)));
    if (values.some((value, index) => index > 0 && !value && !values[index - 1])) return undefined;
  }
  return pieces;
}

/** The column a piece of text belongs to. Text is read from where it starts (left-aligned
 *  text starting in a gutter belongs to the column on its right, as a header set at the left
 *  of a column of right-aligned numbers), a value from where it ends (numbers align right). */
function columnOf(piece: { x0: number; x1: number }, value: boolean, columnGutters: Gutter[]): number {
  return value
    ? columnGutters.filter((gutter) => gutter.x1 < piece.x1).length
    : columnGutters.filter((gutter) => gutter.x0 <= piece.x0).length;
}

/** The line's cells in the table's columns, or undefined when it does not fit them: a word
 *  lies across a gutter, or a value or a label shares a column with other text ("Subtotal:
 *  1,319.05" beside the table). */
function fitToColumns(line: Line, columnGutters: Gutter[], header: boolean): string[] | undefined {
  const rtl = lineIsRightToLeft(line);
  const cells: Segment[][] = columnGutters.map(() => []).concat([[]]);
  for (const segment of line.segments) {
    // Reaching into a gutter is fine (a centred header); lying across it is not.
    const crossed = columnGutters.filter((gutter) => segment.x0 < gutter.x0 && segment.x1 > gutter.x1);
    const pieces = crossed.length === 0 ? [segment] : cutAtGutters(segment, crossed, rtl, header);
    if (!pieces) return undefined;
    for (const piece of pieces) {
      cells[columnOf(piece, isValue(segmentText(piece, rtl)), columnGutters)]!.push(piece);
    }
  }
  const texts = cells.map((pieces) => pieces.map((piece) => segmentText(piece, rtl)));
  const label = (text: string) => text.endsWith(':');
  if (texts.some((column) => column.length > 1 && column.some((text) => isValue(text) || label(text))))
    return undefined;
  return texts.map((column) => (rtl ? column.reverse() : column).join(' '));
}

/** A line inside a table that does not fit its columns: each segment goes to the column its
 *  start lies in (its end for a value, as numbers align right), or the next free one. */
function placeByPosition(line: Line, columnGutters: Gutter[]): string[] {
  const rtl = lineIsRightToLeft(line);
  const cells: string[] = [];
  for (const segment of line.segments) {
    const text = segmentText(segment, rtl);
    let column = columnOf(segment, isValue(text), columnGutters);
    while (cells[column]) column += 1;
    cells[column] = text;
  }
  return Array.from(cells, (cell) => cell ?? '');
}

function tableRows(block: Line[]): PlacedRow[] | undefined {
  const multi = block.filter((line) => line.segments.length >= 2);
  if (multi.length < 2) return undefined;
  // The rows with values (the body) decide the columns; a header centred over two columns,
  // or a label spanning them, is then fitted to those.
  const rtl = (line: Line) => lineIsRightToLeft(line);
  const body = multi.filter((line) =>
    line.segments.some((segment) => isValue(segmentText(segment, rtl(line)))),
  );
  // Of those, the rows with (nearly) the most cells are the item rows; a totals block under
  // them has fewer, and its labels would hide the gutters between the item columns.
  const widest = most(body.map((line) => line.segments.length));
  const items = body.filter((line) => line.segments.length >= widest - 1);
  const chosen = items.length >= 2 ? items : body.length >= 2 ? body : multi;
  // A number after words is a cell of its own only in a value column; in the description it
  // is one of its words (pdf-value-columns.ts).
  const inValueColumn = valueColumns(chosen);
  const mended = new Map(chosen.map((line) => [line, mendDescription(line, inValueColumn)]));
  const lines = block.map((line) => mended.get(line) ?? line);
  const candidates = chosen.map((line) => mended.get(line)!);
  const size = median(block.map((line) => line.size));
  // A gutter no row crosses may be narrow (a quantity two points after a description that fills
  // its column; segments only part at a column gap or before a number); one that some
  // rows cross must be clearly wide, or it is the chance alignment of a few labels.
  const columnGutters = gutters(candidates, Math.floor(candidates.length * 0.2), 0, inValueColumn).filter(
    (gutter) => gutter.crossing === 0 || gutter.x1 - gutter.x0 >= 0.5 * size,
  );
  if (columnGutters.length === 0) return undefined;
  const rows: PlacedRow[] = [];
  let header = true;
  for (const line of lines) {
    const cells = fitToColumns(line, columnGutters, header);
    if (cells?.some((cell) => cell !== '' && isValue(cell))) header = false;
    rows.push(
      cells
        ? { cells, y: line.y, fitted: true }
        : { cells: placeByPosition(line, columnGutters), y: line.y, fitted: false },
    );
  }
  const joined = joinWrappedLines(rows, size);
  // A right-to-left table is read from its rightmost column: that one becomes the first, as
  // the sheet is shown right to left (see pdf-xlsx.ts).
  if (!isRightToLeft(block.flatMap((line) => line.segments.flatMap((segment) => segment.words))))
    return joined;
  const width = columnGutters.length + 1;
  return joined.map((row) => ({
    ...row,
    cells: Array.from(
      { length: Math.max(width, row.cells.length) },
      (_, column) => row.cells[column] ?? '',
    ).reverse(),
  }));
}

/** Groups lines into candidate tables: lines with several segments, close together, with a
 *  few single-segment lines at most between or after them. */
function blocksOf(lines: Line[]): Line[][] {
  const blocks: Line[][] = [];
  let block: Line[] = [];
  let singles: Line[] = [];
  const close = () => {
    if (block.length > 0) blocks.push([...block, ...singles]);
    else for (const single of singles) blocks.push([single]);
    block = [];
    singles = [];
  };
  for (const line of lines) {
    const previous = singles.at(-1) ?? block.at(-1);
    // Vertical text comes after the page's lines (its y starts over): it is never part of a table.
    const apart =
      previous &&
      (line.y < previous.y || line.y - previous.y > TABLE_LINE_GAP * Math.max(line.size, previous.size));
    if (apart) close();
    if (line.segments.length >= 2) {
      if (block.length === 0) close();
      block.push(...singles, line);
      singles = [];
    } else if (block.length > 0 && singles.length < MAX_SINGLE_LINES) singles.push(line);
    else {
      close();
      blocks.push([line]);
    }
  }
  close();
  return blocks;
}

/** The page as rows of cell texts ('' for an empty cell). */
export function sheetRows(lines: Line[]): string[][] {
  const rows: string[][] = [];
  for (const block of blocksOf(lines.map(splitLabels))) {
    const table = tableRows(block);
    if (table) rows.push(...table.map((row) => row.cells));
    else rows.push(...block.map(lineTexts));
  }
  return rows;
}
