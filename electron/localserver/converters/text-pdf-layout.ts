/// <reference path="./fontkit.d.ts" />
// Lays text blocks and tables out on A4 pages with pdf-lib. Fonts come from the Typesetter:
// Noto families per script, subset by HarfBuzz, so every glyph renders and the text keeps a
// ToUnicode map (it can be searched and copied).
import * as fontkit from 'fontkit';
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { drawTable, type TableBlock } from './pdf-grid-table.ts';
import { isRightToLeft } from './text-runs.ts';
import { Typesetter } from './typesetter.ts';

export interface TextBlock {
  kind?: 'text';
  text: string;
  size: number;
  /** Extra space before the block, in points. */
  spaceBefore: number;
  indent?: number;
}

export type { TableBlock } from './pdf-grid-table.ts';
export type Block = TextBlock | TableBlock;

export interface TextPdf {
  bytes: Uint8Array;
  /** Characters that no embedded font can draw, left out of the page. */
  missing: string[];
}

export const PAGE = { width: 595.28, height: 841.89, margin: 56 };

/** The page being filled and the baseline position on it. */
export class PageCursor {
  page: PDFPage;
  y = PAGE.height - PAGE.margin;
  private readonly doc: PDFDocument;

  constructor(doc: PDFDocument) {
    this.doc = doc;
    this.page = doc.addPage([PAGE.width, PAGE.height]);
  }

  /** Moves down by `height`, starting a new page first when it would not fit. Returns true on
   *  a new page. */
  advance(height: number): boolean {
    const fresh = this.y - height < PAGE.margin;
    if (fresh) {
      this.page = this.doc.addPage([PAGE.width, PAGE.height]);
      this.y = PAGE.height - PAGE.margin;
    }
    this.y -= height;
    return fresh;
  }
}

/** Tabs become spaces; control characters (C0 and C1, which carry no ink and no font draws)
 *  are dropped. */
function clean(text: string): string {
  return text.replace(/\t/g, '    ').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

function allText(blocks: Block[]): string {
  return blocks
    .map((block) => (block.kind === 'table' ? block.rows.flat().join('\n') : block.text))
    .join('\n');
}

export async function blocksToPdf(input: Block[], title: string): Promise<TextPdf> {
  const blocks = input.map((block) =>
    block.kind === 'table'
      ? { ...block, rows: block.rows.map((row) => row.map(clean)) }
      : { ...block, text: clean(block.text) },
  );
  const doc = await PDFDocument.create();
  // fontkit 3 (maintained, full shapers) rather than @pdf-lib/fontkit, whose Indic shaper
  // fails at run time; its API is the one pdf-lib's own types describe.
  doc.registerFontkit(fontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  doc.setTitle(title);
  doc.setProducer('iFileConverter Desktop (local server)');
  const setter = await Typesetter.create(doc, allText(blocks));
  const cursor = new PageCursor(doc);
  for (const block of blocks) {
    const indent = block.indent ?? 0;
    const width = PAGE.width - 2 * PAGE.margin - indent;
    cursor.y -= block.spaceBefore;
    if (block.kind === 'table') {
      drawTable(cursor, setter, block, PAGE.margin + indent, width);
      continue;
    }
    const lineHeight = block.size * 1.45;
    for (const paragraph of block.text.split('\n')) {
      const rightToLeft = isRightToLeft(paragraph);
      for (const line of setter.wrap(paragraph, block.size, width)) {
        cursor.advance(lineHeight);
        if (line)
          setter.draw(cursor.page, line, {
            x: PAGE.margin + indent,
            y: cursor.y,
            size: block.size,
            box: width,
            rightToLeft,
          });
      }
    }
  }
  setter.finish();
  return { bytes: await doc.save(), missing: [...setter.missing] };
}
