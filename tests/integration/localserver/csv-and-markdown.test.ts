// csv -> json / xlsx on files as spreadsheet programs across Europe write them (Latin-1,
// semicolons, decimal commas), tables without a header or with repeated names, and
// md -> html with hostile raw HTML. Results are read back with other libraries: csv-parse for
// the source, exceljs for the workbook (summing a column), plain text for the JSON key order.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, download, FIXTURES, type Harness, harness, makeFile } from './helpers.ts';
import { latin1 } from './legacy-bytes.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
});
afterAll(() => h.close());

const ISTAT = 'csv-istat-comuni-latin1.csv';

async function run(path: string, to: string): Promise<Buffer> {
  const job = await convert(h, { to, path });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return download(job);
}

async function firstSheet(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** The keys of the first record in the order they are written in the JSON text. */
function writtenKeys(json: string): string[] {
  const record = json.slice(json.indexOf('{'), json.indexOf('}') + 1);
  return [...record.matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((match) => JSON.parse(`"${match[1]}"`));
}

describe('a Latin-1, semicolon-separated csv (ISTAT list of Italian municipalities)', () => {
  const source = async () => {
    const text = new TextDecoder('latin1').decode(await readFile(join(FIXTURES, 'realworld', ISTAT)));
    return parse(text, { delimiter: ';' }) as string[][];
  };

  it('-> json: one record per row, accents intact, keys in the header order', async () => {
    const path = await makeFile(h, ISTAT, await readFile(join(FIXTURES, 'realworld', ISTAT)));
    const json = (await run(path, 'json')).toString('utf8');
    const [header, ...rows] = await source();
    const records = JSON.parse(json) as Record<string, string>[];
    expect(records).toHaveLength(rows.length);
    expect(rows.length).toBeGreaterThan(7800);
    expect(json).not.toContain('\uFFFD');
    expect(records[0]!['Denominazione in italiano']).toBe('Agliè');
    expect(records.some((record) => record['Denominazione Regione'] === "Valle d'Aosta/Vallée d'Aoste")).toBe(
      true,
    );
    expect(writtenKeys(json)).toEqual(header);
  });

  it('-> xlsx: every row, accents intact, numeric codes typed so a column sums', async () => {
    const path = await makeFile(h, ISTAT, await readFile(join(FIXTURES, 'realworld', ISTAT)));
    const sheet = await firstSheet(await run(path, 'xlsx'));
    const [header, ...rows] = await source();
    expect(sheet.rowCount).toBe(rows.length + 1);
    const column = header!.indexOf('Codice Comune formato numerico') + 1;
    expect(column).toBeGreaterThan(0);
    let sum = 0;
    sheet.eachRow((row, index) => {
      if (index === 1) return;
      const value = row.getCell(column).value;
      expect(typeof value).toBe('number');
      sum += value as number;
    });
    expect(sum).toBe(rows.reduce((total, row) => total + Number(row[column - 1]), 0));
    expect(sheet.getRow(2).getCell(header!.indexOf('Denominazione in italiano') + 1).value).toBe('Agliè');
    // Codes with leading zeros stay text, as written.
    expect(sheet.getRow(2).getCell(1).value).toBe('01');
  });
});

describe('csv dialects', () => {
  const europe = 'Città;Importo;Quantità\nMünchen;1.234,56;3\nSão Paulo;-12,5;2\nZürich;0,75;10\n';

  it('decimal commas become numbers in xlsx and stay as written in json', async () => {
    const path = await makeFile(h, 'importi.csv', latin1(europe));
    const sheet = await firstSheet(await run(path, 'xlsx'));
    expect(sheet.getRow(1).values).toEqual([undefined, 'Città', 'Importo', 'Quantità']);
    let sum = 0;
    for (let row = 2; row <= 4; row += 1) sum += sheet.getRow(row).getCell(2).value as number;
    expect(sum).toBeCloseTo(1222.81, 10);
    expect(sheet.getRow(2).getCell(1).value).toBe('München');
    const json = JSON.parse((await run(path, 'json')).toString('utf8'));
    expect(json[1]).toEqual({ Città: 'São Paulo', Importo: '-12,5', Quantità: '2' });
  });

  it('tab and pipe delimiters are found', async () => {
    for (const [name, delimiter] of [
      ['tabs.csv', '\t'],
      ['pipes.csv', '|'],
    ] as const) {
      const path = await makeFile(
        h,
        name,
        ['name|city|total', 'Ann|Oslo|3', 'Bo|Lund|4'].join('\n').replaceAll('|', delimiter),
      );
      const json = JSON.parse((await run(path, 'json')).toString('utf8'));
      expect(json).toEqual([
        { name: 'Ann', city: 'Oslo', total: '3' },
        { name: 'Bo', city: 'Lund', total: '4' },
      ]);
    }
  });

  it('a first row of data is kept as data, with generated names', async () => {
    const path = await makeFile(h, 'no-header.csv', '1,2.5,3\n4,5.5,6\n');
    const json = JSON.parse((await run(path, 'json')).toString('utf8'));
    expect(json).toEqual([
      { column_1: '1', column_2: '2.5', column_3: '3' },
      { column_1: '4', column_2: '5.5', column_3: '6' },
    ]);
    const sheet = await firstSheet(await run(path, 'xlsx'));
    expect(sheet.getRow(1).values).toEqual([undefined, 1, 2.5, 3]);
  });

  it('repeated and empty names are made unique; numeric names keep their place', async () => {
    const path = await makeFile(h, 'names.csv', 'name,2024,2023,1,name,,x\nA,10,20,30,B,C,D\n');
    const json = (await run(path, 'json')).toString('utf8');
    expect(writtenKeys(json)).toEqual(['name', '2024', '2023', '1', 'name_2', 'column_6', 'x']);
    expect(JSON.parse(json)[0]).toMatchObject({ name: 'A', name_2: 'B', column_6: 'C', '2024': '10' });
  });

  it('json -> csv writes the columns in the order the json has them, numeric names too', async () => {
    const csv = 'name,2024,2023,1\nA,10,20,30\nB,11,21,31\n';
    const json = await run(await makeFile(h, 'years.csv', csv), 'json');
    const back = await run(await makeFile(h, 'years.json', json), 'csv');
    expect(parse(back)).toEqual(parse(csv));
  });

  it('a csv with a stray quote in its first row fails with corrupt_input and the server goes on', async () => {
    // The parser gives up on the first row while the opening "[" is still being written: the
    // old converter destroyed the file stream under that write and the process died.
    const before = h.server.balance();
    const broken = await convert(h, {
      to: 'json',
      path: await makeFile(h, 'broken.csv', 'name,size"inch\n1,2\n'),
    });
    expect(broken).toMatchObject({ status: 'failed', error: { code: 'corrupt_input' } });
    expect(h.server.balance()).toBe(before);
    const next = await run(await makeFile(h, 'fine.csv', 'a,b\n1,2\n'), 'json');
    expect(JSON.parse(next.toString('utf8'))).toEqual([{ a: '1', b: '2' }]);
  });

  it('a UTF-8 file with a byte-order mark loses the mark, not the first name', async () => {
    const path = await makeFile(
      h,
      'bom.csv',
      await readFile(join(FIXTURES, 'realworld', 'csv-utf8-bom-windows.csv')),
    );
    expect(JSON.parse((await run(path, 'json')).toString('utf8'))).toEqual([{ a: '1', b: '2', c: '3' }]);
  });
});

describe('md -> html', () => {
  it('drops scripts, event handlers and javascript: links, keeps the document', async () => {
    const markdown = [
      '# Report <script>alert(1)</script>',
      '',
      'Text with <img src="x.png" onerror="alert(2)"> and [a link](javascript:alert(3)) and',
      '<a href="JaVaScRiPt:alert(4)">another</a> and [a real one](https://example.com).',
      '',
      '<iframe src="https://example.com"></iframe><div onclick="alert(5)">kept text</div>',
      '',
      '| a | b |',
      '|---|--:|',
      '| 1 | 2 |',
    ].join('\n');
    const html = (await run(await makeFile(h, 'hostile.md', markdown), 'html')).toString('utf8');
    expect(html).not.toMatch(/<script|<iframe|onerror|onclick|javascript:/i);
    expect(html).toContain('<h1>Report');
    expect(html).toContain('<img src="x.png" />');
    expect(html).toContain('<a href="https://example.com">a real one</a>');
    expect(html).toContain('kept text');
    expect(html).toMatch(/<td align="right">2<\/td>/);
  });
});
