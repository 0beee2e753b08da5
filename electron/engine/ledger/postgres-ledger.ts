// The team's ledger on a PostgreSQL server, through `pg` (pure JavaScript, no native part).
// Same schema and SQL as SQLite; migrations run under an advisory lock so two first runs at
// once do not both create the tables. Each invoice is one transaction. The password comes from
// the caller (the app's keychain), else the URL, else PGPASSWORD (pg reads it itself).
import type { Pool, PoolClient } from 'pg';
import type { InvoiceFieldName, LedgerInvoice } from '../../../shared/invoices.ts';
import { type Ledger, type LedgerEntry, LedgerError, type LedgerErrorCode } from './ledger-types.ts';
import {
  correctionValue,
  INSERT_INVOICE,
  INSERT_LINE,
  invoiceParams,
  lineParams,
  listLedger,
  type Sql,
} from './rows.ts';
import { MIGRATIONS, MIGRATIONS_TABLE } from './schema.ts';

const MIGRATION_LOCK = 7_018_001;

const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

// SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
function ledgerError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const code = String((error as { code?: string }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  let mapped: LedgerErrorCode = 'ledger_failed';
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code))
    mapped = 'ledger_unreachable';
  else if (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '3D000')
    mapped = 'ledger_unreachable';
  else if (code === '28P01' || code === '28000') mapped = 'ledger_auth';
  else if (code === '53100') mapped = 'ledger_full';
  else if (code === '55P03' || code === '40P01' || code === '57014') mapped = 'ledger_locked';
  else if (/password/i.test(message)) mapped = 'ledger_auth';
  else if (/timeout|terminated|Connection/i.test(message)) mapped = 'ledger_unreachable';
  return new LedgerError(mapped, message);
}

class PostgresLedger implements Ledger {
  private readonly pool: Pool;
  readonly location: string;

  constructor(pool: Pool, location: string) {
    this.pool = pool;
    this.location = location;
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw ledgerError(error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw ledgerError(error);
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(MIGRATIONS_TABLE);
      const { rows } = await client.query('SELECT MAX(version) AS v FROM ledger_migrations');
      const current = Number(rows[0]?.v ?? 0);
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue;
        for (const statement of migration.statements('postgres')) await client.query(statement);
        await client.query('INSERT INTO ledger_migrations (version, applied_at) VALUES ($1, $2)', [
          migration.version,
          new Date().toISOString(),
        ]);
      }
    });
  }

  async add(entry: LedgerEntry): Promise<{ added: boolean; id: number }> {
    return this.transaction(async (client) => {
      const inserted = await client.query(numbered(INSERT_INVOICE), invoiceParams(entry, new Date()));
      if (inserted.rows.length === 0) {
        // Another writer may hold the same source in an open transaction; ON CONFLICT waited
        // for it, so the row is there now.
        const existing = await client.query('SELECT id FROM invoices WHERE source_sha256 = $1', [
          entry.sourceSha256,
        ]);
        return { added: false, id: Number(existing.rows[0]?.id) };
      }
      const id = Number(inserted.rows[0].id);
      for (const params of lineParams(id, entry)) await client.query(numbered(INSERT_LINE), params);
      return { added: true, id };
    });
  }

  async list(): Promise<LedgerInvoice[]> {
    return this.transaction((client) => {
      const sql: Sql = {
        run: async (text, params = []) => (await client.query(numbered(text), [...params])).rows,
      };
      return listLedger(sql);
    });
  }

  async correct(id: number, field: InvoiceFieldName, value: string | number | null): Promise<void> {
    const checked = correctionValue(field, value);
    if (!checked.ok) throw new LedgerError('ledger_failed', `not a value for ${field}`);
    await this.transaction(async (client) => {
      await client.query(
        'INSERT INTO corrections (invoice_id, field, value, corrected_at) VALUES ($1, $2, $3, $4)',
        [id, field, checked.json, new Date().toISOString()],
      );
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** The URL without its password, for messages and the pending file. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.href;
  } catch {
    return 'postgres://(invalid address)';
  }
}

export async function openPostgresLedger(
  url: string,
  options: { password?: string; connectTimeoutMs?: number } = {},
): Promise<Ledger> {
  // Loaded on first use: only a team ledger needs the driver.
  const { default: pg } = await import('pg');
  // pg lets the URL's fields override the options, so a password from the keychain goes into
  // the URL (in memory only; location stays redacted).
  const withPassword = new URL(url);
  if (options.password && !withPassword.password)
    withPassword.password = encodeURIComponent(options.password);
  const pool = new pg.Pool({
    connectionString: withPassword.href,
    max: 2,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // A stuck lock must surface as "busy", not hang the pipeline.
    statement_timeout: 30_000,
  });
  // An idle connection the server drops must not crash the process.
  pool.on('error', () => undefined);
  const ledger = new PostgresLedger(pool, redactedUrl(url));
  try {
    await ledger.migrate();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw ledgerError(error);
  }
  return ledger;
}
