// pdf -> txt: each text line of each page; cells of a line separated by a tab, pages by a
// form feed (as pdftotext does).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Converter } from './converter.ts';
import { readPdfLines } from './pdf-read.ts';

export const pdfToTxt: Converter = {
  from: 'pdf',
  to: 'txt',
  async run(ctx) {
    const file = createWriteStream(ctx.output);
    try {
      await readPdfLines(
        ctx.input,
        async (lines, page) => {
          const text = `${page > 1 ? '\f' : ''}${lines.map((cells) => cells.join('\t')).join('\n')}\n`;
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
