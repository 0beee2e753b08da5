// The Invoices view behind the window (invoice-desk.ts) on its own, with a real engine on the
// local server (real HTTP, the real PDF reader) and the real SQLite ledger in a temp state
// folder: a watched invoice whose job completes goes into the ledger (the window is told),
// while one whose job fails does not; the detail pane's picture of the source's first page is
// a real PNG, and a source since deleted, damaged, or an id not in the ledger is one code and
// its sentence; an export cancelled writes nothing and one to a folder that cannot be written
// says so; a damaged ledger.json means the local ledger, not a crash.
import { copyFile, mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type InvoiceDesk, openInvoiceDesk } from '../../../electron/app-service/invoice-desk.ts';
import { createMemoryKeyStore, type Engine } from '../../../electron/engine/index.ts';
import type { FaultPlan, LocalServer } from '../../../electron/localserver/index.ts';
import type { LedgerStatus } from '../../../shared/ipc/contract.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { Result } from '../../../shared/result.ts';
import { headlessPlatform } from '../../support/headless-platform.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';
import { serverAndEngine } from '../../support/server-and-engine.ts';

const cleanups = cleanupsAfterEach();

interface Rig {
  dir: string;
  engine: Engine;
  server: LocalServer;
  desk: InvoiceDesk;
  told: LedgerStatus[];
  save: { answer: string | undefined };
  /** Converts a copy of invoice.pdf named `as` as a watch rule with invoices on would. */
  watchInvoice(as: string): Promise<{ source: string; state: string }>;
}

async function rig(options: { faults?: Partial<FaultPlan>; ledgerJson?: string } = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-invoice-desk-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'in'));
  await mkdir(join(dir, 'userData'));
  if (options.ledgerJson !== undefined)
    await writeFile(join(dir, 'userData', 'ledger.json'), options.ledgerJson);
  const { server, engine } = await serverAndEngine(dir, cleanups, {
    tokens: 1000,
    faults: options.faults ?? {},
  });
  const told: LedgerStatus[] = [];
  const save: Rig['save'] = { answer: undefined };
  const desk = await openInvoiceDesk({
    userDataDir: join(dir, 'userData'),
    stateDir: join(dir, 'state'),
    keyStore: createMemoryKeyStore(),
    platform: { ...headlessPlatform(), chooseSaveFile: async () => save.answer },
    onChanged: (status) => told.push(status),
  });
  const detach = desk.attach(engine);
  cleanups.push(async () => {
    detach();
    await desk.settle();
  });
  return {
    dir,
    engine,
    server,
    desk,
    told,
    save,
    async watchInvoice(as) {
      const source = join(dir, 'in', as);
      await copyFile(join(FIXTURES, 'invoice.pdf'), source);
      // Held until the desk knows the job, as the watch folder tells it before the job moves.
      engine.pause();
      const submitted = await engine.submit([{ source, to: 'xlsx', outDir: join(dir, 'out') }], {
        conflict: 'rename',
      });
      if (!submitted.ok) throw new Error(`submit: ${submitted.error.code}`);
      const [jobId] = submitted.value.jobIds;
      desk.watchJob(jobId!, source);
      const finished = new Promise<string>((resolve) => {
        const off = engine.on('job', (job) => {
          if (job.id !== jobId || !['completed', 'failed', 'cancelled'].includes(job.state)) return;
          off();
          resolve(job.state);
        });
      });
      engine.resume();
      const state = await finished;
      await desk.settle();
      return { source, state };
    },
  };
}

function expectRefusal(answer: Result<unknown>, code: string): void {
  expect(answer).toEqual({ ok: false, error: { code, message: messageFor(code) } });
}

async function listed(r: Rig) {
  const list = await r.desk.handlers['invoices:list']({});
  if (!list.ok) throw new Error(list.error.code);
  return list.value.invoices;
}

