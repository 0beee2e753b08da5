// md -> pdf: marked's lexer gives the structure; headings get larger type, lists bullets or
// numbers, tables a ruled grid with a shaded header. Inline emphasis is kept as plain text,
// images as their alt text; raw HTML is left out.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import type { Converter } from './converter.ts';
import { missingCharactersNote } from './missing-note.ts';
import { decodeText } from './text-encoding.ts';
import { type Block, blocksToPdf } from './text-pdf-layout.ts';

const HEADING_SIZE = [0, 20, 16, 14, 12, 11, 11];

function plain(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens
    .map((token) =>
      token.type === 'html'
        ? '' // raw HTML tags are markup, not text
        : 'tokens' in token && token.tokens
          ? plain(token.tokens, '')
          : 'text' in token
            ? token.text
            : '',
    )
    .join('');
}

function blocksOf(tokens: Token[], indent = 0): Block[] {
  const blocks: Block[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        blocks.push({
          text: plain(token.tokens, token.text),
          size: HEADING_SIZE[token.depth] ?? 11,
          spaceBefore: 10,
          indent,
        });
        break;
      case 'paragraph':
      case 'text':
        blocks.push({ text: plain(token.tokens, token.text), size: 11, spaceBefore: 4, indent });
        break;
      case 'code':
        blocks.push({ text: token.text, size: 10, spaceBefore: 4, indent: indent + 12 });
        break;
      case 'blockquote':
        blocks.push(...blocksOf(token.tokens ?? [], indent + 16));
        break;
      case 'list': {
        const list = token as Tokens.List;
        list.items.forEach((item, index) => {
          const mark = list.ordered ? `${Number(list.start || 1) + index}. ` : '• ';
          const [first, ...rest] = blocksOf(item.tokens, indent + 14);
          if (first?.kind === 'table' || !first) {
            blocks.push({ size: 11, indent: indent + 14, text: mark, spaceBefore: 2 });
            if (first) blocks.push(first);
          } else {
            blocks.push({ ...first, text: mark + first.text, spaceBefore: 2 });
          }
          blocks.push(...rest);
        });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        blocks.push({
          kind: 'table',
          rows: [table.header, ...table.rows].map((cells) =>
            cells.map((cell) => plain(cell.tokens, cell.text)),
          ),
          align: table.align,
          size: 10,
          spaceBefore: 6,
          indent,
        });
        break;
      }
      case 'hr':
        blocks.push({ text: '', size: 11, spaceBefore: 8, indent });
        break;
      default:
        break;
    }
  }
  return blocks;
}

export const mdToPdf: Converter = {
  from: 'md',
  to: 'pdf',
  async run(ctx) {
    const markdown = decodeText(await readFile(ctx.input));
    const blocks = blocksOf(marked.lexer(markdown, { gfm: true }));
    const pdf = await blocksToPdf(blocks, basename(ctx.sourceName));
    await writeFile(ctx.output, pdf.bytes);
    return { note: missingCharactersNote(pdf.missing) };
  },
};
