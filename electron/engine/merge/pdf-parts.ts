// The first step of every merge (`ifc merge`, the window's "Combine into one PDF"): the parts
// that are PDFs already are read and opened before anything is uploaded, so a missing, damaged
// or password-protected one is refused before a token is spent; the rest must become PDF.
import { readFile } from 'node:fs/promises';
import { openPdfPart } from './join-pdfs.ts';

export const isPdfPath = (path: string): boolean => /\.pdf$/i.test(path);

export type PdfParts =
  | { ok: true; pdfs: Map<string, Uint8Array>; toConvert: string[] }
  | { ok: false; code: string; source: string };

export async function splitMergeParts(sources: readonly string[]): Promise<PdfParts> {
  const pdfs = new Map<string, Uint8Array>();
  for (const source of sources.filter(isPdfPath)) {
    const bytes = await readFile(source).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? 'file_missing' : 'file_unreadable',
    );
    if (typeof bytes === 'string') return { ok: false, code: bytes, source };
    const opened = await openPdfPart(bytes);
    if (!opened.ok) return { ok: false, code: opened.error.code, source };
    pdfs.set(source, bytes);
  }
  const toConvert = [...new Set(sources.filter((source) => !isPdfPath(source)))];
  return { ok: true, pdfs, toConvert };
}
