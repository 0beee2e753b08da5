// Vertical gutters of a set of text lines: x-strips that few lines cross, found from how many
// lines cover each point across the page. Used for the columns of a page set in columns and
// for the columns of a table.
import type { Line, Segment } from './pdf-lines.ts';
import { type Extent, trailingNumbers } from './pdf-value-columns.ts';

export interface Gutter {
  x0: number;
  x1: number;
  /** How many lines cross the gutter. */
  crossing: number;
}

export function crosses(segment: { x0: number; x1: number }, gutter: { x0: number; x1: number }): boolean {
  return segment.x0 < gutter.x1 && segment.x1 > gutter.x0;
}

/** What a segment covers: all of it, except the gap before the numbers that end it when
 *  `carve` says they stand in a column of their own, as in one pdf.js run "Steckdosenleiste
 *  mit Schalter 1" where the quantity's column starts. */
function coveringParts(segment: Segment, carve: (number: Extent) => boolean): Extent[] {
  const first = trailingNumbers(segment);
  if (first < 0) return [segment];
  const words = segment.words;
  const number = { x0: words[first]!.x0, x1: segment.x1 };
  if (!carve(number)) return [segment];
  return [{ x0: segment.x0, x1: words[first - 1]!.x1 }, number];
}

// Reduce instead of Math.min(...values): a crowded page can hold more values than a call
// takes arguments.
export function least(values: number[]): number {
  return values.reduce((low, value) => Math.min(low, value), Number.POSITIVE_INFINITY);
}

export function most(values: number[]): number {
  return values.reduce((high, value) => Math.max(high, value), Number.NEGATIVE_INFINITY);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Strips, left to right, that at most `allowed` lines cross, with text on both sides and at
 *  least `minWidth` wide. A strip is its core: the points the fewest lines cross. Numbers that
 *  end a segment leave the gap before them open where `carve` says so (always, unless told). */
export function gutters(
  lines: Line[],
  allowed: number,
  minWidth: number,
  carve: (number: Extent) => boolean = () => true,
): Gutter[] {
  const segments: Segment[] = lines.flatMap((line) => line.segments);
  if (segments.length === 0) return [];
  const start = Math.floor(least(segments.map((segment) => segment.x0)));
  const end = Math.ceil(most(segments.map((segment) => segment.x1)));
  const coverage = new Array<number>(end - start + 1).fill(0);
  for (const line of lines) {
    const covered = new Set<number>();
    for (const part of line.segments.flatMap((segment) => coveringParts(segment, carve))) {
      for (let x = Math.ceil(part.x0); x < part.x1; x += 1) covered.add(x - start);
    }
    for (const bin of covered) coverage[bin] = (coverage[bin] ?? 0) + 1;
  }
  const found: Gutter[] = [];
  for (let at = 0; at < coverage.length; ) {
    if (coverage[at]! > allowed) {
      at += 1;
      continue;
    }
    let stop = at;
    while (stop < coverage.length && coverage[stop]! <= allowed) stop += 1;
    if (at > 0 && stop < coverage.length) {
      const low = least(coverage.slice(at, stop));
      let coreStart = at;
      while (coverage[coreStart]! > low) coreStart += 1;
      let coreStop = coreStart;
      while (coreStop < stop && coverage[coreStop]! === low) coreStop += 1;
      // No line but the crossing ones covers a point from coreStart to coreStop - 1, so every
      // other segment ends at or before the first and starts after the last.
      const gutter = { x0: start + coreStart, x1: start + coreStop - 1, crossing: low };
      if (gutter.x1 - gutter.x0 >= minWidth) found.push(gutter);
    }
    at = stop;
  }
  return found;
}
