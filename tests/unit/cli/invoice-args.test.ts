// `--invoices [--ledger <url>]` and `ifc invoices list|export` exactly as cli.md spells them;
// a wrong combination is a usage error, never ignored.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/args.ts';
import { parseLedgerUrl } from '../../../electron/engine/index.ts';

describe('ifc invoice options', () => {
  it('takes --invoices with --ledger on convert and watch', () => {
    expect(parseCommandLine(['convert', 'a.pdf', '--to', 'xlsx', '--invoices'])).toMatchObject({
      ok: true,
      command: { name: 'convert', invoices: {} },
    });
    expect(
      parseCommandLine(['watch', 'in', '--to', 'xlsx', '--invoices', '--ledger', 'postgres://a@h:5432/db']),
    ).toMatchObject({ ok: true, command: { name: 'watch', invoices: { ledger: 'postgres://a@h:5432/db' } } });
  });

  it('refuses --invoices without xlsx and --ledger without --invoices', () => {
    expect(parseCommandLine(['convert', 'a.pdf', '--to', 'pdf', '--invoices'])).toEqual({
      ok: false,
      problem: 'invoices_need_xlsx',
    });
    expect(parseCommandLine(['convert', 'a.pdf', '--to', 'xlsx', '--ledger', 'sqlite:x']).ok).toBe(false);
  });

  it('parses invoices list and export', () => {
    expect(parseCommandLine(['invoices', 'list', '--json'])).toMatchObject({
      ok: true,
      command: { name: 'invoices', action: 'list', common: { json: true } },
    });
    expect(
      parseCommandLine(['invoices', 'export', '--out', 'x.csv', '--ledger', 'sqlite:/tmp/l.sqlite']),
    ).toMatchObject({
      ok: true,
      command: { name: 'invoices', action: 'export', out: 'x.csv', ledger: 'sqlite:/tmp/l.sqlite' },
    });
    expect(parseCommandLine(['invoices', 'export']).ok).toBe(false);
    expect(parseCommandLine(['invoices', 'export', '--out', 'x.pdf']).ok).toBe(false);
    expect(parseCommandLine(['invoices', 'remove']).ok).toBe(false);
  });

  it('knows sqlite: and postgres:// ledgers, defaulting to the state dir', () => {
    expect(parseLedgerUrl(undefined, '/state')).toEqual({ kind: 'sqlite', path: '/state/ledger.sqlite' });
    expect(parseLedgerUrl('sqlite:/data/l.sqlite', '/state')).toEqual({
      kind: 'sqlite',
      path: '/data/l.sqlite',
    });
    expect(parseLedgerUrl('postgres://ifc@db:5432/books', '/state')).toEqual({
      kind: 'postgres',
      url: 'postgres://ifc@db:5432/books',
    });
    expect(parseLedgerUrl('mysql://x', '/state')).toBeNull();
  });
});
