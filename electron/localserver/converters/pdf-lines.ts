// Text runs -> visual lines -> words -> segments. A line is the runs sharing a baseline (within
// half a font size, so superscripts stay on their line); a segment is the words of a line that
// sit closer than a column gap, the unit later placed into a column or cell. Positions of the
// words inside one pdf.js run are estimated (pdf.js only reports a run's whole width), which
// is what lets a header like "Qty Unit price", that pdf.js hands over as one run, be cut
// between its columns later.
import { isRightToLeft, orderForReading } from './pdf-bidi.ts';
import type { TextRun } from './pdf-read.ts';

export interface Word {
  text: string;
  x0: number;
  x1: number;
  size: number;
  rtl: boolean;
  /** The run the word came from; words of one run were written with a space between them. */
  run: number;
}

export interface Segment {
  /** Words in visual order (left to right on the page). */
  words: Word[];
  x0: number;
  x1: number;
}

export interface Line {
  y: number;
  size: number;
  segments: Segment[];
}

/** A horizontal gap wider than this many font sizes ends a segment. */
export const SEGMENT_GAP = 0.8;

// Relative advance widths of character classes in a proportional Latin font, only used to
// share a run's known width among its words; the run's ends stay exact.
function advance(char: string): number {
  if (char === ' ') return 0.3;
  if (/[ijlI.,:;|!'`]/.test(char)) return 0.28;
  if (/[frt()[\]{}"/-]/.test(char)) return 0.38;
  if (/[mwMW%@]/.test(char)) return 0.85;
  if (/[A-Z]/.test(char)) return 0.68;
  if (/[0-9]/.test(char)) return 0.56;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(char)) return 1;
  return 0.52;
}

function textWidth(text: string): number {
  let sum = 0;
  for (const char of text) sum += advance(char);
  return sum;
}

/** Splits a run into words with estimated extents; right-to-left runs are laid out from the right. */
export function wordsOf(run: TextRun, index: number): Word[] {
  const parts = run.str.split(/\s+/).filter((part) => part !== '');
  const total = textWidth(run.str.trim()) || 1;
  const scale = run.width / total;
  const words: Word[] = [];
  let offset = 0;
  const trimmed = run.str.trim();
  let cursor = 0;
  for (const part of parts) {
    const at = trimmed.indexOf(part, cursor);
    offset = textWidth(trimmed.slice(0, at)) * scale;
    const width = textWidth(part) * scale;
    cursor = at + part.length;
    const [x0, x1] = run.rtl
      ? [run.x + run.width - offset - width, run.x + run.width - offset]
      : [run.x + offset, run.x + offset + width];
    words.push({ text: part, x0, x1, size: run.size, rtl: run.rtl, run: index });
  }
  return words;
}

/** How far two baselines may be apart on one line: half the smaller font size, or when the
 *  smaller text is a short run (a footnote mark, an exponent) up to half the larger size. */
function tolerance(line: { size: number; chars: number }, run: TextRun): number {
  const [small, large] = run.size < line.size ? [run.size, line.size] : [line.size, run.size];
  const smallChars = run.size < line.size ? run.str.trim().length : line.chars;
  return (small < large * 0.8 && smallChars <= 4 ? large : small) * 0.5;
}

type LineGroup = { y: number; size: number; chars: number; words: Word[] };

/** The line a run joins. Runs arrive sorted by baseline, so only the last few lines can take
 *  it: the search stops well above the run (a page of many thousand runs stays linear). */
function lineFor(groups: LineGroup[], run: TextRun): LineGroup | undefined {
  for (let at = groups.length - 1; at >= 0; at -= 1) {
    const candidate = groups[at]!;
    if (Math.abs(candidate.y - run.y) < tolerance(candidate, run)) return candidate;
    if (run.y - candidate.y > 3 * Math.max(candidate.size, run.size)) return undefined;
  }
  return undefined;
}

/** Groups horizontal runs into lines, top to bottom. */
export function linesOf(runs: TextRun[]): Line[] {
  const horizontal = runs.filter((run) => !run.vertical);
  const order = horizontal
    .map((run, index) => ({ run, index }))
    .sort((p, q) => p.run.y - q.run.y || p.run.x - q.run.x);
  const groups: LineGroup[] = [];
  for (const { run, index } of order) {
    const group = lineFor(groups, run);
    const words = wordsOf(run, index);
    if (group) {
      group.words.push(...words);
      group.chars += run.str.trim().length;
      if (run.size > group.size) {
        group.size = run.size;
        group.y = run.y;
      }
    } else groups.push({ y: run.y, size: run.size, chars: run.str.trim().length, words });
  }
  groups.sort((p, q) => p.y - q.y);
  const lines = groups.map((group) => ({ y: group.y, size: group.size, segments: segmentsOf(group.words) }));
  return [...lines, ...verticalLines(runs.filter((run) => run.vertical))];
}

// Vertical (top-to-bottom CJK) and rotated text: each run is read as its own line, columns
// right to left as vertical CJK is read.
function verticalLines(runs: TextRun[]): Line[] {
  return [...runs]
    .sort((p, q) => q.x - p.x || p.y - q.y)
    .map((run) => {
      const word: Word = {
        text: run.str.trim(),
        x0: run.x,
        x1: run.x + run.size,
        size: run.size,
        rtl: false,
        run: -1,
      };
      return { y: run.y, size: run.size, segments: [{ words: [word], x0: word.x0, x1: word.x1 }] };
    });
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** A word of text (letters, not a currency code) and a number placed after it. */
export function isTextThenValue(previous: Word, word: Word): boolean {
  return /\p{L}/u.test(previous.text) && !CURRENCY_CODE.test(previous.text) && isValueWord(word.text);
}

/** A number placed on its own after words (a quantity right after a description that fills
 *  its column) starts a new segment even when the gap is narrow. Not inside right-to-left
 *  text, where pdf.js splits runs wherever the direction changes. */
function valueAfterText(previous: Word, word: Word, gap: number): boolean {
  return gap > 0.15 * word.size && !previous.rtl && !word.rtl && isTextThenValue(previous, word);
}

function segmentsOf(words: Word[]): Segment[] {
  words.sort((p, q) => p.x0 - q.x0);
  const segments: Segment[] = [];
  for (const word of words) {
    const last = segments.at(-1);
    const previous = last?.words.at(-1);
    const gap = previous ? word.x0 - previous.x1 : Number.POSITIVE_INFINITY;
    const sameRun = previous?.run === word.run && word.run >= 0;
    const near = previous && gap < SEGMENT_GAP * Math.max(word.size, previous.size);
    if (last && previous && (sameRun || (near && !valueAfterText(previous, word, gap)))) {
      last.words.push(word);
      last.x1 = Math.max(last.x1, word.x1);
    } else segments.push({ words: [word], x0: word.x0, x1: word.x1 });
  }
  return segments.flatMap(splitValueRuns);
}

// A number, amount, percentage or date: two such words side by side are two values (pdf.js
// joins close right-aligned columns into one run: "0.00 15.00%").
const VALUE = /^[-−(+]?[$€£¥₹]?\d(?:[\d.,'’]*\d)?(?:%|\)|-)?$|^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/u;
const PLAIN_INTEGER = /^\d+$/;
const GROUP_HEAD = /^[-−(]?[$€£¥₹]?\d{1,3}$/u;
const GROUP_TAIL = /^\d{3}(?:[.,]\d+)?(?:%|\)|-)?$/u;

export function isValueWord(text: string): boolean {
  return VALUE.test(text);
}

/** Cuts a segment between two neighbouring values, except where the space is a thousands
 *  separator ("1 234,56") or the words are a reference written in groups ("4567 89"). */
function splitValueRuns(segment: Segment): Segment[] {
  const parts: Word[][] = [[]];
  segment.words.forEach((word, index) => {
    const previous = segment.words[index - 1];
    const cut =
      previous &&
      isValueWord(previous.text) &&
      isValueWord(word.text) &&
      !(PLAIN_INTEGER.test(previous.text) && PLAIN_INTEGER.test(word.text)) &&
      !(
        GROUP_HEAD.test(previous.text) &&
        GROUP_TAIL.test(word.text) &&
        word.x0 - previous.x1 < 0.4 * word.size
      );
    if (cut) parts.push([]);
    parts.at(-1)!.push(word);
  });
  return parts.map((words) => ({
    words,
    x0: words[0]!.x0,
    x1: words.reduce((end, word) => Math.max(end, word.x1), Number.NEGATIVE_INFINITY),
  }));
}

/** The segment's text in reading order: words of one run joined by a space, other words by
 *  a space when a visible gap separates them. */
export function segmentText(segment: Segment, rtlBase?: boolean): string {
  const ordered = orderForReading(segment.words, rtlBase);
  let text = '';
  ordered.forEach((word, index) => {
    const previous = ordered[index - 1];
    if (previous) {
      const gap = Math.max(word.x0 - previous.x1, previous.x0 - word.x1);
      if (previous.run === word.run || gap > 0.15 * word.size) text += ' ';
    }
    text += word.text;
  });
  return text;
}

/** Segments of a line in reading order (right to left when the line is right-to-left text). */
export function lineIsRightToLeft(line: Line): boolean {
  return isRightToLeft(line.segments.flatMap((segment) => segment.words));
}

/** The texts of a line's segments in reading order (right to left in a right-to-left line). */
export function lineTexts(line: Line): string[] {
  const rtl = lineIsRightToLeft(line);
  const texts = line.segments.map((segment) => segmentText(segment, rtl));
  return rtl ? texts.reverse() : texts;
}

/** The line as text: segments apart by a column gap are separated by a tab, closer ones (a
 *  number set right after a word) by a space. */
export function lineText(line: Line): string {
  const rtl = lineIsRightToLeft(line);
  const parts: string[] = [];
  line.segments.forEach((segment, index) => {
    const previous = line.segments[index - 1];
    if (previous) {
      const gap = segment.x0 - previous.x1;
      parts.push(
        gap >= SEGMENT_GAP * Math.max(segment.words[0]!.size, previous.words.at(-1)!.size) ? '\t' : ' ',
      );
    }
    parts.push(segmentText(segment, rtl));
  });
  return (rtl ? parts.reverse() : parts).join('');
}
