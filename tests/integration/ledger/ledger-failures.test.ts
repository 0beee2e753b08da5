// A ledger that cannot take an invoice costs nothing: the spreadsheet stays saved, the invoice
// waits in the pending queue (one small file in the state folder, no password in it) with the
// plain reason, and is added once the ledger can take it again. For real: a SQLite file held
// by another process, a PostgreSQL port with no server (then a server started on it), a wrong
// password, and (as root) a ledger on a full 1 MiB tmpfs.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvoiceRecorder,
  type InvoiceSheet,
  type LedgerTarget,
  openLedger,
  pendingInvoices,
} from '../../../electron/engine/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { freePort, startPostgres } from '../../support/postgres-server.ts';
import { sheetFor } from './entries.ts';

const WRITER = join(import.meta.dirname, 'ledger-writer.ts');
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ifc-ledger-fail-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A source "PDF" (any bytes: only its sha256 matters here) and its converted workbook. */
async function invoiceFiles(dir: string, i: number): Promise<{ source: string; workbook: string }> {
  await mkdir(dir, { recursive: true });
  const source = join(dir, `invoice-${i}.pdf`);
  await writeFile(source, `%PDF-1.4 invoice ${i}\n`);
  const workbook = join(dir, `invoice-${i}.xlsx`);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  const data: InvoiceSheet = sheetFor(i);
  for (const row of data.rows) {
    const added = sheet.addRow(row.map((cell) => cell?.value ?? null));
    row.forEach((cell, index) => {
      if (cell?.kind === 'number' && cell.numFmt) added.getCell(index + 1).numFmt = cell.numFmt;
    });
  }
  await book.xlsx.writeFile(workbook);
  return { source, workbook };
}

async function pendingFiles(stateDir: string): Promise<string[]> {
  return readdir(join(stateDir, 'ledger-pending')).catch(() => []);
}

