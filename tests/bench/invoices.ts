// The invoice pipeline's figures: on the truth set (tests/fixtures/invoices-ledger, 12 invoices,
// plus the shared invoice.pdf), fields right / fields checked, fields filled wrongly without a
// review flag, and invoices per second through the reader and the ledger (workbook read, fields
// read and checked, added to a SQLite ledger). The PDFs are converted once, by the local
// server's own pdf -> xlsx converter; the rate measures only what this issue adds.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInvoice, readWorkbookCells, openLedger } from '../../electron/engine/index.ts';
import { pdfToXlsx } from '../../electron/localserver/converters/pdf-xlsx.ts';
import { factsOf } from '../../shared/invoices.ts';
import { type InvoiceTruth, scoreInvoice } from '../support/invoice-score.ts';
import { type Spread, round, spread } from './support/stats.ts';

const TRUTH_DIR = join(import.meta.dirname, '..', 'fixtures', 'invoices-ledger');
const SHARED_INVOICE = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'invoice.pdf');
const SHARED_TRUTH: InvoiceTruth = {
  documentType: 'invoice',
  invoiceNumber: 'INV-2026-0042',
  issueDate: '2026-11-02',
  dueDate: '2026-12-02',
  seller: 'Northwind Office Supplies Ltd',
  sellerVatId: 'GB123456789',
  buyer: 'Acme Analytics GmbH',
  currency: 'GBP',
  net: 1319.05,
  tax: 263.81,
  gross: 1582.86,
  lines: [
    {
      description: 'A4 copier paper, 80 g, box of 5 reams',
      quantity: 12,
      unitPrice: 24.5,
      amount: 294,
      taxRate: 20,
    },
    {
      description: 'Black toner cartridge TN-2420',
      quantity: 4,
      unitPrice: 61.2,
      amount: 244.8,
      taxRate: 20,
    },
    { description: 'Ergonomic desk chair, model K7', quantity: 2, unitPrice: 189, amount: 378, taxRate: 20 },
    { description: 'USB-C docking station', quantity: 3, unitPrice: 112.75, amount: 338.25, taxRate: 20 },
    {
      description: 'Whiteboard markers, assorted (pack of 8)',
      quantity: 10,
      unitPrice: 6.4,
      amount: 64,
      taxRate: 20,
    },
  ],
};

export interface InvoiceFigures {
  fieldAccuracy: number | null;
  unflaggedWrong: number | null;
  perSecond: number | null;
  invoices: number;
  fieldsChecked: number;
  perSecondSpread: Spread | null;
  misses: string[];
}

export async function benchInvoices(options: {
  runs: number;
  log(line: string): void;
}): Promise<InvoiceFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-bench-invoices-'));
  try {
    const cases: { pdf: string; truth: InvoiceTruth }[] = [{ pdf: SHARED_INVOICE, truth: SHARED_TRUTH }];
    for (const name of (await readdir(TRUTH_DIR)).filter((entry) => entry.endsWith('.pdf')).sort()) {
      const truth = JSON.parse(
        await readFile(join(TRUTH_DIR, name.replace(/\.pdf$/, '.truth.json')), 'utf8'),
      );
      cases.push({ pdf: join(TRUTH_DIR, name), truth });
    }
    const workbooks: string[] = [];
    for (const [index, entry] of cases.entries()) {
      const output = join(dir, `${index}.xlsx`);
      await pdfToXlsx.run({
        input: entry.pdf,
        output,
        sourceName: entry.pdf.split('/').pop()!,
        progress: () => undefined,
        note: () => undefined,
        signal: new AbortController().signal,
      });
      workbooks.push(output);
    }
    let checked = 0;
    let right = 0;
    let unflaggedWrong = 0;
    const misses: string[] = [];
    for (const [index, entry] of cases.entries()) {
      const read = readInvoice(await readWorkbookCells(workbooks[index]!), { today: new Date('2026-12-31') });
      const score = scoreInvoice(factsOf(read), entry.truth);
      checked += score.checked;
      right += score.right;
      unflaggedWrong += score.unflaggedWrong;
      misses.push(...score.misses.map((miss) => `${entry.pdf.split('/').pop()}: ${miss}`));
    }
    options.log(`invoices: ${right}/${checked} fields right, ${unflaggedWrong} wrong without a flag`);
    const rates: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const ledger = await openLedger({ kind: 'sqlite', path: join(dir, `ledger-${run}.sqlite`) });
      const rounds = 5;
      const started = performance.now();
      for (let r = 0; r < rounds; r += 1) {
        for (const [index, workbook] of workbooks.entries()) {
          const read = readInvoice(await readWorkbookCells(workbook));
          await ledger.add({
            sourcePath: cases[index]!.pdf,
            sourceSha256: `${run}-${r}-${index}`.padEnd(64, '0'),
            workbookPath: workbook,
            read,
          });
        }
      }
      rates.push((rounds * workbooks.length) / ((performance.now() - started) / 1000));
      await ledger.close();
    }
    const perSecond = spread(rates);
    return {
      fieldAccuracy: checked ? round(right / checked, 4) : null,
      unflaggedWrong,
      perSecond: perSecond ? round(perSecond.median, 1) : null,
      invoices: cases.length,
      fieldsChecked: checked,
      perSecondSpread: perSecond,
      misses,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
