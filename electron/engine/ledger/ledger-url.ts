// `--ledger <url>`: sqlite:<path> (default sqlite:<state dir>/ledger.sqlite) or
// postgres://user@host:port/db (postgresql:// too).
import { join, resolve } from 'node:path';
import type { Ledger } from './ledger-types.ts';
import { openPostgresLedger, redactedUrl } from './postgres-ledger.ts';
import { openSqliteLedger } from './sqlite-ledger.ts';

export type LedgerTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function defaultLedgerPath(stateDir: string): string {
  return join(stateDir, 'ledger.sqlite');
}

export function parseLedgerUrl(url: string | undefined, stateDir: string): LedgerTarget | null {
  if (url === undefined || url === '') return { kind: 'sqlite', path: defaultLedgerPath(stateDir) };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return path ? { kind: 'sqlite', path: resolve(path) } : null;
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
      return { kind: 'postgres', url };
    } catch {
      return null;
    }
  }
  return null;
}

/** The ledger's address as shown and as the pending queue keys it (never a password). */
export function ledgerLocation(target: LedgerTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.path}` : redactedUrl(target.url);
}

export interface OpenOptions {
  password?: string;
  busyTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export function openLedger(target: LedgerTarget, options: OpenOptions = {}): Promise<Ledger> {
  return target.kind === 'sqlite'
    ? openSqliteLedger(
        target.path,
        options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs },
      )
    : openPostgresLedger(target.url, {
        ...(options.password ? { password: options.password } : {}),
        ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      });
}
