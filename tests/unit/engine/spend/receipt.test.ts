// A receipt of what was charged: only finished jobs the service kept tokens for; as CSV (one
// row per charge, the file name quoted as CSV needs, times in ISO) and as XLSX read back with
// another library than the one that wrote it, its total row adding up to the tokens column.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../../shared/jobs.ts';
import { receiptLineOf, writeReceipt } from '../../../../electron/engine/spend/receipt.ts';
import type { ReceiptLine } from '../../../../electron/engine/spend/spend-book.ts';
import { sheetCells } from '../../../support/xlsx-cells.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-receipt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function view(patch: Partial<JobView>): JobView {
  return {
    id: 'job-1',
    batchId: 'batch-1',
    source: '/in/a.pdf',
    sourceName: 'a.pdf',
    bytes: 1000,
    from: 'pdf',
    to: 'xlsx',
    state: 'completed',
    progress: 1,
    createdAt: T0,
    updatedAt: T0 + 61_000,
    ...patch,
  };
}

const LINES: ReceiptLine[] = [
  {
    jobId: 'local-1',
    serverJobId: 'srv-1',
    batchId: 'b',
    source: '/in/Invoice, March "final".pdf',
    to: 'xlsx',
    bytes: 38405,
    tokens: 4,
    startedAt: T0,
    finishedAt: T0 + 5000,
  },
  {
    jobId: 'local-2',
    batchId: 'b',
    source: '/in/notes.md',
    to: 'pdf',
    bytes: 512,
    tokens: 2,
    startedAt: T0,
    finishedAt: T0 + 9000,
  },
];

describe('receipt lines', () => {
  it('come only from finished jobs that stayed charged', () => {
    expect(receiptLineOf(view({ charged: true, tokens: 3, serverJobId: 'srv-9' }))).toEqual({
      jobId: 'job-1',
      serverJobId: 'srv-9',
      batchId: 'batch-1',
      source: '/in/a.pdf',
      to: 'xlsx',
      bytes: 1000,
      tokens: 3,
      startedAt: T0,
      finishedAt: T0 + 61_000,
    });
    expect(receiptLineOf(view({ charged: true, state: 'cancelled' }))?.tokens).toBe(0);
    expect(receiptLineOf(view({ charged: false, tokens: 3 }))).toBeUndefined(); // refunded
    expect(receiptLineOf(view({ charged: true, state: 'processing' }))).toBeUndefined(); // not finished
  });
});

describe('writing a receipt', () => {
  it('writes CSV rows a script can sum, the service job id preferred, times in ISO', async () => {
    const path = join(dir, 'receipt.CSV');
    await writeReceipt(LINES, path);
    const text = await readFile(path, 'utf8');
    expect(text.split('\r\n')[0]).toBe('File,Target,Size (bytes),Tokens,Job id,Started,Finished');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        File: 'Invoice, March "final".pdf',
        Target: 'xlsx',
        'Size (bytes)': '38405',
        Tokens: '4',
        'Job id': 'srv-1',
        Started: '2026-01-05T09:00:00.000Z',
        Finished: '2026-01-05T09:00:05.000Z',
      },
      expect.objectContaining({ File: 'notes.md', 'Job id': 'local-2', Tokens: '2' }),
    ]);
    expect(rows.reduce((sum, row) => sum + Number(row.Tokens), 0)).toBe(6);
    expect((await stat(path)).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('writes an XLSX whose total row adds up to its tokens column', async () => {
    const path = join(dir, 'receipt.xlsx');
    await writeReceipt(LINES, path);
    const cells = await sheetCells(path, 'Receipt');
    expect(cells[0]).toEqual(['File', 'Target', 'Size (bytes)', 'Tokens', 'Job id', 'Started', 'Finished']);
    // (the helper reads the sheet's XML as it is: entities left as written)
    const text = (cell: string | undefined) => cell?.replaceAll('&quot;', '"');
    expect(cells.slice(1, 3).map((row) => [text(row[0]), row[3], row[4]])).toEqual([
      ['Invoice, March "final".pdf', '4', 'srv-1'],
      ['notes.md', '2', 'local-2'],
    ]);
    // Dates as a spreadsheet keeps them: days since 1899-12-30, so 09:00:05 UTC on 5 January.
    const excelDay = (ms: number) => ms / 86_400_000 + 25_569;
    expect(Number(cells[1]![5])).toBeCloseTo(excelDay(T0), 6);
    expect(Number(cells[1]![6])).toBeCloseTo(excelDay(T0 + 5000), 6);
    const totalRow = cells[3]!;
    expect(totalRow[0]).toBe('Total');
    expect(Number(totalRow[3])).toBe(6);
    expect(cells).toHaveLength(4);
  });
});
