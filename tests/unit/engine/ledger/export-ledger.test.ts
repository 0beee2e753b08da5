// The accountant's export, from a real SQLite ledger, opened the way the accountant's program
// would: the XLSX read back by another library than the one that wrote it (jszip + the sheet
// XML), the CSV by csv-parse. The Gross column sums to the ledger's gross, the lines of each
// invoice sum to its net, dates are real dates, names in any script survive, commas and quotes
// are escaped, and a failed export leaves nothing half-written behind.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLedger } from '../../../../electron/engine/ledger/export-ledger.ts';
import { openSqliteLedger } from '../../../../electron/engine/ledger/sqlite-ledger.ts';
import type { LedgerInvoice } from '../../../../shared/invoices.ts';
import { entryFor } from '../../../integration/ledger/entries.ts';
import { sheetCells } from '../../../support/xlsx-cells.ts';

let dir: string;
let invoices: LedgerInvoice[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-export-ledger-'));
  const ledger = await openSqliteLedger(join(dir, 'ledger.sqlite'));
  for (let i = 1; i <= 12; i += 1) await ledger.add(entryFor(i));
  // A person's corrections: a seller in another script, and one with a comma and quotes.
  await ledger.correct(1, 'seller', '株式会社 山田 🏭');
  await ledger.correct(2, 'seller', 'Smith, "Best" Supplies');
  invoices = await ledger.list();
  await ledger.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cents = (values: (number | null)[]) =>
  values.reduce<number>((acc, value) => acc + Math.round((value ?? 0) * 100), 0);
const HEADERS = [
  'Issue date',
  'Due date',
  'Seller',
  'Seller VAT id',
  'Buyer',
  'Invoice number',
  'Type',
  'Currency',
  'Net',
  'Tax',
  'Gross',
  'Status',
  'Needs review',
  'Corrected',
  'Source',
  'Source sha256',
];

describe('the XLSX export', () => {
  it('has one row per invoice whose Gross column sums to the ledger, with real dates', async () => {
    const path = join(dir, 'ledger.xlsx');
    await exportLedger(invoices, path);
    const [header, ...rows] = await sheetCells(path, 'Invoices');
    expect(header).toEqual(HEADERS);
    expect(rows).toHaveLength(12);
    const col = (name: string) => HEADERS.indexOf(name);
    const grossCents = rows.reduce((acc, row) => acc + Math.round(Number(row[col('Gross')]) * 100), 0);
    expect(grossCents).toBe(cents(invoices.map((invoice) => invoice.gross)));
    // A date is a number (a serial day), not text: it sorts and filters as a date.
    for (const [index, row] of rows.entries()) {
      const serial = Number(row[col('Issue date')]);
      expect(Number.isInteger(serial)).toBe(true);
      expect(new Date((serial - 25569) * 86_400_000).toISOString().slice(0, 10)).toBe(
        invoices[index]!.issueDate,
      );
    }
    expect(rows[0]![col('Seller')]).toBe('株式会社 山田 🏭');
    expect(rows[0]![col('Corrected')]).toBe('seller');
  });

  it('has one row per line, whose amounts sum to each invoice’s net', async () => {
    const path = join(dir, 'ledger.xlsx');
    const [header, ...rows] = await sheetCells(path, 'Lines');
    expect(header?.slice(0, 4)).toEqual(['Invoice number', 'Seller', 'Position', 'Description']);
    expect(rows).toHaveLength(invoices.reduce((acc, invoice) => acc + invoice.lines.length, 0));
    for (const invoice of invoices) {
      const mine = rows.filter((row) => row[0] === invoice.invoiceNumber);
      expect(mine.map((row) => Number(row[2]))).toEqual(invoice.lines.map((_, index) => index + 1));
      expect(cents(mine.map((row) => Number(row[6])))).toBe(cents([invoice.net]));
    }
  });
});

describe('the CSV export', () => {
  it('opens in a spreadsheet as the same table: BOM, CRLF, quotes escaped, totals equal', async () => {
    const path = join(dir, 'ledger.csv');
    await exportLedger(invoices, path);
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(12 + 2); // header, 12 rows, the last line's end
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(HEADERS);
    expect(records.map((record) => record.Seller).slice(0, 2)).toEqual([
      '株式会社 山田 🏭',
      'Smith, "Best" Supplies',
    ]);
    expect(records.map((record) => record['Issue date'])).toEqual(
      invoices.map((invoice) => invoice.issueDate),
    );
    expect(cents(records.map((record) => Number(record.Gross)))).toBe(
      cents(invoices.map((invoice) => invoice.gross)),
    );
  });

  it('writes just the header for an empty ledger', async () => {
    const path = join(dir, 'empty.CSV');
    await exportLedger([], path);
    expect(parse(await readFile(path, 'utf8'), { bom: true })).toEqual([HEADERS]);
  });
});

describe('a failed export', () => {
  it('leaves the file that was there, and no temp file, when the folder is gone', async () => {
    const gone = join(dir, 'gone', 'ledger.xlsx');
    await expect(exportLedger(invoices, gone)).rejects.toThrow();
    const kept = join(dir, 'kept.csv');
    await writeFile(kept, 'the previous export');
    const before = (await readdir(dir)).sort();
    // The target's name is taken by a folder: the write succeeds, the rename fails.
    const blocked = join(dir, 'blocked.xlsx');
    await mkdir(blocked);
    await expect(exportLedger(invoices, blocked)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual([...before, 'blocked.xlsx'].sort());
    expect(await readFile(kept, 'utf8')).toBe('the previous export');
  });
});
