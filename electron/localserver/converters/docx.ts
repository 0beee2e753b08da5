// docx -> html and docx -> txt with mammoth (semantic HTML: headings, lists, tables). A
// password-protected docx is refused as such first (office-container.ts).
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import mammoth from 'mammoth';
import { type Converter, parsing } from './converter.ts';
import { htmlPage } from './html-page.ts';
import { refuseCompoundFile } from './office-container.ts';

export const docxToHtml: Converter = {
  from: 'docx',
  to: 'html',
  async run(ctx) {
    await refuseCompoundFile(ctx.input);
    const result = await parsing(() => mammoth.convertToHtml({ path: ctx.input }));
    const title = basename(ctx.sourceName, extname(ctx.sourceName));
    await writeFile(ctx.output, htmlPage(title, result.value));
  },
};

export const docxToTxt: Converter = {
  from: 'docx',
  to: 'txt',
  async run(ctx) {
    await refuseCompoundFile(ctx.input);
    const result = await parsing(() => mammoth.extractRawText({ path: ctx.input }));
    await writeFile(ctx.output, result.value);
  },
};
