// The invoice pipeline from the API guide, end to end on the real filesystem and the local
// server: PDFs dropped into a watched folder become XLSX files, each source exactly once.
import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeWorld,
  createWatch,
  invoiceVariant,
  makeWorld,
  openEngine,
  record,
  startWatch,
  until,
  type World,
  writeInvoice,
  writeSlowly,
} from './helpers.ts';

let world: World | undefined;
afterEach(async () => {
  if (world) await closeWorld(world);
  world = undefined;
});

const xlsxIn = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.xlsx')).sort();

describe('a watched folder', () => {
  it('turns 20 PDFs, some written slowly in chunks, into 20 XLSX files, each sent once', async () => {
    world = await makeWorld();
    const w = world;
    const watch = await startWatch(w, { to: 'xlsx', outDir: w.out });
    const converted = record(watch, 'converted');
    const taken = record(watch, 'taken');
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const path = join(w.inbox, `invoice-${String(i).padStart(2, '0')}.pdf`);
      // Every fourth file arrives in 4 chunks 80 ms apart: not complete until the last one.
      writes.push(
        i % 4 === 0 ? writeSlowly(path, invoiceVariant(i), 4, 80) : writeFile(path, invoiceVariant(i)),
      );
    }
    // Temporary and hidden files next to them are never taken.
    writes.push(writeFile(join(w.inbox, 'invoice-99.pdf.part'), invoiceVariant(99)));
    writes.push(writeFile(join(w.inbox, '.hidden.pdf'), invoiceVariant(98)));
    writes.push(writeFile(join(w.inbox, '~$invoice.pdf'), invoiceVariant(97)));
    await Promise.all(writes);
    await until(() => converted.length === 20, 30_000, '20 conversions');
    await watch.idle();

    const outputs = await xlsxIn(w.out);
    expect(outputs).toEqual(
      Array.from({ length: 20 }, (_, i) => `invoice-${String(i).padStart(2, '0')}.xlsx`),
    );
    for (let i = 0; i < 20; i += 1) {
      expect(w.server.ledger.postsBySourceName(`invoice-${String(i).padStart(2, '0')}.pdf`)).toBe(1);
    }
    expect(w.server.ledger.jobs).toHaveLength(20);
    expect(taken).toHaveLength(20);
    // A slowly written file was sent whole: its result holds the whole invoice.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(w.out, 'invoice-00.xlsx'));
    const text = JSON.stringify(book.worksheets.map((sheet) => sheet.getSheetValues()));
    expect(text).toContain('INV-2026-0042');
    expect(text).toContain('A4 copier paper');
    expect(watch.status()).toMatchObject({
      state: 'watching',
      converted: 20,
      inFlight: 0,
      queued: 0,
      settling: 0,
    });
  });

  it('does not convert again what it already converted: a re-save, a rename, a copy of the same bytes', async () => {
    world = await makeWorld();
    const w = world;
    const watch = await startWatch(w, { to: 'xlsx', outDir: w.out });
    const converted = record(watch, 'converted');
    const skipped = record(watch, 'skipped');
    const path = await writeInvoice(w.inbox, 'a.pdf', 1);
    await until(() => converted.length === 1, 20_000, 'first conversion');

    await writeFile(path, invoiceVariant(1)); // saved again, same bytes
    await until(() => skipped.length === 1, 5_000, 're-save skipped');
    await rename(path, join(w.inbox, 'renamed.pdf'));
    await until(() => skipped.length === 2, 5_000, 'rename skipped');
    await writeInvoice(w.inbox, 'copy.pdf', 1);
    await until(() => skipped.length === 3, 5_000, 'copy skipped');
    expect(skipped.map((event) => event.reason)).toEqual([
      'already-converted',
      'already-converted',
      'already-converted',
    ]);

    // Changed bytes under the same name are new work.
    await writeFile(join(w.inbox, 'renamed.pdf'), invoiceVariant(2));
    await until(() => converted.length === 2, 20_000, 'changed file converted');
    await watch.idle();
    expect(w.server.ledger.jobs).toHaveLength(2);
    expect(await xlsxIn(w.out)).toEqual(['a.xlsx', 'renamed.xlsx']);
  });

  it('picks up after a restart without converting anything twice', async () => {
    world = await makeWorld();
    const w = world;
    const first = createWatch(w, { to: 'xlsx', outDir: w.out });
    const firstTaken = record(first, 'taken');
    const firstConverted = record(first, 'converted');
    await first.start();
    for (let i = 0; i < 6; i += 1) await writeInvoice(w.inbox, `inv-${i}.pdf`, i);
    // Stop mid-way: some files sent (maybe not finished), others not yet looked at.
    await until(() => firstTaken.length >= 2, 20_000, 'some files taken');
    await first.stop();
    await w.engine.close();
    for (let i = 6; i < 9; i += 1) await writeInvoice(w.inbox, `inv-${i}.pdf`, i);
    expect(firstTaken.length).toBeLessThan(6);

    // A new process: a new engine on the same state dir, its journal resumed, the same rule.
    w.engine = await openEngine(w.server, w.stateDir);
    expect((await w.engine.resumeJournal()).ok).toBe(true);
    const second = createWatch(w, { to: 'xlsx', outDir: w.out });
    const secondTaken = record(second, 'taken');
    const secondConverted = record(second, 'converted');
    const secondSkipped = record(second, 'skipped');
    await second.start();
    await until(() => firstConverted.length + secondConverted.length === 9, 30_000, '9 conversions');
    await second.idle();

    // Every file taken once over both runs; jobs sent by the first run finished in the second.
    expect(firstTaken.length + secondTaken.length).toBe(9);
    expect(new Set([...firstTaken, ...secondTaken].map((event) => event.source)).size).toBe(9);
    // Originals already taken and unchanged are passed over quietly (not even hashed again).
    expect(secondSkipped).toEqual([]);
    expect(await xlsxIn(w.out)).toHaveLength(9);
    // Accepted (and charged) once each. An upload cut by the stop may be re-sent on resume,
    // but only with its idempotency key, which the server answers with the same job.
    const accepted = w.server.ledger.jobs.map((job) => job.sourceName).sort();
    expect(accepted).toEqual(Array.from({ length: 9 }, (_, i) => `inv-${i}.pdf`));
    expect(w.server.ledger.totals.charged).toBe(9 * 4);
  });
});
