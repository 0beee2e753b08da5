// The ledger's schema, applied as the ledgers apply it to real databases: SQLite (node:sqlite)
// and PostgreSQL (a real server, tests/support/postgres-server.ts). Both get the same tables
// and columns; a source is stored once; deleting an invoice takes its lines and corrections
// with it; amounts are exact decimals on both (0.1 + 0.2 is 0.3, not 0.30000000000000004).
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, MIGRATIONS, MIGRATIONS_TABLE } from '../../../../electron/engine/ledger/schema.ts';
import { type PostgresServer, startPostgres } from '../../../support/postgres-server.ts';

/** One database through one interface: run a statement, get its rows. */
interface Db {
  run(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

function sqlite(): Db {
  const db = new DatabaseSync(':memory:');
  db.exec('PRAGMA foreign_keys = ON'); // as sqlite-ledger.ts opens it
  const placeholders = (sql: string) => sql.replace(/\$(\d+)/g, '?$1'); // $1 -> ?1, reusable
  return {
    run: async (sql, params = []) =>
      db.prepare(placeholders(sql)).all(...(params as never[])) as Record<string, unknown>[],
    close: async () => db.close(),
  };
}

async function postgres(server: PostgresServer): Promise<Db> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: server.urlWithPassword(await server.createDatabase('schema_test')),
  });
  await client.connect();
  return {
    run: async (sql, params = []) => (await client.query(sql, params)).rows,
    close: () => client.end(),
  };
}

async function migrate(db: Db, dialect: Dialect): Promise<void> {
  await db.run(MIGRATIONS_TABLE);
  for (const migration of MIGRATIONS) {
    for (const statement of migration.statements(dialect)) await db.run(statement);
    await db.run('INSERT INTO ledger_migrations (version, applied_at) VALUES ($1, $2)', [
      migration.version,
      '2026-03-02T10:00:00Z',
    ]);
  }
}

const invoice = (sha: string, net: string) => [
  sha,
  `/in/${sha}.pdf`,
  '2026-03-02T10:00:00Z',
  'ok',
  'invoice',
  '[]',
  '{}',
  net,
];
const INSERT =
  'INSERT INTO invoices (source_sha256, source_path, added_at, status, document_type, review, reading, net) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id';

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

describe.each(['sqlite', 'postgres'] as const)('the schema on %s', (dialect) => {
  let db: Db;
  beforeAll(async () => {
    db = dialect === 'sqlite' ? sqlite() : await postgres(server!);
    await migrate(db, dialect);
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('records the version it is at', async () => {
    const rows = await db.run('SELECT version FROM ledger_migrations');
    expect(rows.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it('stores a source once', async () => {
    await db.run(INSERT, invoice('aa', '10.00'));
    await expect(db.run(INSERT, invoice('aa', '11.00'))).rejects.toThrow(/unique/i);
  });

  it('keeps amounts exact: 0.1 + 0.2 is 0.3 and 12345678.9012 stays as written', async () => {
    const [row] = await db.run(INSERT, invoice('bb', '0.1'));
    const id = Number(row!.id);
    await db.run(
      'INSERT INTO invoice_lines (invoice_id, position, amount) VALUES ($1, 1, $2), ($1, 2, $3), ($1, 3, $4)',
      [id, '0.1', '0.2', '12345678.9012'],
    );
    const amounts = await db.run('SELECT amount FROM invoice_lines WHERE invoice_id = $1 ORDER BY position', [
      id,
    ]);
    const values = amounts.map((line) => String(line.amount));
    expect(values.map(Number)).toEqual([0.1, 0.2, 12345678.9012]);
    // Summed in the database where it has decimals; on SQLite the text is summed by the app.
    if (dialect === 'postgres') {
      const [sum] = await db.run(
        'SELECT SUM(amount) AS s FROM invoice_lines WHERE invoice_id = $1 AND position < 3',
        [id],
      );
      expect(String(sum!.s)).toBe('0.3000');
    } else {
      expect(values.slice(0, 2)).toEqual(['0.1', '0.2']); // text, as written: no float rounding
    }
  });

  it('takes an invoice’s lines and corrections with it when it is deleted', async () => {
    const [row] = await db.run(INSERT, invoice('cc', '5'));
    const id = Number(row!.id);
    await db.run('INSERT INTO invoice_lines (invoice_id, position, description) VALUES ($1, 1, $2)', [
      id,
      'x',
    ]);
    await db.run('INSERT INTO corrections (invoice_id, field, value, corrected_at) VALUES ($1, $2, $3, $4)', [
      id,
      'seller',
      '"y"',
      '2026-03-02T11:00:00Z',
    ]);
    await db.run('DELETE FROM invoices WHERE id = $1', [id]);
    expect(await db.run('SELECT * FROM invoice_lines WHERE invoice_id = $1', [id])).toEqual([]);
    expect(await db.run('SELECT * FROM corrections WHERE invoice_id = $1', [id])).toEqual([]);
  });

  it('refuses a line or a correction of an invoice that is not there', async () => {
    await expect(
      db.run('INSERT INTO invoice_lines (invoice_id, position) VALUES ($1, 1)', [987654]),
    ).rejects.toThrow(/foreign key/i);
  });
});
