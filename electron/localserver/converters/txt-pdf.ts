// txt -> pdf: the text as it is, one block per line, wrapped to A4. The file's encoding is
// detected (text-encoding.ts), so a Shift_JIS or windows-1251 file reads as written.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Converter } from './converter.ts';
import { missingCharactersNote } from './missing-note.ts';
import { decodeText } from './text-encoding.ts';
import { blocksToPdf } from './text-pdf-layout.ts';

export const txtToPdf: Converter = {
  from: 'txt',
  to: 'pdf',
  async run(ctx) {
    const text = decodeText(await readFile(ctx.input)).replace(/\r\n?/g, '\n');
    const blocks = text.split('\n').map((line) => ({ text: line, size: 11, spaceBefore: 0 }));
    const pdf = await blocksToPdf(blocks, basename(ctx.sourceName));
    await writeFile(ctx.output, pdf.bytes);
    return { note: missingCharactersNote(pdf.missing) };
  },
};
