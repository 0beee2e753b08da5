// pdf -> txt: each page's text lines in reading order (column by column on a page set in
// columns, right-to-left lines in logical order); the cells of a table row are separated by a
// tab, pages by a form feed (as pdftotext does).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Converter } from './converter.ts';
import { readingOrder } from './pdf-columns.ts';
import { lineText, linesOf } from './pdf-lines.ts';
import { readPdfPages } from './pdf-read.ts';

export const pdfToTxt: Converter = {
  from: 'pdf',
  to: 'txt',
  async run(ctx) {
    const file = createWriteStream(ctx.output);
    try {
      await readPdfPages(
        ctx.input,
        async (page) => {
          const lines = readingOrder(linesOf(page.runs)).map(lineText);
          const text = `${page.number > 1 ? '\f' : ''}${lines.join('\n')}\n`;
          if (!file.write(text)) await once(file, 'drain');
        },
        ctx.progress,
        ctx.signal,
      );
    } finally {
      file.end();
      await finished(file);
    }
  },
};
