// A scanned PDF (pages that are pictures, no text anywhere) cannot be read without OCR, which
// the offline converter does not do: every target the server offers for pdf refuses it with
// pdf_no_text and its one sentence, refunded, instead of an empty text file or sheet that looks
// like a conversion that worked. A PDF with a little text (a scan with a label on it) still
// converts, and so does a PDF with no pictures at all (a blank page holds nothing to read).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../shared/messages.ts';
import { convert, download, FIXTURES, type Harness, harness, makeFile } from './helpers.ts';

let h: Harness;
let pdfTargets: string[];
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
  const response = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
  pdfTargets = ((await response.json()) as { conversions: Record<string, string[]> }).conversions.pdf!;
});
afterAll(() => h.close());

/** A two-page PDF whose pages are the invoice scan (shared fixture scan.png, 827 x 1170 px),
 *  drawn as images with no text operator; `label` adds one line of real text to page 1. */
async function scannedPdf(label?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const scan = await doc.embedPng(await readFile(join(FIXTURES, 'scan.png')));
  for (let page = 0; page < 2; page += 1) {
    const sheet = doc.addPage([595, 842]);
    sheet.drawImage(scan, { x: 0, y: 0, width: 595, height: 842 });
  }
  if (label) {
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.getPage(0).drawText(label, { x: 40, y: 20, size: 9, font });
  }
  return doc.save();
}

async function workbookTexts(bytes: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    row.eachCell((cell) => {
      texts.push(String(cell.value));
    });
  });
  return texts;
}

describe('pdf without a text layer', () => {
  it('is refused for every pdf target with pdf_no_text and its sentence, refunded', async () => {
    // The targets the server offers for pdf: each must refuse (a new target would be tested too).
    expect(pdfTargets).toEqual(expect.arrayContaining(['txt', 'xlsx']));
    const path = await makeFile(h, 'scanned.pdf', await scannedPdf());
    const before = h.server.balance();
    for (const to of pdfTargets) {
      const job = await convert(h, { to, path });
      expect(job, `pdf -> ${to}`).toMatchObject({
        status: 'failed',
        error: { code: 'pdf_no_text', message: MESSAGES.pdf_no_text },
      });
      expect(job.downloadUrl, `pdf -> ${to}`).toBeUndefined();
      expect(h.server.ledger.entry(job.jobId)?.refunded, `pdf -> ${to}`).toBe(true);
    }
    expect(h.server.balance()).toBe(before);
  });

  it('a scan with one line of text converts, and that text is in the result', async () => {
    const path = await makeFile(h, 'labelled.pdf', await scannedPdf('Scanned by Northwind, 2026-11-02'));
    const txt = await convert(h, { to: 'txt', path });
    expect(txt.status, JSON.stringify(txt.error)).toBe('completed');
    expect((await download(txt)).toString('utf8')).toContain('Scanned by Northwind, 2026-11-02');
    const xlsx = await convert(h, { to: 'xlsx', path });
    expect(xlsx.status, JSON.stringify(xlsx.error)).toBe('completed');
    expect((await workbookTexts(await download(xlsx))).join(' ')).toContain('Scanned by Northwind');
  });

  it("pdf.js's own scan test file (an image page with a small label) converts to its label", async () => {
    const path = join(FIXTURES, 'realworld', 'pdf-scan-bad.pdf');
    const txt = await convert(h, { to: 'txt', path });
    expect(txt.status, JSON.stringify(txt.error)).toBe('completed');
    expect((await download(txt)).toString('utf8').trim()).toBe('pdf.js');
  });

  it('a blank page (no picture, no text) is not a scan: it converts to an empty text', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const job = await convert(h, { to: 'txt', path: await makeFile(h, 'blank.pdf', await doc.save()) });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect((await download(job)).toString('utf8').trim()).toBe('');
  });
});
