// The first and last steps of every merge (`ifc merge`, the window's "Combine into one PDF"): the parts
// that are PDFs already are read and opened before anything is uploaded, so a missing, damaged
// or password-protected one is refused before a token is spent; the rest must become PDF.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { joinPdfs, type MergedPdf, type MergePart, openPdfPart } from './join-pdfs.ts';
import { writeMergedPdf } from './write-merged.ts';

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

export type JoinedParts =
  | { ok: true; merged: MergedPdf }
  /** `part`: a converted part could not be joined (`source` is that part); `target`: the
   *  joined PDF could not be written (`source` is the target). */
  | { ok: false; code: string; source: string; stage: 'part' | 'target' };

/** The last step of every merge: the parts in the order given (a PDF as it was read, any other
 *  file as its converted PDF) joined with a bookmark each and written in one atomic step. A part
 *  that cannot be joined, or a target that cannot be written, names the file to blame. */
export async function joinMergeParts(
  sources: readonly string[],
  pdfs: ReadonlyMap<string, Uint8Array>,
  converted: ReadonlyMap<string, string>,
  target: string,
): Promise<JoinedParts> {
  const inputs: MergePart[] = [];
  for (const source of sources) {
    const bytes = pdfs.get(source) ?? (await readFile(converted.get(source)!));
    inputs.push({ title: basename(source), bytes });
  }
  const joined = await joinPdfs(inputs);
  if (!joined.ok) {
    // Only a converted part can fail here: the PDFs given were opened by splitMergeParts.
    const source = sources[Number(joined.error.details?.part ?? 0)]!;
    return { ok: false, code: joined.error.code, source, stage: 'part' };
  }
  try {
    await writeMergedPdf(target, joined.value.bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk_full' : 'output_unwritable';
    return { ok: false, code, source: target, stage: 'target' };
  }
  return { ok: true, merged: joined.value };
}
