// Reading PDFs with pdfjs-dist (legacy build, for Node): a password-protected file is
// encrypted_input, one pdfjs cannot parse is corrupt_input, and a scan (pages that are images,
// no text anywhere) is pdf_no_text: its text needs OCR, which this converter does not do, and
// an empty result would look like a conversion that worked. Each page comes back as its text
// runs placed in the page as a reader sees it (origin top left, y downwards, the page's
// /Rotate applied), so layout code never deals with PDF user space.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ConversionFailure } from './converter.ts';

/** One run of text as pdf.js combined it: `str` is in logical order (pdf.js reorders
 *  right-to-left runs and maps ligatures to letters); x..x+width is its extent, y its baseline. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  rtl: boolean;
  /** Set for text not written left to right (vertical CJK, rotated labels). */
  vertical: boolean;
}

export interface PdfPage {
  number: number;
  width: number;
  runs: TextRun[];
}

// Predefined CMaps let pdfjs map CJK (CID-keyed) fonts back to Unicode.
const CMAPS = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps')}/`;

function failureFor(error: unknown): ConversionFailure {
  const name = (error as { name?: string } | null)?.name;
  const detail = error instanceof Error ? error.message : String(error);
  return new ConversionFailure(name === 'PasswordException' ? 'encrypted_input' : 'corrupt_input', detail);
}

type Matrix = [number, number, number, number, number, number];

// Presentation forms are glyph shapes, not letters: Latin ligatures (ﬁ), Hebrew and Arabic
// forms (ﻣﺮﺣﺒﺎ as a PDF draws them). Their compatibility decomposition is the letters a
// reader copies; pdf.js maps the Latin ones itself but leaves Arabic shapes as drawn.
const PRESENTATION_FORMS = /[\uFB00-\uFB4F\uFB50-\uFDFF\uFE70-\uFEFE]/gu;

function lettersOf(text: string): string {
  return text.replace(PRESENTATION_FORMS, (form) => form.normalize('NFKC'));
}

function multiply(m: Matrix, n: number[]): Matrix {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = n;
  return [
    m[0] * a + m[2] * b,
    m[1] * a + m[3] * b,
    m[0] * c + m[2] * d,
    m[1] * c + m[3] * d,
    m[0] * e + m[2] * f + m[4],
    m[1] * e + m[3] * f + m[5],
  ];
}

function glyphSize(a: number, b: number, c: number, d: number): number {
  return Math.hypot(c, d) || Math.hypot(a, b);
}

export function runsOf(raw: unknown[], viewport: Matrix, pageSize: number): TextRun[] {
  const limit = 4 * pageSize;
  const runs: TextRun[] = [];
  for (const entry of raw) {
    const item = entry as { str?: string; transform?: number[]; width?: number; dir?: string };
    if (typeof item.str !== 'string' || !item.transform || item.str.trim() === '') continue;
    const [a, b, c, d, x, y] = multiply(viewport, item.transform);
    // A fuzzed or broken file can place text at absurd coordinates: text that far off the page
    // is not shown by any viewer, and would make layout arrays as wide as its coordinates.
    if (![x, y, glyphSize(a, b, c, d)].every(Number.isFinite) || Math.abs(x) > limit || Math.abs(y) > limit)
      continue;
    const horizontal = a > 0 && Math.abs(b) <= Math.abs(a) * 0.05 && item.dir !== 'ttb';
    const size = Math.min(glyphSize(a, b, c, d) || 10, pageSize);
    runs.push({
      str: lettersOf(item.str),
      x,
      y,
      width: Math.min(Math.max(item.width ?? 0, 0), limit),
      size,
      rtl: item.dir === 'rtl',
      vertical: !horizontal,
    });
  }
  return runs;
}

// The operators that paint an image (a scanned page is one): pdf.js's OPS codes.
const PAINTS_IMAGE = new Set([
  pdfjs.OPS.paintImageXObject,
  pdfjs.OPS.paintImageXObjectRepeat,
  pdfjs.OPS.paintInlineImageXObject,
  pdfjs.OPS.paintInlineImageXObjectGroup,
  pdfjs.OPS.paintImageMaskXObject,
  pdfjs.OPS.paintImageMaskXObjectGroup,
  pdfjs.OPS.paintImageMaskXObjectRepeat,
]);

async function paintsImage(page: pdfjs.PDFPageProxy): Promise<boolean> {
  const operators = await page.getOperatorList().catch((error: unknown) => {
    throw failureFor(error);
  });
  return operators.fnArray.some((op) => PAINTS_IMAGE.has(op));
}

/** Calls `onPage` with each page's text runs, in order; progress runs over the pages. Fails
 *  with pdf_no_text when no page has text and a page is an image (a scan). */
export async function readPdfPages(
  path: string,
  onPage: (page: PdfPage) => void | Promise<void>,
  progress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const data = new Uint8Array(await readFile(path));
  const task = pdfjs.getDocument({
    data,
    cMapUrl: CMAPS,
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: true,
  });
  try {
    const doc = await task.promise.catch((error: unknown) => {
      throw failureFor(error);
    });
    let text = false;
    let image = false;
    for (let number = 1; number <= doc.numPages && !signal.aborted; number += 1) {
      const page = await doc.getPage(number).catch((error: unknown) => {
        throw failureFor(error);
      });
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent().catch((error: unknown) => {
        throw failureFor(error);
      });
      const runs = runsOf(
        content.items,
        viewport.transform as Matrix,
        Math.max(viewport.width, viewport.height),
      );
      // Only a document without text so far is looked at for images: decoding them costs time
      // a document with text does not need to spend.
      if (runs.length > 0) text = true;
      else if (!text && !image) image = await paintsImage(page);
      await onPage({ number, width: viewport.width, runs });
      page.cleanup();
      progress(number / doc.numPages);
    }
    if (!text && image && !signal.aborted)
      throw new ConversionFailure('pdf_no_text', 'no page has text, and a page is an image');
  } finally {
    await task.destroy();
  }
}
