// Joining PDFs on this computer: pages in the order given, one bookmark per part pointing at
// its first page, and a part that cannot be opened named by its index with the reason a
// person can act on. The fixtures are read in place; the joined PDF is read back with poppler
// (what a viewer shows) and with pdf-lib's low-level objects (the bookmarks).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, type PDFHexString, PDFName, type PDFRef } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { joinPdfs, openPdfPart } from '../../../../electron/engine/merge/join-pdfs.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

const fixture = (name: string) => readFile(join(FIXTURES, name));

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The titles of the outline's top-level items and the page number (1-based) each opens. */
function bookmarks(doc: PDFDocument): { title: string; page: number }[] {
  const pageRefs = doc.getPages().map((page) => page.ref);
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
  const found: { title: string; page: number }[] = [];
  let ref = outlines.get(PDFName.of('First')) as PDFRef | undefined;
  while (ref) {
    const item = doc.context.lookup(ref, PDFDict);
    const title = (item.lookup(PDFName.of('Title')) as PDFHexString).decodeText();
    const dest = item.lookup(PDFName.of('Dest')) as unknown as { get(index: number): PDFRef };
    found.push({ title, page: pageRefs.indexOf(dest.get(0)) + 1 });
    ref = item.get(PDFName.of('Next')) as PDFRef | undefined;
  }
  return found;
}

describe('joining PDFs', () => {
  it('puts the parts one after the other with a bookmark at the start of each', async () => {
    // A two-page part made here, so that "first page of each part" is more than page 1 and 2.
    const twoPages = await PDFDocument.create();
    twoPages.addPage([300, 400]);
    twoPages.addPage([300, 400]);
    const joined = await joinPdfs([
      { title: 'Report', bytes: await fixture('report.pdf') },
      { title: 'Blank pair', bytes: await twoPages.save() },
      { title: 'Überweisung März', bytes: await fixture('invoice.pdf') },
    ]);
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(joined.value.pages).toEqual([1, 2, 1]);

    dir = await mkdtemp(join(tmpdir(), 'ifc-join-pdfs-'));
    const file = join(dir, 'joined.pdf');
    await writeFile(file, joined.value.bytes);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+4/);
    const page = (n: number) =>
      execFileSync('pdftotext', ['-f', `${n}`, '-l', `${n}`, file, '-'], { encoding: 'utf8' });
    expect(page(1)).toContain('Quarterly Operations Report');
    expect(page(2).trim()).toBe('');
    expect(page(4)).toContain('Northwind Office Supplies Ltd');

    const doc = await PDFDocument.load(joined.value.bytes);
    expect(bookmarks(doc)).toEqual([
      { title: 'Report', page: 1 },
      { title: 'Blank pair', page: 2 },
      { title: 'Überweisung März', page: 4 },
    ]);
    expect(doc.catalog.get(PDFName.of('PageMode'))).toBe(PDFName.of('UseOutlines'));
  });

  it('names the first part that cannot be opened, and why', async () => {
    const report = await fixture('report.pdf');
    const encrypted = await joinPdfs([
      { title: 'a', bytes: report },
      { title: 'b', bytes: await fixture('encrypted.pdf') },
      { title: 'c', bytes: await fixture('corrupt.pdf') },
    ]);
    expect(encrypted.ok ? undefined : [encrypted.error.code, encrypted.error.details]).toEqual([
      'encrypted_input',
      { part: 1 },
    ]);
    const corrupt = await joinPdfs([{ title: 'c', bytes: await fixture('corrupt.pdf') }]);
    expect(corrupt.ok ? undefined : [corrupt.error.code, corrupt.error.details]).toEqual([
      'corrupt_input',
      { part: 0 },
    ]);
  });

  it('opens a part only when it is a readable PDF with a page', async () => {
    expect((await openPdfPart(await fixture('invoice.pdf'))).ok).toBe(true);
    const noPages = await (await PDFDocument.create()).save({ addDefaultPage: false });
    const outcomes = await Promise.all(
      [new Uint8Array(), noPages, await fixture('encrypted.pdf'), await fixture('memo.txt')].map(openPdfPart),
    );
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code))).toEqual([
      'corrupt_input',
      'corrupt_input',
      'encrypted_input',
      'corrupt_input',
    ]);
  });
});
