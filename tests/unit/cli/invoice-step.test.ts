// `--invoices` on its own (invoice-step.ts), over a real engine session (the local server over
// real HTTP, the real PDF reader) and a real SQLite ledger in a temp state folder: an XLSX
// result is read as an invoice and added, told as one plain line or one JSON line; the same
// invoice again is "already in the ledger"; results in other formats are left alone; a ledger
// address ifc does not know ends the session with exit 2 and one sentence naming it; a ledger
// that cannot be opened is told ONCE however many invoices wait, and the conversions still
// count as done.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openInvoiceStep } from '../../../electron/cli/invoice-step.ts';
import { createReporter } from '../../../electron/cli/reporter.ts';
import { openSession, type Session } from '../../../electron/cli/session.ts';
import { createEngine } from '../../../electron/engine/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { type MemoryOutput, memoryOutput } from '../../support/memory-output.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';

const cleanups = cleanupsAfterEach();

interface Rig {
  dir: string;
  stateDir: string;
  session: Session;
  io: MemoryOutput;
  context: Parameters<typeof openInvoiceStep>[2];
  /** Converts copies of fixtures (named as given) and waits for the batch to settle. */
  convert(items: { fixture: string; as: string; to: string }[]): Promise<void>;
}

async function rig(json: boolean): Promise<Rig> {
  setLanguage('en');
  const dir = await mkdtemp(join(tmpdir(), 'ifc-invoice-step-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'in'));
  const server = await startLocalServer({ tokens: 1000 });
  cleanups.push(() => server.close());
  const io = memoryOutput();
  const reporter = await createReporter(json, io);
  const stateDir = join(dir, 'state');
  const opened = await openSession(
    { url: server.url, key: server.key, offline: false, proxy: { kind: 'none' } },
    reporter,
    { stateDir, outDir: join(dir, 'out') },
  );
  if (!opened.ok) throw new Error(opened.code);
  const session = opened.session;
  cleanups.push(() => session.end());
  return {
    dir,
    stateDir,
    session,
    io,
    context: { stateDir, json, io, reporter, env: {} },
    async convert(items) {
      const sources = await Promise.all(
        items.map(async ({ fixture, as }) => {
          const path = join(dir, 'in', as);
          await copyFile(join(FIXTURES, fixture), path);
          return path;
        }),
      );
      const submitted = await session.engine.submit(
        items.map((item, index) => ({ source: sources[index]!, to: item.to })),
        { conflict: 'rename' },
      );
      if (!submitted.ok) throw new Error(submitted.error.code);
      await new Promise<void>((resolve) => {
        const off = session.engine.on('batch', (summary) => {
          if (summary.batchId !== submitted.value.batchId) return;
          off();
          resolve();
        });
      });
    },
  };
}

const invoiceLines = (io: MemoryOutput) =>
  io
    .out()
    .split('\n')
    .filter((line) => line.startsWith('invoice '));

describe('the --invoices step of ifc convert and watch', () => {
  it('adds an XLSX result as an invoice, says so in one line, and knows it the second time', async () => {
    const r = await rig(false);
    const opened = await openInvoiceStep(r.session, {}, r.context);
    if (!opened.ok || !opened.step) throw new Error('no step');
    const step = opened.step;
    await r.convert([
      { fixture: 'invoice.pdf', as: 'Rechnung März 日本.pdf', to: 'xlsx' },
      { fixture: 'memo.txt', as: 'memo.txt', to: 'pdf' },
    ]);
    await step.settle();
    expect(invoiceLines(r.io)).toEqual([
      'invoice     Rechnung März 日本.pdf: INV-2026-0042, GBP 1,582.86, ok (added to the ledger)',
    ]);
    await r.convert([{ fixture: 'invoice.pdf', as: 'noch einmal.pdf', to: 'xlsx' }]);
    await step.close();
    expect(invoiceLines(r.io)[1]).toBe(
      'invoice     noch einmal.pdf: INV-2026-0042, GBP 1,582.86, ok (already in the ledger)',
    );
    expect(r.io.err()).toBe('');
    // The ledger file itself holds the invoice once.
    const db = new DatabaseSync(join(r.stateDir, 'ledger.sqlite'), { readOnly: true });
    try {
      const row = db.prepare('SELECT COUNT(*) AS n FROM invoices').get() as { n: number };
      expect(row.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('prints one JSON line per invoice with --json', async () => {
    const r = await rig(true);
    const opened = await openInvoiceStep(r.session, {}, r.context);
    if (!opened.ok || !opened.step) throw new Error('no step');
    await r.convert([{ fixture: 'invoice.pdf', as: 'invoice.pdf', to: 'xlsx' }]);
    await opened.step.close();
    const lines = r.io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.type === 'invoice');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'invoice', invoiceNumber: 'INV-2026-0042', gross: 1582.86 });
  });

  it('ends the session with exit 2 and one sentence for a ledger address it does not know', async () => {
    const r = await rig(false);
    const opened = await openInvoiceStep(r.session, { ledger: 'mysql://buchhaltung/rechnungen' }, r.context);
    expect(opened).toEqual({ ok: false, exitCode: 2 });
    expect(r.io.err()).toBe(`${messageFor('ledger_url_invalid')} (mysql://buchhaltung/rechnungen)\n`);
    // The session is over: its journal lock is free for the next run.
    const next = await createEngine({ api: { url: 'http://127.0.0.1:9', key: 'k' }, stateDir: r.stateDir });
    expect(next.ok).toBe(true);
    if (next.ok) await next.value.close();
  });

  it('tells a ledger that cannot be opened once, and the conversions still count as done', async () => {
    const r = await rig(false);
    const blocked = join(r.dir, 'not-a-folder');
    await writeFile(blocked, 'a file where the ledger folder should be');
    const opened = await openInvoiceStep(
      r.session,
      { ledger: `sqlite:${join(blocked, 'ledger.sqlite')}` },
      r.context,
    );
    if (!opened.ok || !opened.step) throw new Error('no step');
    await r.convert([
      { fixture: 'invoice.pdf', as: 'eins.pdf', to: 'xlsx' },
      { fixture: 'invoice.pdf', as: 'zwei.pdf', to: 'xlsx' },
    ]);
    await opened.step.close();
    const errors = r.io.err().split('\n').filter(Boolean);
    expect(errors).toHaveLength(1);
    // One of the ledger's sentences, naming where the ledger is.
    const ledgerCodes = [
      'ledger_unreachable',
      'ledger_locked',
      'ledger_full',
      'ledger_auth',
      'ledger_failed',
    ];
    expect(
      ledgerCodes.map((code) => `${messageFor(code)} (sqlite:${join(blocked, 'ledger.sqlite')})`),
    ).toContain(errors[0]);
    expect(r.session.engine.jobs().map((job) => job.state)).toEqual(['completed', 'completed']);
    expect(invoiceLines(r.io).every((line) => line.endsWith('(waiting for the ledger)'))).toBe(true);
  });
});
