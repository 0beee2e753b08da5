// A receipt: one row per charged conversion (file, target, size, tokens, job id, started,
// finished), as CSV (for scripts and accounting imports) or XLSX (for a person; with a total
// row). Written to a temp name and renamed (storage/atomic-write.ts): a reader never sees half
// a file. csv-stringify and exceljs do the formats; only the columns are ours.
import { basename } from 'node:path';
import type { JobView } from '../../../shared/jobs.ts';
import { FINAL_STATES } from '../../../shared/jobs.ts';
import { writeAtomic } from '../storage/atomic-write.ts';
import type { ReceiptLine } from './spend-book.ts';

const COLUMNS = [
  { header: 'File', key: 'file', width: 36 },
  { header: 'Target', key: 'to', width: 8 },
  { header: 'Size (bytes)', key: 'bytes', width: 14 },
  { header: 'Tokens', key: 'tokens', width: 8 },
  { header: 'Job id', key: 'jobId', width: 40 },
  { header: 'Started', key: 'started', width: 22 },
  { header: 'Finished', key: 'finished', width: 22 },
] as const;

/** The receipt line of a finished job the service charged (a failed job was refunded: none). */
export function receiptLineOf(job: JobView): ReceiptLine | undefined {
  if (!job.charged || !FINAL_STATES.has(job.state)) return undefined;
  return {
    jobId: job.id,
    ...(job.serverJobId ? { serverJobId: job.serverJobId } : {}),
    batchId: job.batchId,
    source: job.source,
    to: job.to,
    bytes: job.bytes,
    tokens: job.tokens ?? 0,
    startedAt: job.createdAt,
    finishedAt: job.updatedAt,
  };
}

function rowOf(line: ReceiptLine, dates: boolean): Record<string, unknown> {
  const when = (ms: number) => (dates ? new Date(ms) : new Date(ms).toISOString());
  return {
    file: basename(line.source),
    to: line.to,
    bytes: line.bytes,
    tokens: line.tokens,
    jobId: line.serverJobId ?? line.jobId,
    started: when(line.startedAt),
    finished: when(line.finishedAt),
  };
}

async function receiptCsv(lines: readonly ReceiptLine[]): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  // No total row: every row is one charge, so a script can sum the column as it is.
  return stringify(
    lines.map((line) => rowOf(line, false)),
    {
      header: true,
      columns: COLUMNS.map(({ header, key }) => ({ header, key })),
      record_delimiter: 'windows',
    },
  );
}

async function receiptXlsx(lines: readonly ReceiptLine[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Receipt');
  sheet.columns = COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
  for (const line of lines) sheet.addRow(rowOf(line, true));
  for (const key of ['started', 'finished']) sheet.getColumn(key).numFmt = 'yyyy-mm-dd hh:mm:ss';
  const total = lines.reduce((sum, line) => sum + line.tokens, 0);
  const totalRow = sheet.addRow({ file: 'Total' });
  const last = lines.length + 1;
  // A formula (with its value cached) so the sheet still adds up after a row is edited.
  totalRow.getCell('tokens').value = { formula: `SUM(D2:D${last})`, result: total };
  totalRow.font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Writes the receipt to `path`; the format follows the extension (.csv, else .xlsx). */
export async function writeReceipt(lines: readonly ReceiptLine[], path: string): Promise<void> {
  const data = path.toLowerCase().endsWith('.csv') ? await receiptCsv(lines) : await receiptXlsx(lines);
  // A document the person keeps: the usual file rights, not the app's private 0600.
  await writeAtomic(path, data, 0o666);
}
