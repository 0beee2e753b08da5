// Everything a route handler needs, built once per server.
import type { Account } from './account.ts';
import type { ConverterTable } from './converters/table.ts';
import type { Faults } from './faults.ts';
import type { JobRecord } from './job-record.ts';
import type { ConversionQueue } from './jobs.ts';
import type { JobLedger } from './ledger.ts';
import type { WebhookSender } from './webhooks.ts';
import type { FormatLimits, Pricing } from '../../shared/formats.ts';
import type { Clock } from '../../shared/clock.ts';

export interface ServerContext {
  clock: Clock;
  account: Account;
  ledger: JobLedger;
  faults: Faults;
  runner: ConversionQueue;
  table: ConverterTable;
  webhooks: WebhookSender;
  pricing: Pricing;
  limits: FormatLimits;
  uploadsDir: string;
  /** Idempotency-Key -> job id (24 h). */
  idempotency: Map<string, { jobId: string; at: number }>;
  /** Idempotency keys whose first POST is still uploading. */
  idempotencyInFlight: Map<string, Promise<void>>;
  /** Absolute pre-signed URL of a completed job's result. */
  downloadUrl(job: JobRecord): string;
}

/** Pricing this server publishes and charges (the contract's formula in shared/formats.ts). */
export const PRICING: Pricing = {
  baseTokens: 1,
  tokensPerMegabyte: 1,
  formatMultiplier: { xlsx: 2, pdf: 2 },
};

export const SYNC_MAX_BYTES = 2 * 1048576;
