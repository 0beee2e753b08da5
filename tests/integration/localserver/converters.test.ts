// Each converter on a small real fixture, through the server, with the output checked by
// parsing it with an independent reader (exceljs, csv-parse, sharp, pdf-lib, pdfjs).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convert,
  download,
  FIXTURES,
  fixture,
  getJob,
  type Harness,
  harness,
  type JobBody,
  makeFile,
  postConvert,
} from './helpers.ts';
import { waitFor } from '../../support/wait.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
});
afterAll(() => h.close());

async function run(name: string, to: string, fileName?: string): Promise<Buffer> {
  const job = await convert(h, { to, path: await fixture(h, name), fileName });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return download(job);
}

async function sheetRows(bytes: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  const doc = await task.promise;
  let text = '';
  for (let page = 1; page <= doc.numPages; page += 1) {
    const content = await (await doc.getPage(page)).getTextContent();
    text += `${content.items.map((item) => ('str' in item ? item.str : '')).join('')}\n`;
  }
  await task.destroy();
  return text;
}

const salesCsv = async () => parse(await readFile(join(FIXTURES, 'sales.csv'))) as string[][];

describe('tables', () => {
  it('csv -> xlsx holds the csv cells, typed as LibreOffice types them in sales.xlsx', async () => {
    const ours = await sheetRows(await run('sales.csv', 'xlsx'));
    const reference = await sheetRows(await readFile(join(FIXTURES, 'sales.xlsx')));
    expect(ours).toEqual(reference);
    expect(ours[2]).toEqual([new Date('2026-07-01T00:00:00Z'), 'South', 'Toner', 14, 856.8]);
    expect(ours[3]![2]).toBe('Chair "K7"');
  });

  it('xlsx -> csv gives the same table as sales.csv', async () => {
    const ours = parse(await run('sales.xlsx', 'csv')) as string[][];
    const expected = await salesCsv();
    expect(ours.length).toBe(expected.length);
    for (const [r, row] of ours.entries()) {
      for (const [c, cell] of row.entries()) {
        const want = expected[r]![c]!;
        // Numbers come back as numbers (2940.00 is stored as 2940), text exactly.
        if (/^\d/.test(want) && !want.includes('-')) expect(Number(cell)).toBe(Number(want));
        else expect(cell).toBe(want);
      }
    }
  });

  it('csv -> json gives one object per row keyed by the header, and json -> csv returns it', async () => {
    const records = JSON.parse((await run('sales.csv', 'json')).toString('utf8')) as Record<string, string>[];
    expect(records).toEqual(parse(await readFile(join(FIXTURES, 'sales.csv')), { columns: true }));
    expect(records[3]).toMatchObject({ region: 'München', revenue: '256.00' });
    const jsonPath = await makeFile(h, 'sales.json', JSON.stringify(records));
    const back = await convert(h, { to: 'csv', path: jsonPath });
    expect(parse(await download(back))).toEqual(await salesCsv());
  });

  it('a json that is not a list of records fails with corrupt_input and is refunded', async () => {
    const before = h.server.balance();
    const job = await convert(h, { to: 'csv', path: await makeFile(h, 'broken.json', '{"a": ') });
    expect(job.error?.code).toBe('corrupt_input');
    expect(h.server.balance()).toBe(before);
  });
});

describe('progress', () => {
  it('moves through intermediate values while a larger table converts', async () => {
    const rows = Array.from({ length: 4_000 }, (_, i) => `2026-07-01,Region ${i % 7},Item ${i},${i},${i}.50`);
    const path = await makeFile(h, 'large.csv', `date,region,product,units,revenue\n${rows.join('\n')}\n`);
    const accepted = (await (await postConvert(h, { to: 'xlsx', path })).json()) as JobBody;
    const seen = new Set<number>();
    await waitFor(
      async () => {
        const { body } = await getJob(h, accepted.jobId);
        seen.add(body.progress);
        return body.status === 'completed' || body.status === 'failed';
      },
      'the large table to finish converting',
      50_000,
    );
    expect([...seen].some((progress) => progress > 5 && progress < 100)).toBe(true);
    expect(seen.has(100)).toBe(true);
  });
});

