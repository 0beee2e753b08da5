/// <reference path="./fontkit.d.ts" />
// Sets lines of text in a PDF with the fonts that cover them: embeds a subset of each Noto
// family the document uses (and only those), measures and wraps text across font changes, and
// draws a line run by run in visual order. Characters no font has are collected in `missing`
// so the converter can say so instead of dropping them without a word.
//
// Glyphs are placed here from fontkit's shaping (advances and GPOS offsets), not with
// pdf-lib's drawText: drawText keeps only advance widths, which puts Arabic dots and Indic
// vowel signs in the wrong place. pdf-lib still writes the font, its widths and ToUnicode map;
// the shaped glyphs a line used (joining forms, conjuncts) are added to that map so the text
// can still be copied out.
import * as fontkit from 'fontkit';
import {
  beginText,
  endText,
  type PDFDocument,
  type PDFFont,
  PDFHexString,
  type PDFName,
  type PDFPage,
  setFontAndSize,
  setTextMatrix,
  showText,
} from 'pdf-lib';
import { FaceChooser, facesFor, loadFace } from './font-faces.ts';
import { subsetFont } from './font-subset.ts';
import { hasRightToLeft, isRightToLeft, measureRuns, mirrorsOf, visualRuns } from './text-runs.ts';

export type Align = 'left' | 'right' | 'center';

const RTL_TEXT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Optional ligatures off: copied text then holds "fi", not the ligature character. Required
 *  ones (Arabic lam-alef, rlig) are applied regardless. */
const FEATURES = { liga: false };

interface EmbeddedFace {
  pdf: PDFFont;
  /** The same subset, for shaping. */
  shaper: fontkit.Font;
  used: Map<number, fontkit.Glyph>;
}

/** pdf-lib's embedder lists the glyphs the font's cmap reaches; shaped forms are added. */
interface GlyphList {
  embedder: { glyphCache: { access(): fontkit.Glyph[] } };
}

export class Typesetter {
  readonly missing = new Set<string>();
  private readonly chooser: FaceChooser;
  private readonly faces: (EmbeddedFace | undefined)[];
  private readonly keys = new WeakMap<PDFPage, Map<number, PDFName>>();
  private readonly advances = new Map<string, number>();
  private readonly shapes = new Map<string, fontkit.GlyphRun>();

  private constructor(chooser: FaceChooser, faces: (EmbeddedFace | undefined)[]) {
    this.chooser = chooser;
    this.faces = faces;
  }

  /** Embeds, for every face `text` needs, a subset holding the characters it draws. */
  static async create(doc: PDFDocument, text: string): Promise<Typesetter> {
    const all = hasRightToLeft(text) ? text + mirrorsOf(text) : text;
    const chooser = new FaceChooser(facesFor(all));
    await chooser.prepare(`${all} `);
    const chars = [...new Set(`${all} `)];
    const used = new Set(chars.map((char) => chooser.faceOf(char)).filter((face) => face >= 0));
    const faces: (EmbeddedFace | undefined)[] = [];
    for (const face of [...used].sort((a, b) => a - b)) {
      const codepoints = chars
        .filter((char) => chooser.covers(face, char))
        .map((char) => char.codePointAt(0)!);
      const { bytes } = await loadFace(chooser.faces[face]!);
      // A Buffer, not a bare Uint8Array: fontkit reads its layout tables only from a Buffer.
      const subset = Buffer.from(await subsetFont(bytes, codepoints));
      faces[face] = {
        pdf: await doc.embedFont(subset, { subset: false, features: FEATURES }),
        shaper: fontkit.create(subset),
        used: new Map(),
      };
    }
    return new Typesetter(chooser, faces);
  }

  /** Adds the shaped glyphs drawn so far to each font's widths and ToUnicode map; call once,
   *  before the document is saved. */
  finish(): void {
    for (const face of this.faces) {
      if (!face) continue;
      const glyphs = (face.pdf as unknown as GlyphList).embedder.glyphCache.access();
      const known = new Set(glyphs.map((glyph) => glyph.id));
      for (const glyph of face.used.values()) if (!known.has(glyph.id)) glyphs.push(glyph);
      glyphs.sort((a, b) => a.id - b.id);
    }
  }

  /** Width of a run in points. Shaping is the costly part of a long text and words repeat, so
   *  advances are remembered per face and text (the map is emptied when it grows large). */
  private advance(face: number, text: string, size: number): number {
    const embedded = this.faces[face]!;
    const key = `${face}\u0000${text}`;
    let units = this.advances.get(key);
    if (units === undefined) {
      units = 0;
      for (const position of embedded.shaper.layout(text, FEATURES).positions) units += position.xAdvance;
      if (this.advances.size > 100_000) this.advances.clear();
      this.advances.set(key, units);
    }
    return (units * size) / embedded.shaper.unitsPerEm;
  }

  width(text: string, size: number): number {
    let width = 0;
    for (const run of measureRuns(text, this.chooser)) width += this.advance(run.face, run.text, size);
    return width;
  }

