// Reading order of a page set in columns (a two-column paper): find a vertical gutter from the
// x-extents of the page's text lines, then read each run of lines that do not cross it column
// by column, left column first; lines crossing it (a title, a figure or code listing across
// the page) stay where they are. A run is only read by columns when both sides hold running
// text (one segment per line, several words, filling most of its side): the gaps between a
// table's columns, or between code and its comments, are not text columns, and those keep
// their rows.
import { crosses, type Gutter, gutters, least, median, most } from './pdf-gutters.ts';
import type { Line, Segment } from './pdf-lines.ts';

const MIN_LINES_PER_SIDE = 5;

/** A side holds running text: enough lines of several words, one segment each, most of them
 *  filling the side. */
function isRunningText(parts: Segment[][]): boolean {
  if (parts.length < MIN_LINES_PER_SIDE) return false;
  if (median(parts.map((part) => part.length)) > 1) return false;
  if (median(parts.map((part) => part.reduce((sum, segment) => sum + segment.words.length, 0))) < 4)
    return false;
  const left = least(parts.map((part) => part[0]!.x0));
  const right = most(parts.map((part) => part.at(-1)!.x1));
  const widths = parts.map((part) => part.at(-1)!.x1 - part[0]!.x0);
  return median(widths) >= 0.6 * (right - left);
}

interface Block {
  /** Lines that cross the gutter are blocks of their own, read as they are. */
  crossing: boolean;
  lines: Line[];
  left: Line[];
  right: Line[];
}

/** The page cut into runs of lines that do not cross the gutter and single crossing lines. */
function blocksAround(lines: Line[], gutter: Gutter): Block[] {
  const blocks: Block[] = [];
  for (const line of lines) {
    if (line.segments.some((segment) => crosses(segment, gutter))) {
      blocks.push({ crossing: true, lines: [line], left: [], right: [] });
      continue;
    }
    let block = blocks.at(-1);
    if (!block || block.crossing) {
      block = { crossing: false, lines: [], left: [], right: [] };
      blocks.push(block);
    }
    block.lines.push(line);
    const l = line.segments.filter((segment) => segment.x1 <= gutter.x0);
    const r = line.segments.filter((segment) => segment.x0 >= gutter.x1);
    if (l.length > 0) block.left.push({ ...line, segments: l });
    if (r.length > 0) block.right.push({ ...line, segments: r });
  }
  return blocks;
}

function readByColumns(block: Block): boolean {
  return (
    !block.crossing &&
    isRunningText(block.left.map((line) => line.segments)) &&
    isRunningText(block.right.map((line) => line.segments))
  );
}

/** The vertical strip that lets the most lines be read by columns, if any. Most lines of a
 *  page may cross it (a title, authors, figures and listings spanning both columns). */
export function findGutter(lines: Line[]): Gutter | undefined {
  if (lines.length < 2 * MIN_LINES_PER_SIDE) return undefined;
  const size = median(lines.map((line) => line.size));
  let best: Gutter | undefined;
  let bestLines = 0;
  // Strips that at most a fifth, two fifths ... of the lines cross: the higher the bound, the
  // wider the strips and the fewer of them, so each bound may find a candidate the others merge.
  const candidates = [0.2, 0.4, 0.6, 0.8].flatMap((share) =>
    gutters(lines, Math.floor(lines.length * share), Math.max(3, 0.4 * size)),
  );
  for (const gutter of candidates) {
    const read = blocksAround(lines, gutter)
      .filter(readByColumns)
      .reduce((sum, block) => sum + block.lines.length, 0);
    if (read > bestLines) {
      best = gutter;
      bestLines = read;
    }
  }
  return best;
}

/** The page's lines in reading order; a line split by a gutter comes back as its parts. */
export function readingOrder(lines: Line[], depth = 0): Line[] {
  const gutter = depth < 3 ? findGutter(lines) : undefined;
  if (!gutter) return lines;
  return blocksAround(lines, gutter).flatMap((block) =>
    readByColumns(block)
      ? [...readingOrder(block.left, depth + 1), ...readingOrder(block.right, depth + 1)]
      : block.lines,
  );
}
