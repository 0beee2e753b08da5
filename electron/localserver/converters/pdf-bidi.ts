// Reading order of right-to-left text. pdf.js already puts the characters inside each run in
// logical order (and reports the run's direction), but a PDF often places each word of an
// Arabic or Hebrew line as its own run, and those runs sit on the page in visual order, the
// first word rightmost. This applies the Unicode bidi algorithm's reordering rule (UAX #9, L2)
// at the level of positioned words: a string bidi library cannot do this step, because its
// input is a logical string and ours is a set of placed words.

export interface DirectedWord {
  text: string;
  rtl: boolean;
}

type Direction = 'L' | 'R' | 'EN' | 'N';

const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function directionOf(word: DirectedWord): Direction {
  if (word.rtl || RTL_LETTER.test(word.text)) return 'R';
  if (LETTER.test(word.text)) return 'L';
  if (DIGIT.test(word.text)) return 'EN';
  return 'N';
}

/** True when most strongly directed letters are right-to-left (the paragraph direction). */
export function isRightToLeft(words: DirectedWord[]): boolean {
  let rtl = 0;
  let ltr = 0;
  for (const word of words) {
    const direction = directionOf(word);
    if (direction === 'R') rtl += word.text.length;
    else if (direction === 'L') ltr += word.text.length;
  }
  return rtl > ltr;
}

/** Words given left to right as placed on the page, returned in logical (reading) order. */
export function orderForReading<T extends DirectedWord>(visual: T[], rtlBase = isRightToLeft(visual)): T[] {
  const directions = visual.map(directionOf);
  if (!directions.includes('R')) return visual;
  const base = rtlBase ? 1 : 0;
  // Neutrals take the direction of their strong neighbours when both agree (numbers count as
  // right-to-left there, as in rule N1), otherwise the paragraph's.
  const strong = (index: number, step: number): Direction | undefined => {
    for (let at = index + step; at >= 0 && at < directions.length; at += step) {
      const direction = directions[at]!;
      if (direction !== 'N') return direction === 'EN' ? 'R' : direction;
    }
    return undefined;
  };
  const levels = directions.map((direction, index) => {
    let resolved = direction;
    if (direction === 'N') {
      const before = strong(index, -1) ?? (rtlBase ? 'R' : 'L');
      const after = strong(index, 1) ?? (rtlBase ? 'R' : 'L');
      resolved = before === after ? before : rtlBase ? 'R' : 'L';
    }
    if (resolved === 'R') return 1;
    if (resolved === 'EN') return 2;
    return base === 1 ? 2 : 0;
  });
  const order = visual.map((_, index) => index);
  const highest = levels.reduce<number>((high, level) => Math.max(high, level), 0);
  for (let level = highest; level >= 1; level -= 1) {
    let start = -1;
    for (let at = 0; at <= order.length; at += 1) {
      const inRun = at < order.length && levels[order[at]!]! >= level;
      if (inRun && start < 0) start = at;
      if (!inRun && start >= 0) {
        const run = order.slice(start, at).reverse();
        order.splice(start, run.length, ...run);
        start = -1;
      }
    }
  }
  return order.map((index) => visual[index]!);
}
