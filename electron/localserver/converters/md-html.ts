// md -> html: marked renders GitHub-flavoured Markdown into a complete UTF-8 HTML page, and
// sanitize-html then keeps only document markup: Markdown may carry raw HTML, and a converted
// page is opened in a browser, so <script>, <iframe>, on* handlers and javascript: links go.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Converter } from './converter.ts';
import { htmlPage } from './html-page.ts';
import { decodeText } from './text-encoding.ts';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'input', 'details', 'summary'],
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    a: ['href', 'name', 'title'],
    code: ['class'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    input: ['type', 'checked', 'disabled'],
  },
  // http(s), mailto, tel and relative links only; images may also be inline data.
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
};

export function markdownToSafeHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { gfm: true, async: false }), SANITIZE);
}

export const mdToHtml: Converter = {
  from: 'md',
  to: 'html',
  async run(ctx) {
    const body = markdownToSafeHtml(decodeText(await readFile(ctx.input)));
    const title = basename(ctx.sourceName, extname(ctx.sourceName));
    await writeFile(ctx.output, htmlPage(title, body));
  },
};
