// xlsx -> csv over workbooks written by others (shared/fixtures/realworld, read in place), by
// hand (the shapes other writers produce) and in bulk, checked against what exceljs reads from
// the same files; plus password-protected Office files. The csv rules (README): every sheet,
// several sheets in one csv with the sheet name first, values as stored (formula results,
// ISO dates, plain numbers at 15 significant digits, TRUE/FALSE).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import CFB from 'cfb';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../shared/messages.ts';
import { convert, download, FIXTURES, type Harness, harness, type JobBody } from './helpers.ts';

const REAL = join(FIXTURES, 'realworld');

let h: Harness;
beforeAll(async () => {
  h = await harness({ conversionLimits: { outputBytes: 32 * 1024 * 1024, memoryMb: 256 } });
});
afterAll(() => h.close());

async function csvOf(path: string, fileName?: string): Promise<{ job: JobBody; rows: string[][] }> {
  const job = await convert(h, { to: 'csv', path, ...(fileName ? { fileName } : {}) });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return { job, rows: parse(await download(job), { relax_column_count: true }) as string[][] };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

// exceljs drops a formula's cached result when it is 0 or FALSE (the file has <v>0</v>), so
// such a cell may be 0, FALSE or empty in ours.
const NO_RESULT = '\u0000no cached result';

/** Cells where ours differs from exceljs's reading, less the known exceljs deviations. */
function differences(ours: string[][], expected: string[][]): string[] {
  const found: string[] = [];
  const rows = Math.max(ours.length, expected.length);
  for (let r = 0; r < rows; r += 1) {
    const width = Math.max(ours[r]?.length ?? 0, expected[r]?.length ?? 0);
    for (let c = 0; c < width; c += 1) {
      const got = ours[r]?.[c];
      const want = expected[r]?.[c];
      if (got === want) continue;
      if (want === NO_RESULT && ['0', 'FALSE', ''].includes(got ?? '')) continue;
      // Day 0 of the 1900 system: Excel (and we) count from 1899-12-31, exceljs from 1899-12-30.
      if (want === '1899-12-30' && got === '1899-12-31') continue;
      found.push(`row ${r + 1} col ${c + 1}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
    }
  }
  return found;
}

/** The text our documented rules give for a value as exceljs reads it. */
function expectedText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const at = new Date(Math.round(value.getTime() / 1000) * 1000);
    const date = at.toISOString().slice(0, 10);
    const time = `${pad2(at.getUTCHours())}:${pad2(at.getUTCMinutes())}:${pad2(at.getUTCSeconds())}`;
    if (time === '00:00:00') return date;
    return date === '1899-12-30' ? time : `${date} ${time}`;
  }
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.error !== undefined) return cell.error;
    if ('formula' in cell || 'sharedFormula' in cell)
      return cell.result === undefined ? NO_RESULT : expectedText(cell.result);
    if (cell.text !== undefined) return String(cell.text);
  }
  return String(value);
}

/** The csv exceljs's reading of the workbook implies, sheet by sheet, padded like ours. */
async function expectedRows(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheets = book.worksheets;
  const rows: string[][] = [];
  for (const sheet of sheets) {
    const records: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      // A merged range keeps its value in the top-left cell only (as Excel's own csv export
      // does); exceljs repeats it in every cell of the range.
      const cells = Array.from({ length: row.cellCount }, (_, index) => {
        const cell = row.getCell(index + 1);
        return cell.isMerged && cell.master !== cell ? '' : expectedText(cell.value);
      });
      while (cells.length > 0 && cells.at(-1) === '') cells.pop();
      records[number - 1] = cells;
    });
    while (records.length > 0 && (records.at(-1)?.length ?? 0) === 0) records.pop();
    for (const record of Array.from(records, (record) => record ?? []))
      rows.push(sheets.length > 1 ? [sheet.name, ...record] : record);
  }
  const width = Math.max(...rows.map((row) => row.length));
  return rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
}

describe('workbooks from other writers (realworld)', () => {
  it.each([
    'xlsx-poi-AverageTaxRates.xlsx',
    'xlsx-poi-DateFormatTests.xlsx',
    'xlsx-poi-right-to-left.xlsx',
    'xlsx-sheetjs-formula_stress_test.xlsx',
    'xlsx-sheetjs-phonetic_text.xlsx',
  ])('%s: every sheet, every cell as exceljs reads it', async (name) => {
    const path = join(REAL, name);
    const { job, rows } = await csvOf(path);
    const expected = await expectedRows(path);
    expect(differences(rows, expected)).toEqual([]);
    expect(rows.length).toBe(expected.length);
    const sheets = (await new ExcelJS.Workbook().xlsx.readFile(path)).worksheets.length;
    expect((job as { note?: string }).note).toBe(
      sheets > 1
        ? `All ${sheets} sheets are in this one file, in workbook order; the first column names the sheet of each row.`
        : undefined,
    );
  });

  it('a 30-sheet workbook loses no sheet: each appears, in order, with its rows', async () => {
    const book = new ExcelJS.Workbook();
    for (let n = 1; n <= 30; n += 1)
      book.addWorksheet(`Month ${n}`).addRows([
        ['day', 'amount'],
        [n, n * 10],
      ]);
    const path = join(h.dir, 'thirty.xlsx');
    await book.xlsx.writeFile(path);
    const { job, rows } = await csvOf(path);
    expect(rows).toHaveLength(60);
    expect(rows.filter((row) => row[1] === 'day').map((row) => row[0])).toEqual(
      Array.from({ length: 30 }, (_, i) => `Month ${i + 1}`),
    );
    expect(rows.filter((row) => row[1] !== 'day').reduce((sum, row) => sum + Number(row[2]), 0)).toBe(4650);
    expect((job as { note?: string }).note).toBe(
      'All 30 sheets are in this one file, in workbook order; the first column names the sheet of each row.',
    );
  });
});

describe('bombs and big workbooks', () => {
  it('the shared-strings bomb (110 KB -> 12 GB of text) stops at the result limit', async () => {
    const job = await convert(h, { to: 'csv', path: join(REAL, 'xlsx-poi-poc-shared-strings.xlsx') });
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'result_too_large', message: MESSAGES.result_too_large });
  });

  it('a 20,000-row workbook full of merged cells converts within a 256 MiB heap, sums intact', async () => {
    const path = join(h.dir, 'merged.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet('Ledger');
    for (let r = 1; r <= 20_000; r += 1) {
      const row = sheet.addRow([r, `item ${r % 97}`, r * 0.25, 'merged', '', '', 'tail']);
      if (r % 2 === 0) sheet.mergeCells(r, 4, r, 6);
      row.commit();
    }
    sheet.commit();
    await writer.commit();
    const { rows } = await csvOf(path);
    expect(rows).toHaveLength(20_000);
    expect(rows.reduce((sum, row) => sum + Number(row[0]), 0)).toBe((20_000 * 20_001) / 2);
    expect(rows.reduce((sum, row) => sum + Number(row[2]), 0)).toBe((0.25 * 20_000 * 20_001) / 2);
    expect(rows[1]).toEqual(['2', 'item 2', '0.5', 'merged', '', '', 'tail']);
  });
});

/** A package as other writers make them, built part by part. */
async function handMade(parts: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(parts)) zip.file(name, text);
  const path = join(h.dir, `hand-${Object.keys(parts).length}-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

describe('shapes other writers produce', () => {
  it('absolute part names, prefixed elements, inline strings, no styles or shared strings', async () => {
    const path = await handMade({
      '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R9" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
      'xl/workbook.xml': `<x:workbook xmlns:x="${MAIN}" xmlns:r="${REL}"><x:sheets><x:sheet name="Data" sheetId="1" r:id="R9"/></x:sheets></x:workbook>`,
      'xl/worksheets/data.xml': `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>
        <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>ok</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>v</x:t></x:is></x:c></x:row>
        <x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:r><x:t>Zoë, "the</x:t></x:r><x:r><x:t> first"</x:t></x:r></x:is></x:c><x:c r="B3" t="b"><x:v>1</x:v></x:c><x:c r="C3"><x:v>0.1000000000000000055</x:v></x:c></x:row>
        <x:row r="4"><x:c r="A4" t="str"><x:f>UPPER("x")</x:f><x:v>X</x:v></x:c><x:c r="B4" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="C4"><x:f>1/3</x:f><x:v>0.33333333333333331</x:v></x:c></x:row>
        <x:row><x:c t="n"><x:v>7</x:v></x:c><x:c/><x:c><x:v>1E+21</x:v></x:c></x:row>
      </x:sheetData></x:worksheet>`,
    });
    const { rows } = await csvOf(path);
    expect(rows).toEqual([
      ['name', 'ok', 'v'],
      ['', '', ''],
      ['Zoë, "the first"', 'TRUE', '0.1'],
      ['X', '#DIV/0!', '0.333333333333333'],
      ['7', '', '1e+21'],
    ]);
  });

  it('dates by style in the 1904 system, times of day, and a hidden second sheet', async () => {
    const path = await handMade({
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL}/worksheet" Target="worksheets/one.xml"/><Relationship Id="b" Type="${REL}/worksheet" Target="worksheets/two.xml"/><Relationship Id="s" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr date1904="1"/><sheets><sheet name="Two" sheetId="2" r:id="b"/><sheet name="One" sheetId="1" r:id="a" state="hidden"/></sheets></workbook>`,
      'xl/styles.xml': `<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="[Red]0.00;&quot;minus&quot;0"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="21"/><xf numFmtId="165"/></cellXfs></styleSheet>`,
      'xl/worksheets/one.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" s="1"><v>43890</v></c><c r="B1" s="2"><v>43890.5</v></c><c r="C1" s="3"><v>0.75</v></c><c r="D1" s="4"><v>12.5</v></c></row></sheetData></worksheet>`,
      'xl/worksheets/two.xml': `<worksheet xmlns="${MAIN}"><sheetData><row r="2"><c r="B2"><v>5</v></c></row></sheetData></worksheet>`,
    });
    const { rows } = await csvOf(path);
    // 1904 system: serial 0 is 1904-01-01, so 43890 is 2024-03-01 (45352 in the 1900 system).
    expect(rows).toEqual([
      ['Two', '', '', '', ''],
      ['Two', '', '5', '', ''],
      ['One', '2024-03-01', '2024-03-01 12:00:00', '18:00:00', '12.5'],
    ]);
  });

  it('a zip that is no workbook, and a fuzzed one, are damaged', async () => {
    const path = await handMade({ 'hello.txt': 'not a workbook' });
    for (const file of [path, join(REAL, 'xlsx-poi-clusterfuzz-XLSX2CSV-5636439151607808.xlsx')]) {
      const job = await convert(h, { to: 'csv', path: file, fileName: 'book.xlsx' });
      expect(job.error).toEqual({ code: 'corrupt_input', message: MESSAGES.corrupt_input });
    }
  });
});

describe('password-protected Office files', () => {
  it.each(['html', 'txt'])('docx (OLE2 EncryptedPackage) -> %s gets the password sentence', async (to) => {
    const job = await convert(h, { to, path: join(REAL, 'docx-poi-bug53475-password-is-pass.docx') });
    expect(job.error).toEqual({ code: 'encrypted_input', message: MESSAGES.encrypted_input });
  });

  it('an encrypted xlsx gets the password sentence; an old .xls renamed .xlsx is not what it says', async () => {
    const encrypted = CFB.utils.cfb_new();
    CFB.utils.cfb_add(encrypted, 'EncryptionInfo', Buffer.from([4, 0, 4, 0]));
    CFB.utils.cfb_add(encrypted, 'EncryptedPackage', Buffer.alloc(4096, 7));
    const plain = CFB.utils.cfb_new();
    CFB.utils.cfb_add(plain, 'Workbook', Buffer.alloc(4096, 1));
    const locked = join(h.dir, 'locked.xlsx');
    const renamed = join(h.dir, 'renamed.xlsx');
    await writeFile(locked, CFB.write(encrypted, { type: 'buffer' }) as Buffer);
    await writeFile(renamed, CFB.write(plain, { type: 'buffer' }) as Buffer);
    expect((await convert(h, { to: 'csv', path: locked })).error?.code).toBe('encrypted_input');
    expect((await convert(h, { to: 'csv', path: renamed })).error?.code).toBe('corrupt_input');
  });

  it('a truncated docx is damaged', async () => {
    const job = await convert(h, { to: 'txt', path: join(REAL, 'docx-poi-truncated62886.docx') });
    expect(job.error).toEqual({ code: 'corrupt_input', message: MESSAGES.corrupt_input });
  });
});
