// Invoices waiting for a ledger that could not take them: one file per source (so the same
// source queued twice is one file), listed per ledger, and added to a real SQLite ledger when
// it can take them again, each once; a ledger failing midway keeps the rest waiting.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  flushPending,
  pendingDir,
  pendingInvoices,
  queueInvoice,
} from '../../../../electron/engine/ledger/pending.ts';
import { openSqliteLedger } from '../../../../electron/engine/ledger/sqlite-ledger.ts';
import { entryFor } from '../../../integration/ledger/entries.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-ledger-pending-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('invoices waiting for their ledger', () => {
  it('keeps one file per source, named by its hash, however often it is queued', async () => {
    const entry = entryFor(1);
    const file = await queueInvoice(dir, 'sqlite:/books.sqlite', entry);
    await queueInvoice(dir, 'sqlite:/books.sqlite', entry);
    expect(file).toBe(join(pendingDir(dir), `${entry.sourceSha256}.json`));
    expect(await readdir(pendingDir(dir))).toEqual([`${entry.sourceSha256}.json`]);
    const [waiting] = await pendingInvoices(dir);
    expect(waiting?.pending.entry).toEqual(entry);
    expect(waiting?.pending.ledger).toBe('sqlite:/books.sqlite');
  });

  it('lists only what waits for the ledger asked about, passing over stray and broken files', async () => {
    await queueInvoice(dir, 'sqlite:/a.sqlite', entryFor(1));
    await queueInvoice(dir, 'postgres://ana@db/books', entryFor(2));
    await writeFile(join(pendingDir(dir), 'notes.json'), '{}');
    await writeFile(join(pendingDir(dir), `${'f'.repeat(64)}.json`), '{"torn');
    expect((await pendingInvoices(dir)).map(({ pending }) => pending.ledger).sort()).toEqual([
      'postgres://ana@db/books',
      'sqlite:/a.sqlite',
    ]);
    expect(
      (await pendingInvoices(dir, 'sqlite:/a.sqlite')).map(({ pending }) => pending.entry.sourcePath),
    ).toEqual([entryFor(1).sourcePath]);
    expect(await pendingInvoices(join(dir, 'no-state'))).toEqual([]);
  });

  it('adds what waits for a ledger once it can take them, each once, and leaves others waiting', async () => {
    const ledger = await openSqliteLedger(join(dir, 'books.sqlite'));
    try {
      await ledger.add(entryFor(1)); // already in the ledger: not added twice
      for (const i of [1, 2, 3]) await queueInvoice(dir, ledger.location, entryFor(i));
      await queueInvoice(dir, 'postgres://ana@db/books', entryFor(4));
      expect(await flushPending(dir, ledger)).toEqual({ added: 3, left: 0 });
      const listed = await ledger.list();
      expect(listed.map((invoice) => invoice.sourcePath).sort()).toEqual(
        [1, 2, 3].map((i) => entryFor(i).sourcePath).sort(),
      );
      expect((await pendingInvoices(dir)).map(({ pending }) => pending.ledger)).toEqual([
        'postgres://ana@db/books',
      ]);
    } finally {
      await ledger.close();
    }
  });

  it('stops at the first failure and keeps the rest waiting, with the reason', async () => {
    const ledger = await openSqliteLedger(join(dir, 'books.sqlite'));
    for (const i of [1, 2]) await queueInvoice(dir, ledger.location, entryFor(i));
    await ledger.close(); // a ledger that can no longer write
    const flushed = await flushPending(dir, ledger);
    expect(flushed.added).toBe(0);
    expect(flushed.left).toBe(2);
    expect(flushed.error?.name).toBe('LedgerError');
    expect(await pendingInvoices(dir, ledger.location)).toHaveLength(2);
  });
});