describe('text documents', () => {
  it('md -> html has headings, the table, code, and the text', async () => {
    const html = (await run('notes.md', 'html')).toString('utf8');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<h1>Meeting notes: invoice automation</h1>');
    expect(html).toMatch(/<table>[\s\S]*<td>Watch folder<\/td>/);
    expect(html).toContain('<code>');
    expect(html).toContain('Zoë');
  });

  it('txt -> pdf keeps £ € ü 日本 as text', async () => {
    const bytes = await run('memo.txt', 'pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('Plain text memo.');
    expect(text).toContain('Line two with unicode: £ € ü 日本.');
    expect(text).toContain('Third paragraph.');
  });

  it('md -> pdf has the headings, list and table text', async () => {
    const text = await pdfText(await run('notes.md', 'pdf'));
    expect(text).toContain('Meeting notes: invoice automation');
    expect(text).toContain('Attendees: Priya, Tom, Zoë');
    expect(text).toContain('1. Convert incoming PDF invoices to XLSX on arrival.');
    expect(text).toContain('Watch folder');
  });

  it('docx -> html keeps headings, lists, the table and accents', async () => {
    const html = (await run('report.docx', 'html')).toString('utf8');
    expect(html).toMatch(/<h1>Quarterly Operations Report<\/h1>/);
    expect(html).toMatch(/<h2>[^<]*Highlights/);
    expect(html).toContain('<li>');
    expect(html).toMatch(/<table>[\s\S]*Furniture[\s\S]*<\/table>/);
    expect(html).toContain('Café');
    expect(html).toContain('naïve');
    const invoice = (await run('invoice.docx', 'html')).toString('utf8');
    expect(invoice).toContain('INV-2026-0042');
    expect(invoice).toContain('A4 copier paper, 80 g, box of 5 reams');
  });

  it('docx -> html leaves out EMF/WMF pictures no browser can show, and says so in the note', async () => {
    // A real document's first picture, declared as a Windows metafile (as Word stores drawings).
    const docx = await JSZip.loadAsync(
      await readFile(join(FIXTURES, 'realworld', 'docx-having-images.docx')),
    );
    const types = await docx.file('[Content_Types].xml')!.async('string');
    docx.file(
      '[Content_Types].xml',
      types.replace(
        '<Default Extension="png"',
        '<Default Extension="emf" ContentType="image/x-emf"/><Default Extension="png"',
      ),
    );
    const rels = await docx.file('word/_rels/document.xml.rels')!.async('string');
    docx.file('word/_rels/document.xml.rels', rels.replace('media/image1.png', 'media/image1.emf'));
    docx.file('word/media/image1.emf', await docx.file('word/media/image1.png')!.async('uint8array'));
    docx.remove('word/media/image1.png');
    const path = await makeFile(h, 'drawing.docx', await docx.generateAsync({ type: 'uint8array' }));
    const job = await convert(h, { to: 'html', path });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    const html = (await download(job)).toString('utf8');
    expect(html).not.toContain('image/x-emf');
    expect(html).not.toContain('left-out:');
    // The document's other pictures are still there, as PNG.
    expect(html).toContain('data:image/png;base64,');
    expect((job as { note?: string }).note).toMatch(/^1 picture in EMF or WMF format/);
  });

  it('docx -> txt has the headings and table cells', async () => {
    const text = (await run('report.docx', 'txt')).toString('utf8');
    for (const want of ['Quarterly Operations Report', 'Costs by category', 'Furniture', '1,318', 'Café']) {
      expect(text).toContain(want);
    }
  });
});

describe('pdf', () => {
  it('pdf -> txt has the invoice text line by line', async () => {
    const text = (await run('invoice.pdf', 'txt')).toString('utf8');
    expect(text).toContain('Invoice number: INV-2026-0042');
    expect(text).toMatch(/^A4 copier paper, 80 g, box of 5 reams\t12\t24\.50\t294\.00$/m);
    expect(text).toContain('Total due: GBP 1,582.86');
  });

  it('pdf -> xlsx: one row per line, the first item and its amount in separate cells, the total a number', async () => {
    const rows = await sheetRows(await run('invoice.pdf', 'xlsx'));
    const item = rows.find((row) => row[0] === 'A4 copier paper, 80 g, box of 5 reams');
    expect(item).toEqual(['A4 copier paper, 80 g, box of 5 reams', 12, 24.5, 294]);
    const header = rows.find((row) => row[0] === 'Description');
    expect(header).toBeDefined();
    expect(header!.at(-1)).toBe('Amount');
    expect(rows.filter((row) => typeof row[1] === 'number' && typeof row[3] === 'number')).toHaveLength(5);
    // The printed total "GBP 1,582.86" is a number (its format keeps the currency code).
    expect(rows.flat()).toContain(1582.86);
    // Amounts keep their two decimals as a number format.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await run('invoice.pdf', 'xlsx')) as unknown as ArrayBuffer);
    let format = '';
    workbook.worksheets[0]!.eachRow((row) => {
      if (row.getCell(1).value === 'A4 copier paper, 80 g, box of 5 reams') format = row.getCell(4).numFmt;
    });
    expect(format).toBe('0.00');
  });

  it('a file name with spaces and umlauts survives', async () => {
    const job = await convert(h, { to: 'txt', path: await fixture(h, 'Überweisung März 2026.pdf') });
    expect(job.sourceName).toBe('Überweisung März 2026.pdf');
    expect(job.fileName).toBe('Überweisung März 2026.txt');
  });

  it('an encrypted pdf fails with encrypted_input, a cut one with corrupt_input, both refunded', async () => {
    const before = h.server.balance();
    const encrypted = await convert(h, { to: 'xlsx', path: await fixture(h, 'encrypted.pdf') });
    const corrupt = await convert(h, { to: 'txt', path: await fixture(h, 'corrupt.pdf') });
    expect(encrypted).toMatchObject({ status: 'failed', error: { code: 'encrypted_input' } });
    expect(corrupt).toMatchObject({ status: 'failed', error: { code: 'corrupt_input' } });
    expect(h.server.balance()).toBe(before);
    expect(h.server.ledger.entry(encrypted.jobId)?.refunded).toBe(true);
    expect(h.server.ledger.entry(corrupt.jobId)?.refunded).toBe(true);
  });
});

describe('images', () => {
  it('png -> jpg and jpg -> png keep the 827 x 1170 size', async () => {
    const jpg = await sharp(await run('scan.png', 'jpg')).metadata();
    expect(jpg).toMatchObject({ format: 'jpeg', width: 827, height: 1170 });
    const png = await sharp(await run('scan.jpg', 'png')).metadata();
    expect(png).toMatchObject({ format: 'png', width: 827, height: 1170 });
  });

  it('png/jpg -> webp and webp -> png/jpg keep the size', async () => {
    const webpBytes = await run('scan.png', 'webp');
    expect(await sharp(webpBytes).metadata()).toMatchObject({ format: 'webp', width: 827, height: 1170 });
    expect(await sharp(await run('scan.jpg', 'webp')).metadata()).toMatchObject({
      format: 'webp',
      width: 827,
    });
    const webpPath = await makeFile(h, 'scan.webp', webpBytes);
    for (const to of ['png', 'jpg']) {
      const job = await convert(h, { to, path: webpPath });
      const meta = await sharp(await download(job)).metadata();
      expect(meta).toMatchObject({ width: 827, height: 1170 });
    }
  });

  it('png/jpg -> pdf: one page, A4 at the scan resolution, with the image', async () => {
    for (const name of ['scan.png', 'scan.jpg']) {
      const doc = await PDFDocument.load(await run(name, 'pdf'));
      expect(doc.getPageCount()).toBe(1);
      const { width, height } = doc.getPage(0).getSize();
      expect(Math.round(width)).toBe(595);
      expect(Math.round(height)).toBe(842);
    }
  });

  it('an image that is not one fails with corrupt_input', async () => {
    const job = await convert(h, { to: 'jpg', path: await makeFile(h, 'fake.png', 'not a png at all') });
    expect(job).toMatchObject({ status: 'failed', error: { code: 'corrupt_input' } });
  });
});
