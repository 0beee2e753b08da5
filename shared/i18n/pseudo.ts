// The pseudo-locale: every English message with its letters accented and padded to 40 % longer,
// placeholders and ICU structure untouched. Layout bugs (clipping, overlap, hard-coded English)
// show at a glance, and the catalogue can never go stale because it is made from the source.
import { isLiteralElement, type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { printAST } from '@formatjs/icu-messageformat-parser/printer.js';

const ACCENTS: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'đ',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ö',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ü',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Å',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Đ',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Î',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ö',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Û',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};
// Words of padding, not one long run: real translations wrap at spaces, and so must this.
const PAD = ' ~~~~'.repeat(100);

function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => ACCENTS[letter] ?? letter);
}

function literalLength(elements: readonly MessageFormatElement[]): number {
  return elements.reduce((sum, element) => sum + (isLiteralElement(element) ? element.value.length : 4), 0);
}

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === TYPE.literal) return { ...element, value: accent(element.value) };
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      const options = Object.fromEntries(
        Object.entries(element.options).map(([key, option]) => [
          key,
          { ...option, value: transform(option.value) },
        ]),
      );
      return { ...element, options };
    }
    if (element.type === TYPE.tag) return { ...element, children: transform(element.children) };
    return element;
  });
}

/** "Uploading {percent}" -> "[Ûþļöáđíñĝ {percent} ~~~~]": 40 % longer, in brackets to spot cut ends. */
export function pseudoLocalize(message: string): string {
  const ast = parse(message);
  const extra = Math.max(1, Math.ceil(literalLength(ast) * 0.4) - 2);
  const body = printAST(transform(ast));
  return `[${body}${PAD.slice(0, extra + 1).trimEnd()}]`;
}
