// md -> html: marked renders GitHub-flavoured Markdown into a complete UTF-8 HTML page.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { marked } from 'marked';
import type { Converter } from './converter.ts';
import { htmlPage } from './html-page.ts';

export const mdToHtml: Converter = {
  from: 'md',
  to: 'html',
  async run(ctx) {
    const markdown = (await readFile(ctx.input, 'utf8')).replace(/^\uFEFF/, '');
    const body = await marked.parse(markdown, { gfm: true, async: true });
    const title = basename(ctx.sourceName, extname(ctx.sourceName));
    await writeFile(ctx.output, htmlPage(title, body));
  },
};
