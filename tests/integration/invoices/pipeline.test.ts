// The whole invoice pipeline through the real parts: the truth set's PDFs (and the shared
// fixture invoice.pdf) converted to XLSX by the real local server over HTTP, read by the
// reader, added to a SQLite ledger by `ifc convert --invoices`; then listed, exported (the
// workbook read back with another library, jszip, and summed), and added once only. Each
// invoice is scored against its truth JSON: the misses are printed, so a converter change that
// breaks a field shows which field of which invoice.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceFacts } from '../../../shared/invoices.ts';
import { type InvoiceTruth, scoreInvoice } from '../../support/invoice-score.ts';
import { sheetCells } from '../../support/xlsx-cells.ts';
import { runIfc, startIfc } from '../cli/support.ts';
import { makeWorld, type World } from '../engine/support.ts';

const TRUTH_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'invoices-ledger');
let world: World;
let names: string[];

function envFor(w: World) {
  return {
    IFC_API_URL: w.server.url,
    IFC_API_KEY: w.server.key,
    IFC_STATE_DIR: w.stateDir,
    HOME: w.dir,
    XDG_CONFIG_HOME: join(w.dir, 'config'),
  };
}

type InvoiceLine = Record<string, unknown> & { source: string; review: string[] };

beforeAll(async () => {
  world = await makeWorld();
  names = (await readdir(TRUTH_DIR)).filter((name) => name.endsWith('.pdf'));
  for (const name of names) await copyFile(join(TRUTH_DIR, name), join(world.inDir, name));
  await world.fixture('invoice.pdf');
});

afterAll(async () => {
  await world?.close();
});

describe('invoices from PDF to the ledger with ifc', () => {
  let invoices: InvoiceLine[];

  it('reads every invoice of the truth set through the local server, as the truth says', async () => {
    const run = await runIfc(['convert', world.inDir, '--to', 'xlsx', '--invoices', '--json'], envFor(world));
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines.at(-1)?.type).toBe('summary');
    invoices = run.lines.filter((line) => line.type === 'invoice') as InvoiceLine[];
    expect(invoices).toHaveLength(names.length + 1);
    // The shared fixture, field by field.
    const shared = invoices.find((line) => line.source.endsWith('/invoice.pdf'))!;
    expect(shared).toMatchObject({
      status: 'ok',
      invoiceNumber: 'INV-2026-0042',
      currency: 'GBP',
      net: 1319.05,
      tax: 263.81,
      gross: 1582.86,
      review: [],
    });
    expect(shared.lines).toHaveLength(5);
    expect((shared.lines as Record<string, unknown>[])[0]).toEqual({
      description: 'A4 copier paper, 80 g, box of 5 reams',
      quantity: 12,
      unitPrice: 24.5,
      amount: 294,
      taxRate: 20,
    });
    let checked = 0;
    let right = 0;
    let unflaggedWrong = 0;
    const report: string[] = [];
    for (const name of names) {
      const line = invoices.find((entry) => entry.source.endsWith(`/${name}`))!;
      const truth = JSON.parse(
        await readFile(join(TRUTH_DIR, name.replace(/\.pdf$/, '.truth.json')), 'utf8'),
      ) as InvoiceTruth;
      // The JSON line has no documentType; a credit note's amounts carry its sign.
      const score = scoreInvoice(
        { ...(line as unknown as InvoiceFacts), documentType: truth.documentType },
        truth,
      );
      checked += score.checked;
      right += score.right;
      unflaggedWrong += score.unflaggedWrong;
      if (score.misses.length > 0) report.push(`${name}: ${score.misses.join('; ')}`);
    }
    if (report.length > 0) process.stderr.write(`invoice fields missed:\n${report.join('\n')}\n`);
    // No field is filled wrongly without a review flag: a description with numbers in it ("Ring
    // binders (box of 10)", "carton 6", "Retour: ...") stays whole in the converter's cell.
    expect(unflaggedWrong, report.join('\n')).toBe(0);
    expect(right / checked, report.join('\n')).toBeGreaterThanOrEqual(0.95);
  }, 180_000);

  it('lists the ledger, exports it for the accountant, and adds a source only once', async () => {
    const listed = await runIfc(['invoices', 'list', '--json'], envFor(world));
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.lines).toHaveLength(names.length + 1);
    expect(listed.lines.every((line) => line.type === 'invoice')).toBe(true);

    // Seen again: converted again, but the ledger keeps one entry per source.
    const again = await runIfc(
      ['convert', join(world.inDir, 'invoice.pdf'), '--to', 'xlsx', '--invoices'],
      envFor(world),
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already in the ledger');
    const after = await runIfc(['invoices', 'list', '--json'], envFor(world));
    expect(after.lines).toHaveLength(names.length + 1);

    const xlsx = join(world.dir, 'ledger.xlsx');
    const exported = await runIfc(['invoices', 'export', '--out', xlsx], envFor(world));
    expect(exported.code, exported.stderr).toBe(0);
    const rows = await sheetCells(xlsx, 'Invoices');
    const header = rows[0]!;
    const gross = header.indexOf('Gross');
    const currency = header.indexOf('Currency');
    const sums = new Map<string, number>();
    for (const row of rows.slice(1))
      sums.set(row[currency]!, (sums.get(row[currency]!) ?? 0) + Number(row[gross]));
    const expected = new Map<string, number>();
    for (const line of listed.lines) {
      expected.set(
        line.currency as string,
        (expected.get(line.currency as string) ?? 0) + (line.gross as number),
      );
    }
    expect(rows).toHaveLength(names.length + 2);
    for (const [code, sum] of expected) expect(sums.get(code)).toBeCloseTo(sum, 2);
    const lineRows = await sheetCells(xlsx, 'Lines');
    const lineCount = listed.lines.reduce((acc, line) => acc + (line.lines as unknown[]).length, 0);
    expect(lineRows).toHaveLength(lineCount + 1);

    const csv = join(world.dir, 'ledger.csv');
    expect((await runIfc(['invoices', 'export', '--out', csv], envFor(world))).code).toBe(0);
    const records = parse(await readFile(csv), { columns: true, bom: true }) as Record<string, string>[];
    expect(records).toHaveLength(names.length + 1);
    expect(records.find((record) => record['Invoice number'] === 'INV-2026-0042')).toMatchObject({
      Gross: '1582.86',
      Currency: 'GBP',
      Seller: 'Northwind Office Supplies Ltd',
    });
  }, 180_000);

  it('ifc watch --invoices adds each new invoice as it arrives', async () => {
    const watched = join(world.dir, 'watched');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(watched);
    const run = startIfc(['watch', watched, '--to', 'xlsx', '--invoices', '--json'], {
      ...envFor(world),
      IFC_STATE_DIR: join(world.dir, 'watch-state'),
    });
    try {
      await copyFile(join(TRUTH_DIR, 'de-buero.pdf'), join(watched, 'de-buero.pdf'));
      await run.waitFor((line) => line.type === 'invoice');
      expect(run.lines.find((line) => line.type === 'invoice')).toMatchObject({
        invoiceNumber: 'RE-2026-0815',
        status: 'ok',
        currency: 'EUR',
        gross: 737.44,
      });
    } finally {
      run.child.kill('SIGINT');
      await run.done;
    }
  }, 120_000);
});
