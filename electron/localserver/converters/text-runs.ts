// Cuts a line of text into runs that one font draws, in the order they appear on the page.
// Right-to-left text follows the Unicode Bidirectional Algorithm (bidi-js, a complete UBA
// implementation); shaping (Arabic joining forms, Indic reordering) is fontkit's, in
// typesetter.ts. fontkit also reverses the glyphs of a run whose script is right-to-left, so a
// Hebrew or Arabic run is handed over in logical order.
import bidiModule, { type Bidi } from 'bidi-js';
import { COMMON, type FaceChooser, INVISIBLE } from './font-faces.ts';

export interface TextRun {
  text: string;
  /** Index into the chooser's faces. */
  face: number;
}

// The package's CommonJS build exports the ready object, its ES build a factory for it:
// Node loads the first, a bundler the second.
const loadedBidi = bidiModule as unknown as Bidi | (() => Bidi);
const bidi: Bidi = typeof loadedBidi === 'function' ? loadedBidi() : loadedBidi;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a/;
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function hasRightToLeft(text: string): boolean {
  return RTL.test(text);
}

/** The mirrored forms ( <-> ) a right-to-left line may need, so fonts are ready for them. */
export function mirrorsOf(text: string): string {
  let mirrors = '';
  for (const char of new Set(text)) mirrors += bidi.getMirroredCharacter(char) ?? '';
  return mirrors;
}

/** True when the paragraph reads right to left (its first strong character is RTL). */
export function isRightToLeft(paragraph: string): boolean {
  return hasRightToLeft(paragraph) && bidi.getEmbeddingLevels(paragraph).paragraphs[0]?.level === 1;
}

interface LevelRun extends TextRun {
  level: number;
}

/** Splits text into runs of one font (and one bidi level); characters no font has go to `missing`. */
function logicalRuns(
  text: string,
  chooser: FaceChooser,
  levels: Uint8Array | undefined,
  missing: Set<string>,
): LevelRun[] {
  const mirrors = levels ? bidi.getMirroredCharactersMap(text, levels) : undefined;
  const runs: LevelRun[] = [];
  let index = 0;
  for (const original of text) {
    const at = index;
    index += original.length;
    const char = mirrors?.get(at) ?? original;
    const level = levels?.[at] ?? 0;
    const previous = runs.at(-1);
    let face: number;
    if (previous && (COMMON.test(char) || INVISIBLE.test(char)) && chooser.covers(previous.face, char)) {
      face = previous.face;
    } else if (INVISIBLE.test(char)) {
      continue;
    } else {
      face = chooser.faceOf(char);
      if (face < 0) {
        missing.add(original);
        continue;
      }
    }
    if (previous && previous.face === face && previous.level === level) previous.text += char;
    else runs.push({ text: char, face, level });
  }
  return runs;
}

/** Runs of a piece of text in logical order, for measuring its width. */
export function measureRuns(text: string, chooser: FaceChooser): TextRun[] {
  return logicalRuns(text, chooser, undefined, new Set());
}

/** Runs of one line in visual order (left to right on the page). */
export function visualRuns(
  line: string,
  chooser: FaceChooser,
  rightToLeft: boolean,
  missing: Set<string>,
): TextRun[] {
  if (!hasRightToLeft(line) && !rightToLeft) return logicalRuns(line, chooser, undefined, missing);
  const { levels } = bidi.getEmbeddingLevels(line, rightToLeft ? 'rtl' : 'ltr');
  const runs = logicalRuns(line, chooser, levels, missing);
  // UBA rule L2: from the highest level down to the lowest odd one, reverse every stretch of
  // runs at that level or above.
  const highest = Math.max(0, ...runs.map((run) => run.level));
  const lowestOdd = Math.min(...runs.map((run) => run.level | 1));
  for (let level = highest; level >= lowestOdd; level -= 1) {
    for (let start = 0; start < runs.length; ) {
      if (runs[start]!.level < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end < runs.length && runs[end]!.level >= level) end += 1;
      runs.splice(start, end - start, ...runs.slice(start, end).reverse());
      start = end;
    }
  }
  return runs.map(({ text, face, level }) => ({
    face,
    // fontkit reverses a run it finds to be in a right-to-left script; a right-to-left run of
    // only punctuation or spaces it would draw as given, so that one is turned here.
    text:
      level % 2 === 1 && !RTL_LETTER.test(text)
        ? [...graphemes.segment(text)]
            .map((part) => part.segment)
            .reverse()
            .join('')
        : text,
  }));
}
