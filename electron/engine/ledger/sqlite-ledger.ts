// The ledger on this computer: one SQLite file in the state folder, through `node:sqlite`.
// Why node:sqlite: it is built into Node (no flag since 22.13 and 23.4; in 24 without a flag)
// and so into the Node that Electron embeds (Node 24 since Electron 40, per its release notes),
// so the same code runs in `ifc` and in the app with no native module to rebuild per Electron
// version (better-sqlite3 would need one). It is synchronous: a write waiting for another
// process's lock holds the thread up to busy_timeout, which is why that wait is short.
// WAL lets readers work while one process writes; busy_timeout makes a second writer wait for
// the first instead of failing at once; each invoice is one transaction (invoice + its lines),
// so a process killed mid-write leaves the file at the last whole invoice.
import { mkdirSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
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

/** How long a writer waits for another process's transaction before it says "busy". */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

// SQLite result codes (primary, low byte): https://sqlite.org/rescode.html
const CODES: Record<number, LedgerErrorCode> = {
  5: 'ledger_locked', // SQLITE_BUSY
  6: 'ledger_locked', // SQLITE_LOCKED
  13: 'ledger_full', // SQLITE_FULL
  14: 'ledger_unreachable', // SQLITE_CANTOPEN
  8: 'ledger_unreachable', // SQLITE_READONLY
  23: 'ledger_unreachable', // SQLITE_AUTH
};

/** An I/O error on a disk with no room left is a full disk (SQLite reports a full tmpfs as
 *  SQLITE_IOERR_SHMSIZE or _WRITE, not always SQLITE_FULL). */
function diskIsFull(path: string): boolean {
  try {
    const stats = statfsSync(dirname(path));
    return stats.bavail * stats.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

function ledgerError(error: unknown, path: string): LedgerError {
  if (error instanceof LedgerError) return error;
  const errcode = (error as { errcode?: number }).errcode;
  if (typeof errcode === 'number' && (errcode & 0xff) === 10 && diskIsFull(path))
    return new LedgerError('ledger_full', error instanceof Error ? error.message : String(error));
  const nodeCode = (error as { code?: string }).code;
  const code =
    typeof errcode === 'number'
      ? (CODES[errcode & 0xff] ?? 'ledger_failed')
      : nodeCode === 'ENOSPC'
        ? 'ledger_full'
        : nodeCode === 'EACCES' || nodeCode === 'EROFS' || nodeCode === 'ENOENT' || nodeCode === 'ENOTDIR'
          ? 'ledger_unreachable'
          : 'ledger_failed';
  return new LedgerError(code, error instanceof Error ? error.message : String(error));
}

class SqliteLedger implements Ledger {
  private readonly sql: Sql;
  private readonly db: DatabaseSync;
  private readonly path: string;
  readonly location: string;

  constructor(db: DatabaseSync, path: string) {
    this.db = db;
    this.path = path;
    this.location = `sqlite:${path}`;
    this.sql = {
      run: async (sql, params = []) => {
        const statement = db.prepare(sql);
        if (/^\s*(SELECT|INSERT[\s\S]*RETURNING)/i.test(sql))
          return statement.all(...(params as never[])) as Record<string, unknown>[];
        statement.run(...(params as never[]));
        return [];
      },
    };
  }

  /** BEGIN IMMEDIATE takes the write lock up front (waiting busy_timeout for it), so two
   *  writers never deadlock upgrading a read lock. */
  private write<T>(work: () => T): T {
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw ledgerError(error, this.path);
    }
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw ledgerError(error, this.path);
    }
  }

  migrate(): void {
    this.write(() => {
      this.db.exec(MIGRATIONS_TABLE);
      const row = this.db.prepare('SELECT MAX(version) AS v FROM ledger_migrations').get() as {
        v: number | null;
      };
      for (const migration of MIGRATIONS) {
        if (migration.version <= (row.v ?? 0)) continue;
        for (const statement of migration.statements('sqlite')) this.db.exec(statement);
        this.db
          .prepare('INSERT INTO ledger_migrations (version, applied_at) VALUES (?, ?)')
          .run(migration.version, new Date().toISOString());
      }
    });
  }

  async add(entry: LedgerEntry): Promise<{ added: boolean; id: number }> {
    return this.write(() => {
      const inserted = this.db
        .prepare(INSERT_INVOICE)
        .all(...(invoiceParams(entry, new Date()) as never[])) as {
        id: number;
      }[];
      if (inserted.length === 0) {
        const existing = this.db
          .prepare('SELECT id FROM invoices WHERE source_sha256 = ?')
          .get(entry.sourceSha256) as { id: number };
        return { added: false, id: Number(existing.id) };
      }
      const id = Number(inserted[0]!.id);
      const line = this.db.prepare(INSERT_LINE);
      for (const params of lineParams(id, entry)) line.run(...(params as never[]));
      return { added: true, id };
    });
  }

  async list(): Promise<LedgerInvoice[]> {
    try {
      return await listLedger(this.sql);
    } catch (error) {
      throw ledgerError(error, this.path);
    }
  }

  async correct(id: number, field: InvoiceFieldName, value: string | number | null): Promise<void> {
    const checked = correctionValue(field, value);
    if (!checked.ok) throw new LedgerError('ledger_failed', `not a value for ${field}`);
    this.write(() => {
      this.db
        .prepare('INSERT INTO corrections (invoice_id, field, value, corrected_at) VALUES (?, ?, ?, ?)')
        .run(id, field, checked.json, new Date().toISOString());
    });
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

export async function openSqliteLedger(
  path: string,
  options: { busyTimeoutMs?: number } = {},
): Promise<Ledger> {
  // Loaded on first use, like the other heavy parts: commands without --invoices never load it.
  const { DatabaseSync } = await import('node:sqlite');
  let db: DatabaseSync | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new DatabaseSync(path);
    db.exec(
      `PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`,
    );
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    const ledger = new SqliteLedger(db, path);
    ledger.migrate();
    return ledger;
  } catch (error) {
    db?.close();
    throw ledgerError(error, path);
  }
}
