// md -> pdf: marked's lexer gives the structure; headings get larger type, lists bullets or
// numbers, tables one line per row. Inline emphasis is kept as plain text.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import type { Converter } from './converter.ts';
import { blocksToPdf, type TextBlock } from './text-pdf-layout.ts';

const HEADING_SIZE = [0, 20, 16, 14, 12, 11, 11];

function plain(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens
    .map((token) =>
      'tokens' in token && token.tokens ? plain(token.tokens, '') : 'text' in token ? token.text : '',
    )
    .join('');
}

function blocksOf(tokens: Token[], indent = 0): TextBlock[] {
  const blocks: TextBlock[] = [];
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
          blocks.push({
            ...(first ?? { size: 11, indent: indent + 14, text: '' }),
            text: mark + (first?.text ?? ''),
            spaceBefore: 2,
          });
          blocks.push(...rest);
        });
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((cells) =>
          cells.map((cell) => plain(cell.tokens, cell.text)).join('  |  '),
        );
        blocks.push({ text: rows.join('\n'), size: 10, spaceBefore: 6, indent });
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
    const markdown = (await readFile(ctx.input, 'utf8')).replace(/^\uFEFF/, '');
    const blocks = blocksOf(marked.lexer(markdown, { gfm: true }));
    await writeFile(ctx.output, await blocksToPdf(blocks, basename(ctx.sourceName)));
  },
};
