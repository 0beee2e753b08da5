// What the local server says about itself, as plain data: its GET /api/formats answer (the
// converter table, pricing and limits) and a fresh server's GET /api/account answer. The
// running server answers from these same functions, and `ifc formats|balance --endpoint local`
// reads them without starting a server at all (no sockets, no temporary folder, no converter
// loaded): tests/integration/cli/local-facts.test.ts holds the two answers equal over real HTTP.
import type { FormatLimits, FormatsInfo } from '../../shared/formats.ts';
import { PRICING, SYNC_MAX_BYTES } from './context.ts';
import { ConverterTable } from './converters/table.ts';
import type { LocalServerOptions } from './types.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Tokens a server starts with when none are given (the person's own computer: no real limit). */
export const DEFAULT_TOKENS = 1_000_000_000;
export const DEFAULT_RETENTION_MS = DAY_MS;
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 ** 3;
/** Requests per minute when none are given: like the cloud. */
export const DEFAULT_RATE_LIMIT = 600;

/** The limits /api/formats publishes for these options. */
export function limitsFor(options: Pick<LocalServerOptions, 'maxFileBytes' | 'retentionMs'>): FormatLimits {
  return {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    syncMaxBytes: SYNC_MAX_BYTES,
    retentionHours: (options.retentionMs ?? DEFAULT_RETENTION_MS) / 3_600_000,
  };
}

/** GET /api/formats of a server with this table and these limits. */
export function formatsAnswer(table: ConverterTable, limits: FormatLimits): FormatsInfo {
  return { conversions: table.conversions(), pricing: PRICING, limits };
}

/** GET /api/formats of a server started with these options (those it depends on: the limits
 *  and the bench pass-through), without starting one. */
export function localFormats(options: LocalServerOptions = {}): FormatsInfo {
  return formatsAnswer(
    new ConverterTable({ benchPassThrough: options.benchPassThrough }),
    limitsFor(options),
  );
}

export interface AccountAnswer {
  tokens: number;
  rateLimit: { requestsPerMinute: number };
  /** This server is the person's own computer: the app says "offline, free". */
  offline: true;
}

/** GET /api/account of a server with this balance and rate limit. */
export function accountAnswer(tokens: number, requestsPerMinute: number): AccountAnswer {
  return { tokens, rateLimit: { requestsPerMinute }, offline: true };
}

/** GET /api/account of a server freshly started with these options (its tokens and rate
 *  limit), without starting one. */
export function localAccount(options: LocalServerOptions = {}): AccountAnswer {
  return accountAnswer(options.tokens ?? DEFAULT_TOKENS, options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT);
}
