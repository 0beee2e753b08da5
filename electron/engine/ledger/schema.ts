// The ledger's schema, one list of migrations for both databases. A migration is applied once,
// inside the transaction that records it, so a ledger is always at a whole version. Amounts
// are exact decimals (NUMERIC on PostgreSQL; text on SQLite, which has no decimal type and
// would otherwise store binary floats); dates are ISO text on both.

export type Dialect = 'sqlite' | 'postgres';

interface Migration {
  version: number;
  statements: (dialect: Dialect) => string[];
}

const id = (dialect: Dialect): string =>
  dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
const ref = (dialect: Dialect): string => (dialect === 'sqlite' ? 'INTEGER' : 'BIGINT');
const money = (dialect: Dialect): string => (dialect === 'sqlite' ? 'TEXT' : 'NUMERIC(20,4)');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (d) => [
      `CREATE TABLE invoices (
        id ${id(d)},
        source_sha256 TEXT NOT NULL UNIQUE,
        source_path TEXT NOT NULL,
        workbook_path TEXT,
        added_at TEXT NOT NULL,
        status TEXT NOT NULL,
        document_type TEXT NOT NULL,
        invoice_number TEXT,
        issue_date TEXT,
        due_date TEXT,
        seller TEXT,
        seller_vat_id TEXT,
        buyer TEXT,
        currency TEXT,
        net ${money(d)},
        tax ${money(d)},
        gross ${money(d)},
        review TEXT NOT NULL,
        reading TEXT NOT NULL
      )`,
      `CREATE TABLE invoice_lines (
        invoice_id ${ref(d)} NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        description TEXT,
        quantity ${money(d)},
        unit_price ${money(d)},
        amount ${money(d)},
        tax_rate ${money(d)},
        PRIMARY KEY (invoice_id, position)
      )`,
      `CREATE TABLE corrections (
        id ${id(d)},
        invoice_id ${ref(d)} NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT,
        corrected_at TEXT NOT NULL
      )`,
      'CREATE INDEX corrections_by_invoice ON corrections (invoice_id)',
    ],
  },
];

export const MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS ledger_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)';
