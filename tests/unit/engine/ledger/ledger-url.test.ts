// `--ledger <url>`: where the invoice ledger lives (SQLite by default in the state folder, a
// sqlite: path, or a postgres:// address), what is refused, and that the address shown never
// carries a password.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultLedgerPath,
  ledgerLocation,
  parseLedgerUrl,
} from '../../../../electron/engine/ledger/ledger-url.ts';

describe('the ledger address', () => {
  it('defaults to ledger.sqlite in the state folder', () => {
    expect(defaultLedgerPath('/state')).toBe(join('/state', 'ledger.sqlite'));
    expect(parseLedgerUrl(undefined, '/state')).toEqual({
      kind: 'sqlite',
      path: join('/state', 'ledger.sqlite'),
    });
    expect(parseLedgerUrl('', '/state')).toEqual({ kind: 'sqlite', path: join('/state', 'ledger.sqlite') });
  });

  it('reads sqlite: paths, relative ones from the working folder, and sqlite:/// as absolute', () => {
    expect(parseLedgerUrl('sqlite:/data/books.sqlite', '/state')).toEqual({
      kind: 'sqlite',
      path: '/data/books.sqlite',
    });
    expect(parseLedgerUrl('sqlite:///data/books.sqlite', '/state')).toEqual({
      kind: 'sqlite',
      path: '/data/books.sqlite',
    });
    expect(parseLedgerUrl('sqlite:books.sqlite', '/state')).toEqual({
      kind: 'sqlite',
      path: resolve('books.sqlite'),
    });
    expect(parseLedgerUrl('sqlite:', '/state')).toBeNull();
  });

  it('takes postgres:// and postgresql:// addresses and refuses anything else', () => {
    const url = 'postgres://ana:secret@db.example:5432/books';
    expect(parseLedgerUrl(url, '/state')).toEqual({ kind: 'postgres', url });
    expect(parseLedgerUrl('postgresql://db/books', '/state')).toEqual({
      kind: 'postgres',
      url: 'postgresql://db/books',
    });
    for (const bad of [
      'postgres://[not-an-address',
      'mysql://db/books',
      '/data/books.sqlite',
      'http://db/books',
    ])
      expect(parseLedgerUrl(bad, '/state')).toBeNull();
  });

  it('shows a postgres address without its password, and a sqlite one as its path', () => {
    const shown = ledgerLocation({ kind: 'postgres', url: 'postgres://ana:secret@db.example:5432/books' });
    expect(shown).not.toContain('secret');
    expect(shown).toBe('postgres://ana@db.example:5432/books');
    expect(ledgerLocation({ kind: 'sqlite', path: '/data/books.sqlite' })).toBe('sqlite:/data/books.sqlite');
  });
});
