// Ledger entries for the ledger tests, read by the real invoice reader from small invoice
// sheets (so what the ledger stores is what the pipeline would store).
import { createHash } from 'node:crypto';
import { type InvoiceSheet, type LedgerEntry, readInvoice } from '../../../electron/engine/index.ts';

/** Invoice number i: 1 + (i % 4) lines, 20% VAT, GBP. */
export function sheetFor(i: number): InvoiceSheet {
  const lines = Array.from({ length: 1 + (i % 4) }, (_, k) => ({ qty: k + 1, unit: 10 + i + k * 0.25 }));
  const net = lines.reduce((acc, line) => acc + Math.round(line.qty * line.unit * 100), 0) / 100;
  const tax = Math.round(net * 20) / 100;
  const s = (value: string) => ({ kind: 'string' as const, value });
  const n = (value: number, numFmt = '#,##0.00') => ({ kind: 'number' as const, value, numFmt });
  return {
    name: 'Sheet1',
    rows: [
      [s(`Supplier ${i % 7} Ltd`)],
      [s(`VAT No. GB 100 2000 ${String(10 + (i % 80)).padStart(2, '0')}`)],
      [s('Invoice number:'), s(`INV-${String(i).padStart(5, '0')}`)],
      [s('Invoice date:'), { kind: 'date', value: new Date(Date.UTC(2026, i % 12, 1 + (i % 28))) }],
      [s('Description'), s('Qty'), s('Unit price'), s('Amount')],
      ...lines.map((line, k) => [
        s(`Item ${k + 1} of invoice ${i}`),
        n(line.qty, '0'),
        n(line.unit),
        n(Math.round(line.qty * line.unit * 100) / 100),
      ]),
      [null, null, s('Subtotal'), n(net)],
      [null, null, s('VAT 20%'), n(tax)],
      [null, null, s('Total GBP'), n(Math.round((net + tax) * 100) / 100)],
    ],
  };
}

export function entryFor(i: number, tag = 'invoice'): LedgerEntry {
  return {
    sourcePath: `/invoices/${tag}-${i}.pdf`,
    sourceSha256: createHash('sha256').update(`${tag}-${i}`).digest('hex'),
    workbookPath: `/invoices/${tag}-${i}.xlsx`,
    read: readInvoice([sheetFor(i)], { today: new Date('2026-12-31') }),
  };
}
