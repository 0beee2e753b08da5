/// <reference path="./fontkit.d.ts" />
// The fonts text is set in, in fallback order, and which one draws each character. All are
// Noto (SIL OFL) in the TrueType files the @expo-google-fonts packages ship: pdf-lib embeds
// TTF/OTF, not the WOFF2 that other font packages carry. A font is read only when a document
// has a character the fonts before it lack, so a Latin letter never loads a CJK font.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

export interface FontFace {
  name: string;
  /** Path of the .ttf inside node_modules. */
  path: string;
}

type FontkitFont = fontkit.Font;

const resolve = createRequire(import.meta.url).resolve;
const face = (name: string, file: string): FontFace => ({
  name,
  path: resolve(`@expo-google-fonts/${name}/400Regular/${file}_400Regular.ttf`),
});

/** Latin, Greek, Cyrillic first; then each script's own family. */
const BASE = [
  face('noto-sans', 'NotoSans'),
  face('noto-sans-hebrew', 'NotoSansHebrew'),
  face('noto-sans-arabic', 'NotoSansArabic'),
  face('noto-sans-devanagari', 'NotoSansDevanagari'),
  face('noto-sans-thai', 'NotoSansThai'),
];
const CJK = {
  jp: face('noto-sans-jp', 'NotoSansJP'),
  kr: face('noto-sans-kr', 'NotoSansKR'),
  sc: face('noto-sans-sc', 'NotoSansSC'),
};

const loaded = new Map<string, Promise<{ bytes: Buffer; font: FontkitFont }>>();

export function loadFace(face: FontFace): Promise<{ bytes: Buffer; font: FontkitFont }> {
  let entry = loaded.get(face.path);
  if (!entry) {
    entry = readFile(face.path).then((bytes) => ({ bytes, font: fontkit.create(bytes) }));
    loaded.set(face.path, entry);
  }
  return entry;
}

/** Han characters look different in Japanese, Korean and Chinese type: the document's kana or
 *  hangul decide which CJK family comes first; Chinese otherwise. */
export function facesFor(text: string): FontFace[] {
  const order = /[\u3040-\u30ff]/.test(text)
    ? [CJK.jp, CJK.sc, CJK.kr]
    : /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(text)
      ? [CJK.kr, CJK.sc, CJK.jp]
      : [CJK.sc, CJK.jp, CJK.kr];
  return [...BASE, ...order];
}

/** Invisible format characters (joiners, bidi marks, variation selectors, BOM): drawn by the
 *  run's font when it has them, otherwise left out without a word, as they carry no ink. */
export const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u;

/** Characters that belong to no script: they stay in the font of the text around them. */
export const COMMON = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** Picks, per character, the first face with a glyph for it (-1: none has one). */
export class FaceChooser {
  private readonly cache = new Map<number, number>();
  private readonly fonts: (FontkitFont | undefined)[];
  readonly faces: FontFace[];

  constructor(faces: FontFace[]) {
    this.faces = faces;
    this.fonts = faces.map(() => undefined);
  }

  /** Loads the faces the text needs; call before `faceOf` for any of its characters. */
  async prepare(text: string): Promise<void> {
    for (const char of new Set(text)) {
      const codepoint = char.codePointAt(0)!;
      if (this.cache.has(codepoint)) continue;
      let found = -1;
      for (let index = 0; index < this.faces.length && found < 0; index += 1) {
        this.fonts[index] ??= (await loadFace(this.faces[index]!)).font;
        if (this.fonts[index]!.hasGlyphForCodePoint(codepoint)) found = index;
      }
      this.cache.set(codepoint, found);
    }
  }

  faceOf(char: string): number {
    return this.cache.get(char.codePointAt(0)!) ?? -1;
  }

  covers(index: number, char: string): boolean {
    return this.fonts[index]?.hasGlyphForCodePoint(char.codePointAt(0)!) ?? false;
  }
}
