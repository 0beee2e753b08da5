// Words a person reads must come from the catalogues (shared/locales), never be typed into a
// component or into main. This parses every file of the page and of electron/main and lists
// JSX text, user-facing JSX attributes (aria-label, title, placeholder, alt, label) and
// user-facing object fields (label, title, message, body, detail, text, ...) written as
// literal words. Brand names and non-words (symbols, "https://", "·") are allowed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const JSX_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description']);
const FIELDS = new Set([
  'label',
  'title',
  'message',
  'body',
  'detail',
  'text',
  'retryLabel',
  'toolTip',
  'buttonLabel',
]);
/** Not words to translate: the product's name, a URL or an example address, and text without
 *  a run of letters. */
const ALLOWED = [/^iFileConverter( Desktop)?$/, /^https?:\/\/$/, /^[a-z][a-z0-9+.-]*:\/\/[\w.:@/-]+$/i];

type Node = { type: string; [key: string]: unknown };

function isWords(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || ALLOWED.some((pattern) => pattern.test(trimmed))) return false;
  return /\p{L}{2,}/u.test(trimmed);
}

/** The literal words of a string or template literal, or undefined when it has none. */
function literalWords(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral')
    return isWords(node.value as string) ? (node.value as string) : undefined;
  if (node.type === 'TemplateLiteral') {
    const text = (node.quasis as { value: { cooked: string } }[])
      .map((quasi) => quasi.value.cooked)
      .join(' ');
    return isWords(text) ? text : undefined;
  }
  return undefined;
}

/** Every bare user-visible string in `source`, as "line: what". */
function bareStrings(source: string, fileName: string): string[] {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript', 'jsx'] });
  const found: string[] = [];
  const line = (node: Node) => (node.loc as { start: { line: number } }).start.line;
  const visit = (node: Node) => {
    if (node.type === 'JSXText' && isWords(node.value as string)) {
      found.push(`${fileName}:${line(node)} text "${(node.value as string).trim()}"`);
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as { name: string }).name;
      const value = node.value as Node | null;
      const words =
        literalWords(value) ??
        (value?.type === 'JSXExpressionContainer' ? literalWords(value.expression as Node) : undefined);
      if (JSX_ATTRIBUTES.has(name) && words) found.push(`${fileName}:${line(node)} ${name}="${words}"`);
    }
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') {
      // {'Loading…'} as a child is text too (an attribute's {'…'} is checked above).
      for (const child of node.children as Node[]) {
        const words =
          child.type === 'JSXExpressionContainer' ? literalWords(child.expression as Node) : undefined;
        if (words) found.push(`${fileName}:${line(child)} {"${words}"}`);
      }
    }
    if (node.type === 'ObjectProperty') {
      const key = node.key as Node;
      const name = key.type === 'Identifier' ? (key.name as string) : (key.value as string);
      const words = literalWords(node.value as Node);
      if (FIELDS.has(name) && words) found.push(`${fileName}:${line(node)} ${name}: "${words}"`);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item.type === 'string') visit(item);
      } else if (child && typeof child === 'object' && typeof (child as Node).type === 'string') {
        visit(child as Node);
      }
    }
  };
  visit(ast.program as unknown as Node);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('user-visible words go through the catalogues', () => {
  it.each([
    ['the window', 'renderer/src'],
    ['main (tray, dialogs, notifications)', 'electron/main'],
    ['the desktop service (notifications)', 'electron/app-service'],
  ])('%s has no bare strings', (_area, folder) => {
    const problems = sourceFiles(join(ROOT, folder)).flatMap((path) =>
      bareStrings(readFileSync(path, 'utf8'), relative(ROOT, path)),
    );
    expect(problems).toEqual([]);
  });

  it('finds JSX text, labelled attributes and menu fields written as words', () => {
    const source = `
      export function A() {
        return (
          <div aria-label="Close the box" title={'Delete'}>
            Drop files here
            <input placeholder="https://" />
            <span>{'Loading…'}</span>
            <b>iFileConverter</b> · {count}
          </div>
        );
      }
      const menu = [{ label: \`Open \${name}\` }, { label: t('x'), id: 'quit' }];
    `;
    expect(bareStrings(source, 'x.tsx')).toEqual([
      'x.tsx:4 aria-label="Close the box"',
      'x.tsx:4 title="Delete"',
      'x.tsx:4 text "Drop files here"',
      'x.tsx:7 {"Loading…"}',
      'x.tsx:12 label: "Open  "',
    ]);
  });
});
