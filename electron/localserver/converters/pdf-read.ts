// Reading PDFs with pdfjs-dist (legacy build, for Node): a password-protected file is
// encrypted_input, one pdfjs cannot parse is corrupt_input. Text comes back as lines of
// cells: items on one baseline form a line, and a horizontal gap wider than a column gap
// starts a new cell.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ConversionFailure } from './converter.ts';

interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export type PdfLine = string[];

// Predefined CMaps let pdfjs map CJK (CID-keyed) fonts back to Unicode.
const CMAPS = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps')}/`;

function failureFor(error: unknown): ConversionFailure {
  const name = (error as { name?: string } | null)?.name;
  const detail = error instanceof Error ? error.message : String(error);
  return new ConversionFailure(name === 'PasswordException' ? 'encrypted_input' : 'corrupt_input', detail);
}

function toItems(raw: unknown[]): TextItem[] {
  const items: TextItem[] = [];
  for (const entry of raw) {
    const item = entry as { str?: string; transform?: number[]; width?: number; height?: number };
    if (typeof item.str !== 'string' || !item.transform || item.str.trim() === '') continue;
    const [a = 0, b = 0, , d = 0, x = 0, y = 0] = item.transform;
    const size = Math.abs(item.height || d || Math.hypot(a, b)) || 10;
    items.push({ str: item.str, x, y, width: item.width ?? 0, size });
  }
  return items;
}

/** Groups items into lines (top to bottom) and each line into cells (left to right). */
export function linesOf(items: TextItem[]): PdfLine[] {
  const rows: TextItem[][] = [];
  for (const item of [...items].sort((p, q) => q.y - p.y || p.x - q.x)) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.y - item.y) < row[0]!.size * 0.5) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => {
    row.sort((p, q) => p.x - q.x);
    const cells: string[] = [];
    let end = Number.NEGATIVE_INFINITY;
    for (const item of row) {
      const gap = item.x - end;
      const text = item.str.trim();
      if (cells.length === 0 || gap > Math.max(4, item.size * 0.5)) cells.push(text);
      else cells[cells.length - 1] += (gap > item.size * 0.15 ? ' ' : '') + text;
      end = item.x + item.width;
    }
    return cells.flatMap(splitNumberRun);
  });
}

const NUMBER_RUN = /^-?[\d.,]*\d(?: -?[\d.,]*\d)+$/;

/** pdfjs joins close right-aligned columns into one item ("1,204 1,318"); a cell made only of
 *  numbers separated by single spaces is such a join, so it is split again. */
function splitNumberRun(cell: string): string[] {
  return NUMBER_RUN.test(cell) ? cell.split(' ') : [cell];
}

/** Calls `onPage` with each page's lines, in order; progress runs over the pages. */
export async function readPdfLines(
  path: string,
  onPage: (lines: PdfLine[], page: number) => void | Promise<void>,
  progress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const data = new Uint8Array(await readFile(path));
  const task = pdfjs.getDocument({
    data,
    cMapUrl: CMAPS,
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: true,
  });
  try {
    const doc = await task.promise.catch((error: unknown) => {
      throw failureFor(error);
    });
    for (let number = 1; number <= doc.numPages && !signal.aborted; number += 1) {
      const content = await doc
        .getPage(number)
        .then((page) => page.getTextContent())
        .catch((error: unknown) => {
          throw failureFor(error);
        });
      await onPage(linesOf(toItems(content.items)), number);
      progress(number / doc.numPages);
    }
  } finally {
    await task.destroy();
  }
}
