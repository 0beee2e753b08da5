// Rows in and out, on a real SQLite database (node:sqlite, in memory) with the ledger's own
// schema: an invoice and its lines stored as the reader read them, amounts kept as exact
// decimal text, a source stored once, corrections (the latest per field wins, a corrected
// field needs no more review), and which values a correction may hold.
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  correctionValue,
  INSERT_INVOICE,
  INSERT_LINE,
  invoiceParams,
  lineParams,
  listLedger,
  type Sql,
} from '../../../../electron/engine/ledger/rows.ts';
import { MIGRATIONS, MIGRATIONS_TABLE } from '../../../../electron/engine/ledger/schema.ts';
import type { LedgerEntry } from '../../../../electron/engine/ledger/ledger-types.ts';
import { factsOf } from '../../../../shared/invoices.ts';
import { entryFor } from '../../../integration/ledger/entries.ts';

let db: DatabaseSync;
let sql: Sql;
beforeEach(() => {
  db = new DatabaseSync(':memory:');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec(MIGRATIONS_TABLE);
  for (const migration of MIGRATIONS)
    for (const statement of migration.statements('sqlite')) db.exec(statement);
  sql = {
    run: async (text, params = []) =>
      db.prepare(text).all(...(params as never[])) as Record<string, unknown>[],
  };
});
afterEach(() => db.close());

const NOW = new Date('2026-03-02T10:00:00Z');

async function add(entry: LedgerEntry): Promise<number | undefined> {
  const [row] = await sql.run(INSERT_INVOICE, invoiceParams(entry, NOW));
  if (!row) return undefined;
  const id = Number(row.id);
  for (const params of lineParams(id, entry)) await sql.run(INSERT_LINE, params);
  return id;
}

function correct(
  id: number,
  field: Parameters<typeof correctionValue>[0],
  value: string | number | null,
  at: string,
) {
  const checked = correctionValue(field, value);
  if (!checked.ok) throw new Error(`refused: ${field}=${value}`);
  db.prepare('INSERT INTO corrections (invoice_id, field, value, corrected_at) VALUES (?, ?, ?, ?)').run(
    id,
    field,
    checked.json,
    at,
  );
}

describe('storing and listing invoices', () => {
  it('gives back each invoice and its lines as the reader read them', async () => {
    const entries = [entryFor(1), entryFor(2), entryFor(3)];
    for (const entry of entries) await add(entry);
    const listed = await listLedger(sql);
    expect(listed.map((invoice) => invoice.id)).toEqual([1, 2, 3]);
    for (const [index, invoice] of listed.entries()) {
      const facts = factsOf(entries[index]!.read);
      expect(invoice).toMatchObject({
        sourcePath: entries[index]!.sourcePath,
        sourceSha256: entries[index]!.sourceSha256,
        workbookPath: entries[index]!.workbookPath,
        addedAt: NOW.toISOString(),
        invoiceNumber: facts.invoiceNumber,
        issueDate: facts.issueDate,
        seller: facts.seller,
        currency: facts.currency,
        net: facts.net,
        tax: facts.tax,
        gross: facts.gross,
        review: facts.review,
        corrected: [],
      });
      expect(invoice.lines).toEqual(
        facts.lines.map((line) => ({
          description: line.description,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          amount: line.amount,
          taxRate: line.taxRate,
        })),
      );
      // The lines add up to the net, as a person checking the ledger would add them.
      const sum = invoice.lines.reduce((acc, line) => acc + Math.round((line.amount ?? 0) * 100), 0) / 100;
      expect(sum).toBe(invoice.net);
    }
  });

  it('keeps amounts as exact decimal text, not binary floats', async () => {
    const id = await add(entryFor(7));
    const raw = db.prepare('SELECT net, tax, gross FROM invoices WHERE id = ?').get(id!) as Record<
      string,
      unknown
    >;
    for (const value of Object.values(raw)) expect(typeof value).toBe('string');
    const facts = factsOf(entryFor(7).read);
    expect(raw.net).toBe(String(facts.net));
  });

  it('stores a source once: a second add of the same bytes returns no row', async () => {
    expect(await add(entryFor(1))).toBe(1);
    expect(await add({ ...entryFor(1), sourcePath: '/elsewhere/renamed copy.pdf' })).toBeUndefined();
    const listed = await listLedger(sql);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.sourcePath).toBe('/invoices/invoice-1.pdf');
  });
});

describe('corrections', () => {
  it('shows the latest correction of each field, and a corrected field no longer needs review', async () => {
    const id = (await add(entryFor(4)))!;
    db.prepare('UPDATE invoices SET review = ?, status = ? WHERE id = ?').run(
      JSON.stringify(['seller', 'gross']),
      'needs_review',
      id,
    );
    correct(id, 'seller', 'First try GmbH', '2026-03-02T11:00:00Z');
    correct(id, 'seller', '  株式会社 山田 🏭  ', '2026-03-02T12:00:00Z');
    let [invoice] = await listLedger(sql);
    expect(invoice?.seller).toBe('株式会社 山田 🏭');
    expect(invoice?.corrected).toEqual(['seller']);
    expect(invoice?.review).toEqual(['gross']);
    expect(invoice?.status).toBe('needs_review');

    correct(id, 'gross', '1234,5', '2026-03-02T13:00:00Z');
    [invoice] = await listLedger(sql);
    expect(invoice?.gross).toBe(1234.5);
    expect(invoice?.review).toEqual([]);
    expect(invoice?.status).toBe('ok');

    correct(id, 'dueDate', null, '2026-03-02T14:00:00Z');
    [invoice] = await listLedger(sql);
    expect(invoice?.dueDate).toBeNull();
    expect(invoice?.corrected.sort()).toEqual(['dueDate', 'gross', 'seller']);
  });

  it('accepts only values a field can hold', () => {
    expect(correctionValue('net', 12.5)).toEqual({ ok: true, json: '12.5' });
    expect(correctionValue('net', '12,50')).toEqual({ ok: true, json: '12.5' });
    expect(correctionValue('tax', 'twelve')).toEqual({ ok: false });
    expect(correctionValue('gross', 'Infinity')).toEqual({ ok: false });
    expect(correctionValue('issueDate', '2026-03-02')).toEqual({ ok: true, json: '"2026-03-02"' });
    expect(correctionValue('issueDate', '02.03.2026')).toEqual({ ok: false });
    expect(correctionValue('documentType', 'credit_note')).toEqual({ ok: true, json: '"credit_note"' });
    expect(correctionValue('documentType', 'receipt')).toEqual({ ok: false });
    expect(correctionValue('seller', '')).toEqual({ ok: true, json: null });
    expect(correctionValue('seller', null)).toEqual({ ok: true, json: null });
    expect(correctionValue('sourcePath' as never, '/x')).toEqual({ ok: false });
  });
});
