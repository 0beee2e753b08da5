// Joining PDFs into one on this computer (`ifc merge`, issue 19): pages copied in the order
// given with their own sizes, and one bookmark (outline item) per source file. pdf-lib has no
// outline API, so the outline dictionaries are built here from its low-level objects.
// pdf-lib is loaded on first use: the engine's index exports this module, and every `ifc`
// process (and the window's main process) would otherwise parse pdf-lib's ~140 modules at
// start, merge or not.
import type { PDFDocument, PDFRef } from 'pdf-lib';
import { messageFor } from '../../../shared/messages.ts';
import type { Result } from '../../../shared/result.ts';
import { fail, ok } from '../../../shared/result.ts';

export interface MergePart {
  /** The bookmark's title: the source file's name. */
  title: string;
  bytes: Uint8Array;
}

export interface MergedPdf {
  bytes: Uint8Array;
  /** Pages contributed by each part, in the order given. */
  pages: number[];
}

/** Opens one part: an encrypted PDF is `encrypted_input`, anything unreadable or without a
 *  page is `corrupt_input`. */
export async function openPdfPart(bytes: Uint8Array): Promise<Result<PDFDocument>> {
  const { PDFDocument } = await import('pdf-lib');
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    if (doc.getPageCount() < 1) return fail({ code: 'corrupt_input', message: messageFor('corrupt_input') });
    return ok(doc);
  } catch {
    // pdf-lib's EncryptedPDFError does not survive `instanceof` (its classes are compiled to
    // ES5), so encryption is asked again with the check turned off.
    const code = (await isEncrypted(bytes)) ? 'encrypted_input' : 'corrupt_input';
    return fail({ code, message: messageFor(code) });
  }
}

async function isEncrypted(bytes: Uint8Array): Promise<boolean> {
  const { PDFDocument } = await import('pdf-lib');
  try {
    return (await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })).isEncrypted;
  } catch {
    return false;
  }
}

/** Joins the parts in order; fails with the first part that cannot be opened (its index in
 *  `details.part`). */
export async function joinPdfs(parts: MergePart[]): Promise<Result<MergedPdf>> {
  const pdfLib = await import('pdf-lib');
  const out = await pdfLib.PDFDocument.create();
  const firstPages: PDFRef[] = [];
  const pages: number[] = [];
  for (const [index, part] of parts.entries()) {
    const opened = await openPdfPart(part.bytes);
    if (!opened.ok) return fail({ ...opened.error, details: { part: index } });
    const copied = await out.copyPages(opened.value, opened.value.getPageIndices());
    for (const page of copied) out.addPage(page);
    firstPages.push(copied[0]!.ref);
    pages.push(copied.length);
  }
  addOutline(
    pdfLib,
    out,
    parts.map((part, index) => ({ title: part.title, page: firstPages[index]! })),
  );
  return ok({ bytes: await out.save(), pages });
}

/** A flat outline: one top-level item per part, pointing at its first page. */
function addOutline(
  { PDFHexString, PDFName }: typeof import('pdf-lib'),
  doc: PDFDocument,
  items: { title: string; page: PDFRef }[],
): void {
  if (items.length === 0) return;
  const { context } = doc;
  const root = context.nextRef();
  const refs = items.map(() => context.nextRef());
  items.forEach((item, index) => {
    const entry = context.obj({
      Title: PDFHexString.fromText(item.title),
      Parent: root,
      Dest: [item.page, 'Fit'],
    });
    if (index > 0) entry.set(PDFName.of('Prev'), refs[index - 1]!);
    if (index < refs.length - 1) entry.set(PDFName.of('Next'), refs[index + 1]!);
    context.assign(refs[index]!, entry);
  });
  context.assign(
    root,
    context.obj({ Type: 'Outlines', First: refs[0]!, Last: refs.at(-1)!, Count: refs.length }),
  );
  doc.catalog.set(PDFName.of('Outlines'), root);
  // Viewers open with the bookmarks shown, so the parts are visible at once.
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
