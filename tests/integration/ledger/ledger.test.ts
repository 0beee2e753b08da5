// The same ledger tests on a SQLite file and on a real PostgreSQL server (Debian's, started by
// the test as an unprivileged user): invoices with lines in and out, once per source however
// often seen, corrections that survive a restart, concurrent writer processes, and a writer
// killed mid-run leaving whole invoices only.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ledger, type LedgerTarget, openLedger } from '../../../electron/engine/index.ts';
import { type PostgresServer, startPostgres } from '../../support/postgres-server.ts';
import { entryFor } from './entries.ts';

const WRITER = join(import.meta.dirname, 'ledger-writer.ts');

let root: string;
let postgres: PostgresServer;
let databases = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ifc-ledger-'));
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Each test gets an empty ledger of its kind. */
const KINDS: { name: string; fresh: () => Promise<LedgerTarget> }[] = [
  {
    name: 'SQLite file',
    fresh: async () => ({ kind: 'sqlite', path: join(await mkdtemp(join(root, 'db-')), 'ledger.sqlite') }),
  },
  {
    name: 'PostgreSQL server',
    fresh: async () => {
      databases += 1;
      return { kind: 'postgres', url: postgres.url(await postgres.createDatabase(`ledger_${databases}`)) };
    },
  },
];

function open(target: LedgerTarget): Promise<Ledger> {
  return openLedger(target, { password: postgres.password });
}

function writer(target: LedgerTarget, from: number, to: number, tag = 'invoice') {
  const child = spawn(process.execPath, [WRITER, JSON.stringify(target), String(from), String(to), tag], {
    env: { ...process.env, PGPASSWORD: postgres.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const committed: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const match of chunk.toString().matchAll(/added (\d+)/g)) committed.push(Number(match[1]));
    for (const waiter of [...waiters]) if (committed.length >= waiter.count) waiter.resolve();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const done = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? (signal ? 137 : 1))),
  );
  return {
    child: child as ChildProcess,
    done,
    committed,
    output: () => `${out}\n${err}`,
    /** Resolves once `count` invoices were committed by the writer (it printed them). */
    committedAtLeast: (count: number) =>
      new Promise<void>((resolve) => {
        if (committed.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
  };
}

describe.each(KINDS)('invoice ledger on a $name', ({ fresh }) => {
  it('stores an invoice with its lines and gives the same facts back', async () => {
    const ledger = await open(await fresh());
    const entry = entryFor(3);
    const result = await ledger.add(entry);
    expect(result.added).toBe(true);
    const [stored] = await ledger.list();
    expect(stored).toMatchObject({
      invoiceNumber: 'INV-00003',
      seller: 'Supplier 3 Ltd',
      currency: 'GBP',
      status: 'ok',
      sourceSha256: entry.sourceSha256,
      sourcePath: '/invoices/invoice-3.pdf',
      corrected: [],
    });
    expect(stored!.lines).toHaveLength(4);
    expect(stored!.lines.reduce((acc, line) => acc + line.amount! * 100, 0) / 100).toBeCloseTo(
      stored!.net!,
      2,
    );
    expect(stored!.net! + stored!.tax!).toBeCloseTo(stored!.gross!, 2);
    await ledger.close();
  });

  it('adds a source once however often it is seen', async () => {
    const target = await fresh();
    const ledger = await open(target);
    const first = await ledger.add(entryFor(5));
    const again = await ledger.add(entryFor(5));
    expect(again).toEqual({ added: false, id: first.id });
    await ledger.close();
    const reopened = await open(target);
    expect((await reopened.add(entryFor(5))).added).toBe(false);
    const list = await reopened.list();
    expect(list).toHaveLength(1);
    expect(list[0]!.lines).toHaveLength(2);
    await reopened.close();
  });

  it('keeps corrections across a restart and shows them as corrected', async () => {
    const target = await fresh();
    const ledger = await open(target);
    const { id } = await ledger.add(entryFor(7));
    await ledger.correct(id, 'seller', 'Supplier Seven Limited');
    await ledger.correct(id, 'dueDate', '2026-09-30');
    await ledger.correct(id, 'seller', 'Supplier 7 Limited');
    await expect(ledger.correct(id, 'dueDate', '30.09.2026')).rejects.toThrow();
    await ledger.close();
    const reopened = await open(target);
    const [invoice] = await reopened.list();
    expect(invoice).toMatchObject({
      seller: 'Supplier 7 Limited',
      dueDate: '2026-09-30',
      invoiceNumber: 'INV-00007',
    });
    expect(invoice!.corrected.sort()).toEqual(['dueDate', 'seller']);
    await reopened.close();
  });

  it('takes concurrent writer processes: every invoice once, each with all its lines', async () => {
    const target = await fresh();
    // Create the schema first, so the writers race on invoices, not on the first migration.
    await (await open(target)).close();
    // Three processes write 0..20 at once; two more write 5 of their own each.
    const writers = [
      writer(target, 0, 20),
      writer(target, 0, 20),
      writer(target, 0, 20),
      writer(target, 100, 105, 'a'),
      writer(target, 100, 105, 'b'),
    ];
    const codes = await Promise.all(writers.map((w) => w.done));
    expect(codes, writers.map((w) => w.output()).join('\n')).toEqual([0, 0, 0, 0, 0]);
    const ledger = await open(target);
    const list = await ledger.list();
    expect(list).toHaveLength(30);
    expect(new Set(list.map((invoice) => invoice.sourceSha256)).size).toBe(30);
    for (const invoice of list) {
      const i = Number(/(\d+)\.pdf$/.exec(invoice.sourcePath)![1]);
      expect(invoice.lines, invoice.sourcePath).toHaveLength(1 + (i % 4));
    }
    // Of the three writers of 0..20, exactly one added each invoice; the others found it.
    const added = writers.slice(0, 3).flatMap((w) => w.output().match(/added \d+ added/g) ?? []);
    expect(added).toHaveLength(20);
    await ledger.close();
  }, 180_000);

  it('is left with whole invoices only when a writer is killed mid-run', async () => {
    const target = await fresh();
    await (await open(target)).close();
    const w = writer(target, 0, 100_000);
    await w.committedAtLeast(25);
    w.child.kill('SIGKILL');
    await w.done;
    const ledger = await open(target);
    const list = await ledger.list();
    // Everything it said was committed is there; at most the one in flight besides.
    expect(list.length).toBeGreaterThanOrEqual(w.committed.length);
    expect(list.length).toBeLessThanOrEqual(w.committed.length + 1);
    for (const invoice of list) {
      const i = Number(/(\d+)\.pdf$/.exec(invoice.sourcePath)![1]);
      expect(invoice.lines, invoice.sourcePath).toHaveLength(1 + (i % 4));
    }
    // And it takes the rest afterwards.
    expect((await ledger.add(entryFor(999_999))).added).toBe(true);
    await ledger.close();
    if (target.kind === 'sqlite') {
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(target.path);
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      db.close();
    }
  });
});