describe('a ledger that cannot take the invoice', () => {
  it('SQLite held by another process: says it is busy, queues, adds it once the file is free', async () => {
    const dir = await mkdtemp(join(root, 'locked-'));
    const stateDir = join(dir, 'state');
    const target: LedgerTarget = { kind: 'sqlite', path: join(dir, 'ledger.sqlite') };
    await (await openLedger(target)).close();
    const holder = spawn(process.execPath, [WRITER, 'hold', target.path], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let said = '';
    const saw = (word: string) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (said.includes(word)) resolve();
        };
        holder.stdout!.on('data', (chunk: Buffer) => {
          said += chunk.toString();
          check();
        });
        check();
      });
    await saw('locked');
    const files = await invoiceFiles(join(dir, 'in'), 1);
    const recorder = new InvoiceRecorder({ stateDir, target, open: { busyTimeoutMs: 100 } });
    const outcome = await recorder.record(files.source, files.workbook);
    await recorder.close();
    expect(outcome).toMatchObject({ ledger: 'queued', error: { code: 'ledger_locked' } });
    expect(messageFor('ledger_locked')).toMatch(/busy in another program/);
    expect(existsSync(files.workbook)).toBe(true);
    expect(await pendingFiles(stateDir)).toHaveLength(1);
    holder.stdin!.end();
    await saw('released');
    const next = await invoiceFiles(join(dir, 'in'), 2);
    const later = new InvoiceRecorder({ stateDir, target });
    expect(await later.record(next.source, next.workbook)).toMatchObject({ ledger: 'added' });
    await later.close();
    const ledger = await openLedger(target);
    expect((await ledger.list()).map((invoice) => invoice.invoiceNumber).sort()).toEqual([
      'INV-00001',
      'INV-00002',
    ]);
    await ledger.close();
    expect(await pendingFiles(stateDir)).toEqual([]);
  });

  it('PostgreSQL unreachable: queues without the password, adds it when a server answers there', async () => {
    const dir = await mkdtemp(join(root, 'unreachable-'));
    const stateDir = join(dir, 'state');
    const port = await freePort();
    const target: LedgerTarget = { kind: 'postgres', url: `postgres://ifc@127.0.0.1:${port}/postgres` };
    const files = await invoiceFiles(join(dir, 'in'), 3);
    const recorder = new InvoiceRecorder({ stateDir, target, open: { password: 'ledger-test-pw' } });
    const outcome = await recorder.record(files.source, files.workbook);
    // A second invoice in the same run queues at once (the server is not asked again).
    const second = await invoiceFiles(join(dir, 'in'), 4);
    expect(await recorder.record(second.source, second.workbook)).toMatchObject({ ledger: 'queued' });
    await recorder.close();
    expect(outcome).toMatchObject({ ledger: 'queued', error: { code: 'ledger_unreachable' } });
    const queued = await pendingInvoices(stateDir);
    expect(queued).toHaveLength(2);
    for (const { file } of queued) expect(await readFile(file, 'utf8')).not.toContain('ledger-test-pw');
    const server = await startPostgres({ port });
    try {
      const third = await invoiceFiles(join(dir, 'in'), 5);
      const later = new InvoiceRecorder({ stateDir, target, open: { password: server.password } });
      expect(await later.record(third.source, third.workbook)).toMatchObject({ ledger: 'added' });
      await later.close();
      const ledger = await openLedger(target, { password: server.password });
      const numbers = (await ledger.list()).map((invoice) => invoice.invoiceNumber).sort();
      await ledger.close();
      expect(numbers).toEqual(['INV-00003', 'INV-00004', 'INV-00005']);
      expect(await pendingFiles(stateDir)).toEqual([]);
      // A wrong password is its own plain reason, and the invoice waits again.
      const wrong = new InvoiceRecorder({
        stateDir,
        target: { kind: 'postgres', url: `postgres://ifc:wrong@127.0.0.1:${port}/postgres` },
      });
      const fourth = await invoiceFiles(join(dir, 'in'), 6);
      expect(await wrong.record(fourth.source, fourth.workbook)).toMatchObject({
        ledger: 'queued',
        error: { code: 'ledger_auth' },
      });
      await wrong.close();
    } finally {
      await server.stop();
    }
  }, 120_000);

  describe('SQLite on a full disk (a 1 MiB tmpfs; mounting needs root)', () => {
    let mount = '';
    let refusal = '';
    beforeAll(async () => {
      mount = await mkdtemp(join(root, 'full-'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0755', 'ifc-ledger-full', mount], {
          stdio: 'pipe',
        });
      } catch (error) {
        refusal = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
      }
    });
    afterAll(() => {
      if (!refusal) execFileSync('umount', [mount]);
    });

    it('says there is no space, keeps the spreadsheet and queues the invoice', async (context) => {
      if (refusal) {
        context.skip(`tmpfs could not be mounted here (${refusal})`);
        return;
      }
      const target: LedgerTarget = { kind: 'sqlite', path: join(mount, 'ledger.sqlite') };
      await (await openLedger(target)).close();
      // Fill what is left of the 1 MiB.
      for (let k = 0; ; k += 1) {
        try {
          await writeFile(join(mount, `filler-${k}`), Buffer.alloc(64 * 1024, 1));
        } catch {
          break;
        }
      }
      const dir = await mkdtemp(join(root, 'full-state-'));
      const stateDir = join(dir, 'state');
      const files = await invoiceFiles(join(dir, 'in'), 8);
      const recorder = new InvoiceRecorder({ stateDir, target });
      const outcome = await recorder.record(files.source, files.workbook);
      await recorder.close();
      expect(outcome).toMatchObject({ ledger: 'queued', error: { code: 'ledger_full' } });
      expect(existsSync(files.workbook)).toBe(true);
      expect(await pendingFiles(stateDir)).toHaveLength(1);
    });
  });
});