  /** Splits a paragraph into lines no wider than `width`, breaking between words (ICU's word
   *  boundaries, so Thai and CJK break too) and, for a word longer than a line, between
   *  characters. Punctuation stays with the word before it. */
  wrap(text: string, size: number, width: number): string[] {
    const tokens: string[] = [];
    for (const { segment, isWordLike } of words.segment(text)) {
      const last = tokens.at(-1);
      if (!isWordLike && !/^\s+$/.test(segment) && last !== undefined && !/\s$/.test(last))
        tokens[tokens.length - 1] = last + segment;
      else tokens.push(segment);
    }
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0;
    for (const token of tokens) {
      const tokenWidth = this.width(token, size);
      if (line === '') {
        line = token.trimStart();
        lineWidth = this.width(line, size);
      } else if (lineWidth + tokenWidth <= width) {
        line += token;
        lineWidth += tokenWidth;
      } else {
        lines.push(line.trimEnd());
        line = token.trimStart();
        lineWidth = this.width(line, size);
      }
      if (lineWidth > width) {
        const { full, rest } = this.cut(line, size, width);
        lines.push(...full);
        line = rest.text;
        lineWidth = rest.width;
      }
    }
    lines.push(line.trimEnd());
    return lines;
  }

  /** `text` cut between characters into full lines that fit `width` (each at least one
   *  character), in one pass; the rest comes with its width, as the line goes on after it. */
  private cut(
    text: string,
    size: number,
    width: number,
  ): { full: string[]; rest: { text: string; width: number } } {
    const lines: string[] = [];
    let head = '';
    let used = 0;
    for (const { segment } of graphemes.segment(text)) {
      const next = this.width(segment, size);
      if (head !== '' && used + next > width) {
        lines.push(head);
        head = '';
        used = 0;
      }
      head += segment;
      used += next;
    }
    return { full: lines, rest: { text: head, width: used } };
  }

  /** Draws one line with its left edge at x (or aligned in a box of `box` points). A paragraph
   *  that reads right to left is right-aligned unless `align` says otherwise. */
  draw(
    page: PDFPage,
    line: string,
    at: { x: number; y: number; size: number; box: number; align?: Align; rightToLeft?: boolean },
  ): void {
    const rightToLeft = at.rightToLeft ?? isRightToLeft(line);
    const runs = visualRuns(line, this.chooser, rightToLeft, this.missing);
    const widths = runs.map((run) => this.advance(run.face, run.text, at.size));
    const total = widths.reduce((sum, width) => sum + width, 0);
    const align = at.align ?? (rightToLeft ? 'right' : 'left');
    let x = at.x + (align === 'right' ? at.box - total : align === 'center' ? (at.box - total) / 2 : 0);
    runs.forEach((run, index) => {
      if (run.text.trim()) this.drawRun(page, run.face, run.text, x, at.y, at.size);
      x += widths[index]!;
    });
  }

  /** fontkit's glyphs for a run. A left-to-right run is shaped word by word, each word once per
   *  document (shaping never joins across a space, and a long text repeats its words); a
   *  right-to-left run is shaped whole, as fontkit reverses what it is given. */
  private shape(face: number, text: string): fontkit.GlyphRun {
    const { shaper } = this.faces[face]!;
    if (RTL_TEXT.test(text)) return shaper.layout(text, FEATURES);
    const run: fontkit.GlyphRun = { glyphs: [], positions: [] };
    for (const piece of text.split(/(\s+)/)) {
      if (!piece) continue;
      const key = `${face}\u0000${piece}`;
      let shaped = this.shapes.get(key);
      if (!shaped) {
        shaped = shaper.layout(piece, FEATURES);
        if (this.shapes.size > 50_000) this.shapes.clear();
        this.shapes.set(key, shaped);
      }
      run.glyphs.push(...shaped.glyphs);
      run.positions.push(...shaped.positions);
    }
    return run;
  }

  /** Each glyph at its shaped position (advance plus GPOS offset). Glyphs that sit where the
   *  font's own advance widths put them share one text-showing operation; a kerned or offset
   *  glyph (an Arabic dot, an Indic vowel sign) starts a new one at its exact position. */
  private drawRun(page: PDFPage, face: number, text: string, x: number, y: number, size: number): void {
    const embedded = this.faces[face]!;
    const { glyphs, positions } = this.shape(face, text);
    const scale = size / embedded.shaper.unitsPerEm;
    const operators = [beginText(), setFontAndSize(this.fontKey(page, face), size)];
    let pen = 0;
    let ids = '';
    let inStep = false;
    const flush = () => {
      if (ids) operators.push(showText(PDFHexString.of(ids)));
      ids = '';
    };
    glyphs.forEach((glyph, index) => {
      const position = positions[index]!;
      embedded.used.set(glyph.id, glyph);
      const offset = position.xOffset !== 0 || position.yOffset !== 0;
      if (!inStep || offset) {
        flush();
        operators.push(
          setTextMatrix(1, 0, 0, 1, x + (pen + position.xOffset) * scale, y + position.yOffset * scale),
        );
      }
      ids += glyph.id.toString(16).padStart(4, '0');
      // The next glyph continues this operation only if the viewer's advance (the glyph's
      // width) lands exactly where shaping put it.
      inStep = !offset && position.xAdvance === glyph.advanceWidth;
      pen += position.xAdvance;
    });
    flush();
    operators.push(endText());
    page.pushOperators(...operators);
  }

  private fontKey(page: PDFPage, face: number): PDFName {
    const keys = this.keys.get(page) ?? new Map<number, PDFName>();
    this.keys.set(page, keys);
    let key = keys.get(face);
    if (!key) {
      const { pdf } = this.faces[face]!;
      key = page.node.newFontDictionary(pdf.name, pdf.ref);
      keys.set(face, key);
    }
    return key;
  }
}
