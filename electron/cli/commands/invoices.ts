// `ifc invoices list [--ledger <url>] [--json]` and `ifc invoices export --out <file.xlsx|file.csv>
// [--ledger <url>]`: the invoice ledger for scripts and the accountant. Invoices waiting in the
// pending queue are added first when the ledger can be reached.
import { resolve } from 'node:path';
import { invoiceJsonLine, type LedgerInvoice } from '../../../shared/invoices.ts';
import {
  exportLedger,
  flushPending,
  type Ledger,
  LedgerError,
  ledgerLocation,
  openLedger,
  parseLedgerUrl,
} from '../../engine/index.ts';
import type { Command } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { printError } from '../reporter.ts';
import { stateDirOf } from '../session.ts';

function money(value: number | null): string {
  return value === null ? '' : value.toFixed(2);
}

function row(invoice: LedgerInvoice): string {
  return [
    invoice.issueDate ?? '          ',
    (invoice.seller ?? '?').slice(0, 28).padEnd(28),
    (invoice.invoiceNumber ?? '?').padEnd(16),
    (invoice.currency ?? '???').padEnd(4),
    money(invoice.net).padStart(12),
    money(invoice.tax).padStart(11),
    money(invoice.gross).padStart(12),
    invoice.status === 'ok' ? 'ok' : `needs review (${invoice.review.join(', ')})`,
  ].join('  ');
}

export async function invoicesCommand(
  cmd: Extract<Command, { name: 'invoices' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const stateDir = stateDirOf(cmd.common.stateDir, env);
  const target = parseLedgerUrl(cmd.ledger, stateDir);
  if (!target) {
    printError(io, 'ledger_url_invalid', cmd.ledger);
    return EXIT.usage;
  }
  let ledger: Ledger | undefined;
  try {
    ledger = await openLedger(target);
    await flushPending(stateDir, ledger);
    const invoices = await ledger.list();
    if (cmd.action === 'export') {
      const out = resolve(cmd.out!);
      await exportLedger(invoices, out).catch((error: NodeJS.ErrnoException) => {
        throw Object.assign(new Error(error.message), {
          exportCode: error.code === 'ENOSPC' ? 'disk_full' : 'output_unwritable',
        });
      });
      io.stderr.write(`Wrote ${invoices.length} invoice${invoices.length === 1 ? '' : 's'} to ${out}\n`);
      return EXIT.ok;
    }
    for (const invoice of invoices) {
      io.stdout.write(
        cmd.common.json
          ? `${JSON.stringify(invoiceJsonLine(invoice.sourcePath, invoice))}\n`
          : `${row(invoice)}\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof LedgerError) {
      printError(io, error.code, ledgerLocation(target));
      return EXIT.unreachable;
    }
    const exportCode = (error as { exportCode?: string }).exportCode;
    if (exportCode) {
      printError(io, exportCode, cmd.out);
      return EXIT.failed;
    }
    throw error;
  } finally {
    await ledger?.close();
  }
}