describe('the invoice desk', () => {
  it('puts a watched invoice into the SQLite ledger once its job completes, and tells the window', async () => {
    const r = await rig();
    const { source, state } = await r.watchInvoice('Rechnung März 2026.pdf');
    expect(state).toBe('completed');
    const invoices = await listed(r);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ invoiceNumber: 'INV-2026-0042', gross: 1582.86, sourcePath: source });
    expect(r.told).toHaveLength(1);
    expect(r.told[0]).toMatchObject({ choice: { kind: 'local' }, pending: 0 });
    // Another reader of the database file sees the same row.
    const db = new DatabaseSync(join(r.dir, 'state', 'ledger.sqlite'), { readOnly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      const counts = tables.map(({ name }) => {
        const row = db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number };
        return row.n;
      });
      expect(counts.some((n) => n >= 1)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('leaves a watched invoice whose conversion failed out of the ledger', async () => {
    const r = await rig({ faults: { failJobs: { code: 'conversion_failed' } } });
    const { state } = await r.watchInvoice('kaputt.pdf');
    expect(state).toBe('failed');
    expect(await listed(r)).toEqual([]);
    expect(r.told).toEqual([]);
  });

  it("draws the source's first page, and says when the source is gone, damaged or unknown", async () => {
    const r = await rig();
    const { source } = await r.watchInvoice('invoice 日本.pdf');
    const [invoice] = await listed(r);
    const page = await r.desk.handlers['invoices:sourcePage']({ id: invoice!.id });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(page.value.dataUrl.slice('data:image/png;base64,'.length), 'base64');
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(900);
    // Not a blank sheet: the darkest pixel is text-dark.
    const stats = await sharp(png).greyscale().stats();
    expect(stats.channels[0]!.min).toBeLessThan(80);

    expectRefusal(await r.desk.handlers['invoices:sourcePage']({ id: invoice!.id + 1000 }), 'not_found');
    await writeFile(source, 'this is no longer a PDF');
    expectRefusal(await r.desk.handlers['invoices:sourcePage']({ id: invoice!.id }), 'corrupt_input');
    await unlink(source);
    expectRefusal(await r.desk.handlers['invoices:sourcePage']({ id: invoice!.id }), 'file_missing');
  });

  it('writes nothing when the export is cancelled, and says when the chosen folder cannot be written', async () => {
    const r = await rig();
    await r.watchInvoice('invoice.pdf');
    r.save.answer = undefined;
    expect(await r.desk.handlers['invoices:export']({ format: 'xlsx' })).toEqual({
      ok: true,
      value: undefined,
    });
    const blocked = join(r.dir, 'blocked');
    await writeFile(blocked, 'a file, not a folder');
    r.save.answer = join(blocked, 'invoices.xlsx');
    expectRefusal(await r.desk.handlers['invoices:export']({ format: 'xlsx' }), 'output_unwritable');
    r.save.answer = join(r.dir, 'Rechnungen.csv');
    expect(await r.desk.handlers['invoices:export']({ format: 'csv' })).toEqual({
      ok: true,
      value: { path: join(r.dir, 'Rechnungen.csv'), count: 1 },
    });
    expect((await readdir(r.dir)).sort()).toEqual([
      'Rechnungen.csv',
      'blocked',
      'in',
      'out',
      'state',
      'userData',
    ]);
  });

  it('refuses a correction to an invoice that is not in the ledger', async () => {
    const r = await rig();
    expectRefusal(
      await r.desk.handlers['invoices:correct']({ id: 4242, field: 'seller', value: 'Niemand GmbH' }),
      'not_found',
    );
  });

  it('falls back to the local ledger when ledger.json is damaged', async () => {
    for (const damaged of ['{not json', '{"kind":"postgres"}', '[]']) {
      const r = await rig({ ledgerJson: damaged });
      const status = await r.desk.handlers['ledger:status']({});
      expect(status.ok && status.value.choice).toEqual({ kind: 'local' });
    }
  });
});
