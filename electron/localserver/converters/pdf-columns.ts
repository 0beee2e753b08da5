// Reading order of a page set in columns (a two-column paper): find a vertical gutter from the
// x-extents of the page's text lines, then read the lines that do not cross it column by
// column, left column first; lines crossing it (a title, a figure caption across the page)
// stay where they are. A gutter only counts when both sides hold running text (one segment per
// line that fills most of its side): the gaps between a table's columns are not text columns
// and a table keeps its rows.
import { crosses, type Gutter, gutters, median } from './pdf-gutters.ts';
import type { Line, Segment } from './pdf-lines.ts';

const MIN_LINES_PER_SIDE = 5;

/** A side holds running text: enough lines of several words, one segment each, most of them
 *  filling the side. */
function isRunningText(parts: Segment[][]): boolean {
  if (parts.length < MIN_LINES_PER_SIDE) return false;
  if (median(parts.map((part) => part.length)) > 1) return false;
  if (median(parts.map((part) => part.reduce((sum, segment) => sum + segment.words.length, 0))) < 4)
    return false;
  const left = Math.min(...parts.map((part) => part[0]!.x0));
  const right = Math.max(...parts.map((part) => part.at(-1)!.x1));
  const widths = parts.map((part) => part.at(-1)!.x1 - part[0]!.x0);
  return median(widths) >= 0.6 * (right - left);
}

function sides(lines: Line[], gutter: Gutter): { left: Segment[][]; right: Segment[][] } {
  const left: Segment[][] = [];
  const right: Segment[][] = [];
  for (const line of lines) {
    if (line.segments.some((segment) => crosses(segment, gutter))) continue;
    const l = line.segments.filter((segment) => segment.x1 <= gutter.x0);
    const r = line.segments.filter((segment) => segment.x0 >= gutter.x1);
    if (l.length > 0) left.push(l);
    if (r.length > 0) right.push(r);
  }
  return { left, right };
}

/** The low-coverage vertical strip with running text on both sides that the fewest lines
 *  cross (the widest of those), if any. Up to 40% of the lines may cross it: a title, authors
 *  and captions spanning both columns. */
export function findGutter(lines: Line[]): Gutter | undefined {
  if (lines.length < 2 * MIN_LINES_PER_SIDE) return undefined;
  const size = median(lines.map((line) => line.size));
  let best: Gutter | undefined;
  for (const gutter of gutters(lines, Math.floor(lines.length * 0.4), Math.max(3, 0.4 * size))) {
    const better =
      !best ||
      gutter.crossing < best.crossing ||
      (gutter.crossing === best.crossing && gutter.x1 - gutter.x0 > best.x1 - best.x0);
    if (!better) continue;
    const { left, right } = sides(lines, gutter);
    if (isRunningText(left) && isRunningText(right)) best = gutter;
  }
  return best;
}

/** The page's lines in reading order; a line split by a gutter comes back as its parts. */
export function readingOrder(lines: Line[], depth = 0): Line[] {
  const gutter = depth < 3 ? findGutter(lines) : undefined;
  if (!gutter) return lines;
  const ordered: Line[] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const flush = () => {
    ordered.push(...readingOrder(left, depth + 1), ...readingOrder(right, depth + 1));
    left = [];
    right = [];
  };
  for (const line of lines) {
    if (line.segments.some((segment) => crosses(segment, gutter))) {
      flush();
      ordered.push(line);
      continue;
    }
    const l = line.segments.filter((segment) => segment.x1 <= gutter.x0);
    const r = line.segments.filter((segment) => segment.x0 >= gutter.x1);
    if (l.length > 0) left.push({ ...line, segments: l });
    if (r.length > 0) right.push({ ...line, segments: r });
  }
  flush();
  return ordered;
}
