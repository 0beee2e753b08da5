// Public shapes of the local iFileConverter-compatible server (api-contract.md). Callers
// (the engine's tests, `ifc serve-local`, the desktop app) depend on these staying stable.
import type { Clock } from '../../shared/clock.ts';

/** Route names used by fault plans and the request log. */
export type RouteName = 'account' | 'webhook' | 'formats' | 'convert' | 'status' | 'cancel' | 'download';

export interface FaultPlan {
  /** Answer 429 (instead of the real answer) to the next `count` requests on `paths` (all if absent). */
  rateLimit: {
    count: number;
    retryAfterSeconds: number;
    asDate?: boolean;
    paths?: ('convert' | 'status' | 'account' | 'formats' | 'download')[];
  };
  /** Answer `status` to the next `count` requests on route `path` (a RouteName, or a path prefix). */
  serverError: { path: string; status: 500 | 502 | 503; count: number }[];
  /** Hold every response on route `path` (RouteName or path prefix) for `delayMs`. */
  slow: { path: string; delayMs: number };
  /** Destroy the socket after reading part of the next `count` upload bodies. */
  resetUpload: { count: number };
  /** Send the right Content-Length, then cut the body halfway, for the next `count` downloads. */
  truncateDownload: { count: number };
  /** Give results untrusted names with separators, `..`, control characters, reserved names. */
  hostileNames: boolean;
  /** Jobs (all, or those whose sourceName contains `match`) end failed with `code`. */
  failJobs: { code: string; count?: number; match?: string };
  /** After this many accepted jobs (counted from when the plan was set) the balance drops to 0. */
  drainAfterJobs: number;
  /** Jobs (all, or matching) complete with their result cut to its first half (a broken zip,
   *  PDF or image) whose size and sha256 are announced as the real ones: a converter's bug,
   *  not a transfer's, so only opening the file shows it. */
  damagedResult: { count?: number; match?: string };
  /** Jobs (all, or matching) stay `processing` forever. */
  neverFinish: { count?: number; match?: string };
  /** The conversion process of jobs (all, or matching) runs away as a broken converter would:
   *  'spin' loops forever without yielding, 'hog' allocates until the heap limit stops it. */
  runawayConversion: { kind: 'spin' | 'hog'; count?: number; match?: string };
  /** Results expire the moment they complete (download answers 410). */
  immediateExpiry: boolean;
  /** Adds `Retry-After: <n>` to status responses (a hint for the next poll). */
  statusRetryAfterSeconds: number;
  /** The next `count` downloads answer 302 to the same path and query on `toOrigin`. */
  redirectDownload: { toOrigin: string; count: number };
  /** The next `count` downloads are sent gzip-encoded (Content-Encoding: gzip), or in a coding
   *  no client can decode when `coding` names one. */
  encodeDownload: { count: number; coding?: 'gzip' | 'x-unknown' };
  /** The Job's `expiresAt` says this many ms earlier than the real expiry (a client whose clock
   *  runs ahead sees the same): the download is still served. */
  expiresAtEarlierMs: number;
}

export interface FaultController {
  /** Merges the given faults into the active plan (replacing faults of the same name). */
  set(plan: Partial<FaultPlan>): void;
  clear(): void;
  /** The active plan, counts as they are now. */
  current(): Partial<FaultPlan>;
}

/** Server-side job states; `cancelled` is internal (status answers 404 for it). */
export type ServerJobStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface LedgerEntry {
  jobId: string;
  sourceName: string;
  bytes: number;
  targetFormat: string;
  tokensCharged: number;
  refunded: boolean;
  idempotencyKey?: string;
  status: ServerJobStatus;
}

export interface Ledger {
  /** Every accepted job, in acceptance order (live objects: status/refunded update). */
  readonly jobs: readonly LedgerEntry[];
  entry(jobId: string): LedgerEntry | undefined;
  /** Tokens charged at acceptance and tokens given back (failed / cancelled before start). */
  readonly totals: { charged: number; refunded: number };
  /** How many POST /api/convert requests carried a file of this name (repeats included). */
  postsBySourceName(name: string): number;
}

export interface RequestLogEntry {
  /** The server clock's epoch ms at arrival. */
  at: number;
  origin: 'api' | 'download';
  method: string;
  path: string;
  /** 0 until the response is sent; stays 0 if the connection was cut first. */
  status: number;
  idempotencyKey?: string;
  hadAuthorization: boolean;
}

export interface LocalServerOptions {
  host?: string;
  port?: number;
  key?: string;
  tokens?: number;
  dataDir?: string;
  retentionMs?: number;
  rateLimitPerMinute?: number;
  /** The rate limit's window, 60 s unless scaled down for tests and benchmarks (the limit is
   *  then `rateLimitPerMinute` per this window). */
  rateLimitWindowMs?: number;
  /** Serve both origins over HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  conversionConcurrency?: number;
  faults?: Partial<FaultPlan>;
  benchPassThrough?: boolean;
  /** Largest accepted upload; default 2 GiB (this computer, not a shared service). */
  maxFileBytes?: number;
  /** The server's time (retention, Retry-After dates, rate windows, signatures, the request
   *  log): the system clock unless a test hands one it controls. */
  clock?: Clock;
  /** Bounds of each conversion (its own process): a job over one fails with
   *  conversion_timeout, conversion_memory or result_too_large. Defaults: 30 min, 2048 MiB
   *  of V8 heap, 4 GiB of result. */
  conversionLimits?: { timeMs?: number; memoryMb?: number; outputBytes?: number };
  /** Keep every request in `requests`, for tests to read (the default). A server that runs for
   *  hours (the app's offline server, `ifc serve-local`) or converts a whole folder keeps none:
   *  one entry per request would grow without end. */
  requestLog?: boolean;
}

export interface LocalServer {
  url: string;
  downloadOrigin: string;
  key: string;
  faults: FaultController;
  ledger: Ledger;
  /** Every request so far, oldest first; always empty with `requestLog: false`. */
  requests: RequestLogEntry[];
  /** TLS handshakes a client broke off (over HTTPS): a client that did not trust us. */
  tlsRefusals(): number;
  setTokens(n: number): void;
  balance(): number;
  /** Process ids of the conversions running now. */
  conversionPids(): number[];
  /** Stops both origins and kills every conversion process at once. */
  close(): Promise<void>;
}
