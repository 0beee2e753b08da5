// txt -> pdf: the text as it is, one block per paragraph, wrapped to A4.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Converter } from './converter.ts';
import { blocksToPdf } from './text-pdf-layout.ts';

export const txtToPdf: Converter = {
  from: 'txt',
  to: 'pdf',
  async run(ctx) {
    const text = (await readFile(ctx.input, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const blocks = text.split('\n').map((line) => ({ text: line, size: 11, spaceBefore: 0 }));
    await writeFile(ctx.output, await blocksToPdf(blocks, basename(ctx.sourceName)));
  },
};
