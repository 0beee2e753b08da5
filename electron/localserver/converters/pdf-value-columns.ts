// Which numbers of a table's item rows are cells of a value column (quantity, unit price,
// amount, VAT rate) and which are words of a description ("Paper (box of 10)", "Cups, carton
// 6"). The text's shape cannot tell: both are a number after words. Their place can: a value
// column is an x band the numbers of most item rows share (right-aligned, left-aligned or
// centred, their extents overlap), while a number inside a description sits where no other
// row has a number, or where another row's description runs. Line grouping (pdf-lines.ts)
// proposes a cut before every number set after words; for item rows this module keeps the cut
// only for a number in a value column, and joins the rest back into the description.
import {
  isTextThenValue,
  isValueWord,
  type Line,
  lineIsRightToLeft,
  SEGMENT_GAP,
  type Segment,
  segmentText,
} from './pdf-lines.ts';
import { isValue } from './pdf-wrapped-cells.ts';

export interface Extent {
  x0: number;
  x1: number;
}

/** Says whether a number at this extent stands in one of the table's value columns. */
export type ValueColumnTest = (number: Extent) => boolean;

/** Where the numbers that end a text segment start ("Steckdosenleiste mit Schalter 1", one
 *  pdf.js run): the index of the first of them, or -1 when the segment does not end so. */
export function trailingNumbers(segment: Segment): number {
  const words = segment.words;
  let first = words.length;
  while (first > 0 && isValueWord(words[first - 1]!.text)) first -= 1;
  if (first === 0 || first === words.length || !isTextThenValue(words[first - 1]!, words[first]!)) return -1;
  return first;
}

function extentOf(segment: Segment, from: number, to: number): Extent {
  const words = segment.words.slice(from, to);
  return {
    x0: words.reduce((low, word) => Math.min(low, word.x0), Number.POSITIVE_INFINITY),
    x1: words.reduce((high, word) => Math.max(high, word.x1), Number.NEGATIVE_INFINITY),
  };
}

function overlaps(p: Extent, q: Extent): boolean {
  return Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 0;
}

/** A row's numbers (value segments, and numbers ending a text segment) and its text. */
function partsOf(line: Line): { numbers: Extent[]; texts: Extent[] } {
  const rtl = lineIsRightToLeft(line);
  const numbers: Extent[] = [];
  const texts: Extent[] = [];
  for (const segment of line.segments) {
    if (isValue(segmentText(segment, rtl))) {
      numbers.push(segment);
      continue;
    }
    const first = trailingNumbers(segment);
    if (first < 0) texts.push(segment);
    else {
      texts.push(extentOf(segment, 0, first));
      numbers.push(extentOf(segment, first, segment.words.length));
    }
  }
  return { numbers, texts };
}

/** The value-column test of a table, from its item rows: a number is in a value column when the
 *  numbers of at least half of the rows (and of two at least) overlap it, and no row's text
 *  does. */
export function valueColumns(items: Line[]): ValueColumnTest {
  const rows = items.map(partsOf);
  const needed = Math.max(2, Math.ceil(rows.length / 2));
  return (number) => {
    let sharing = 0;
    for (const row of rows) {
      if (row.texts.some((text) => overlaps(text, number))) return false;
      if (row.numbers.some((other) => overlaps(other, number))) sharing += 1;
    }
    return sharing >= needed;
  };
}

function joined(left: Segment, right: Segment): Segment {
  return { words: [...left.words, ...right.words], x0: left.x0, x1: Math.max(left.x1, right.x1) };
}

/** An item row with its description made whole again: a number set close after words that is
 *  not in a value column ("(box of" | "10)"), and text cut off a label inside the description
 *  ("Retour:" | "koffiebekers 250 ml"), are joined to the words before them. */
export function mendDescription(line: Line, inValueColumn: ValueColumnTest): Line {
  const rtl = lineIsRightToLeft(line);
  // A row without a value is not an item row (the rows a table's columns are found from may
  // be labelled lines when it has no values at all).
  if (!line.segments.some((segment) => isValue(segmentText(segment, rtl)))) return line;
  const segments: Segment[] = [];
  for (const segment of line.segments) {
    const previous = segments.at(-1);
    const last = previous?.words.at(-1);
    const first = segment.words[0]!;
    const near =
      previous !== undefined &&
      last !== undefined &&
      !last.rtl &&
      !first.rtl &&
      segment.x0 - previous.x1 < SEGMENT_GAP * Math.max(first.size, last.size);
    const strayNumber = near && isTextThenValue(last, first) && !inValueColumn(first);
    // Only the row's first cell: a label further right ("page: 1/1") is a form's label.
    const labelled =
      near && segments.length === 1 && last.text.endsWith(':') && !isValue(segmentText(segment, rtl));
    if (previous && (strayNumber || labelled)) segments[segments.length - 1] = joined(previous, segment);
    else segments.push(segment);
  }
  return segments.length === line.segments.length ? line : { ...line, segments };
}
