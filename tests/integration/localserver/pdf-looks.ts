// Looks at a PDF the way a person does: poppler (Debian's poppler-utils) renders the page and
// reads the text back; fontkit decodes every glyph of every embedded font.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as fontkit from 'fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';

const run = promisify(execFile);

async function withFile<T>(bytes: Uint8Array, work: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-pdf-looks-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, bytes);
    return await work(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Ink {
  width: number;
  height: number;
  /** Pixels darker than mid-grey. */
  dark: number;
  /** Is the pixel at (x, y) dark? */
  at(x: number, y: number): boolean;
}

/** The page rendered by pdftoppm at `dpi`, as dark/light pixels. */
export function renderPage(bytes: Uint8Array, page = 1, dpi = 50): Promise<Ink> {
  return withFile(bytes, async (path, dir) => {
    await run('pdftoppm', [
      '-r',
      String(dpi),
      '-png',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      path,
      join(dir, 'page'),
    ]);
    const { data, info } = await sharp(await readFile(join(dir, 'page.png')))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (const value of data) if (value < 128) dark += 1;
    return {
      width: info.width,
      height: info.height,
      dark,
      at: (x, y) => data[y * info.width + x]! < 128,
    };
  });
}

/** The whole document's text as poppler extracts it. */
export function pdfToText(bytes: Uint8Array): Promise<string> {
  return withFile(
    bytes,
    async (path) => (await run('pdftotext', ['-enc', 'UTF-8', path, '-'], { maxBuffer: 64 << 20 })).stdout,
  );
}

/** pdffonts' table: name and whether each font is embedded. */
export function pdfFonts(bytes: Uint8Array): Promise<{ name: string; embedded: boolean }[]> {
  return withFile(bytes, async (path) => {
    const { stdout } = await run('pdffonts', [path]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        return { name: columns[0]!, embedded: columns.at(-5) === 'yes' };
      });
  });
}

/** False for a glyph without contours or one that cannot be decoded (a damaged subset). */
function hasOutline(glyph: () => fontkit.Glyph): boolean {
  try {
    return glyph().path.commands.length > 0;
  } catch {
    return false;
  }
}

const BLANK = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]$/u;

/** Every character of every embedded TrueType font, decoded: the ones whose glyph has no
 *  outline although the character should leave ink. */
export async function glyphsWithoutOutline(
  bytes: Uint8Array,
): Promise<{ fonts: number; checked: number; empty: string[] }> {
  const doc = await PDFDocument.load(bytes);
  let fonts = 0;
  let checked = 0;
  const empty: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const file = object.lookup(PDFName.of('FontFile2'));
    if (!(file instanceof PDFRawStream)) continue;
    fonts += 1;
    const font = fontkit.create(Buffer.from(decodePDFRawStream(file).decode()));
    let characters: number[];
    try {
      characters = font.characterSet;
    } catch {
      // No cmap (as fontkit's own subsets write them): every glyph but .notdef must have ink,
      // which holds for every font here but ones whose only blank is the space.
      for (let id = 1; id < font.numGlyphs; id += 1) {
        checked += 1;
        if (!hasOutline(() => font.getGlyph(id))) empty.push(`glyph ${id}`);
      }
      continue;
    }
    for (const codePoint of characters) {
      const char = String.fromCodePoint(codePoint);
      if (BLANK.test(char)) continue;
      checked += 1;
      if (!hasOutline(() => font.glyphForCodePoint(codePoint))) empty.push(char);
    }
  }
  return { fonts, checked, empty };
}
