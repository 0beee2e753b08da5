// Errors travel as values: every fallible call across a layer boundary (IPC, engine API,
// CLI) returns one of these instead of throwing, so the caller must handle the failure.
import type { ErrorCode } from './messages.ts';

export interface Failure {
  code: ErrorCode;
  message: string;
  /** Extra facts a person or the UI can act on (e.g. required/balance for a shortfall). */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: Failure): Result<never> => ({ ok: false, error });
