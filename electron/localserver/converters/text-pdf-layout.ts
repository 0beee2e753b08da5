// Lays text blocks out on A4 pages with pdf-lib, in Noto Sans JP (SIL OFL, from the
// @expo-google-fonts/noto-sans-jp package) embedded as a subset, so Latin, £ € ü and Japanese
// all survive into the PDF with a ToUnicode map (the text can be searched and copied).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

export interface TextBlock {
  text: string;
  size: number;
  /** Extra space before the block, in points. */
  spaceBefore: number;
  indent?: number;
}

const PAGE = { width: 595.28, height: 841.89, margin: 56 };
const FONT_PATH = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
);
let fontBytes: Promise<Buffer> | undefined;

/** Splits one paragraph into lines that fit `width`, breaking at spaces or, for CJK, anywhere. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.match(/\s+|[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+/g) ??
    []) {
    const next = line + token;
    if (line === '' || font.widthOfTextAtSize(next.trimEnd(), size) <= width) {
      line = line === '' ? token.trimStart() : next;
      continue;
    }
    lines.push(line.trimEnd());
    line = token.trimStart();
    // A single word wider than the line is cut by characters.
    while (line.length > 1 && font.widthOfTextAtSize(line, size) > width) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  lines.push(line.trimEnd());
  return lines;
}

export async function blocksToPdf(blocks: TextBlock[], title: string): Promise<Uint8Array> {
  fontBytes ??= readFile(FONT_PATH);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title);
  doc.setProducer('iFileConverter Desktop (local server)');
  const font = await doc.embedFont(await fontBytes, { subset: true });
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  for (const block of blocks) {
    const indent = block.indent ?? 0;
    const lineHeight = block.size * 1.45;
    const width = PAGE.width - 2 * PAGE.margin - indent;
    y -= block.spaceBefore;
    for (const paragraph of block.text.replace(/\t/g, '    ').split('\n')) {
      for (const line of wrap(paragraph.replace(/[\u0000-\u001f\u007f]/g, ''), font, block.size, width)) {
        if (y - lineHeight < PAGE.margin) {
          page = doc.addPage([PAGE.width, PAGE.height]);
          y = PAGE.height - PAGE.margin;
        }
        y -= lineHeight;
        if (line) page.drawText(line, { x: PAGE.margin + indent, y, size: block.size, font });
      }
    }
  }
  return doc.save();
}
