// The typed values the API client hands out (api-client.ts turns wire bodies into these).
import type { FileHandle } from 'node:fs/promises';
import type { ApiError } from './api-errors.ts';
import type { ProxySetting } from './network.ts';
import type { RateGate } from './rate-gate.ts';
import type { ResultBody } from './result-get.ts';

/** Facts any answer may carry in its headers. */
export interface ResponseMeta {
  tokensRemaining?: number;
  retryAfterMs?: number;
}

export type ApiResult<T> = { ok: true; value: T; meta: ResponseMeta } | { ok: false; error: ApiError };

export interface Account {
  tokens: number;
  requestsPerMinute?: number;
}

export interface RemoteResult {
  url: string;
  bytes?: number;
  sha256?: string;
  /** Epoch ms. */
  expiresAt?: number;
  /** What the conversion could not keep, in the server's words (e.g. characters no font has). */
  note?: string;
}

export interface RemoteJob {
  jobId: string;
  status: 'queued' | 'processing' | 'completed' | 'failed';
  /** 0..1 */
  progress?: number;
  tokensCharged?: number;
  result?: RemoteResult;
  error?: { code: string; message?: string };
}

export interface Submitted {
  jobId: string;
  tokensCharged?: number;
  /** Present when the server answered with the Job itself (it finished within ?wait=). */
  job?: RemoteJob;
}

export interface SubmitRequest {
  path: string;
  /** `path` already open (preflight's openSource): read from, and left open for its owner. */
  handle?: FileHandle;
  /** The whole file, already read (a small one, as it was opened): sent as it is. */
  content?: Uint8Array;
  fileName: string;
  bytes: number;
  to: string;
  idempotencyKey: string;
  /** Ask the server to hold the answer up to this many seconds (0..30). */
  waitSeconds?: number;
  onProgress?: (sentBytes: number) => void;
  signal?: AbortSignal;
}

export interface DownloadStream {
  /** Chunks straight from undici (result-get.ts). */
  body: ResultBody;
  /** As sent; absent when the body arrives decoded from a content coding. */
  contentLength?: number;
}

export interface ApiClientOptions {
  url: string;
  key: string;
  gate: RateGate;
  /** Called with the headers' facts of every API answer (balance updates). */
  onMeta?: (meta: ResponseMeta) => void;
  /** Which proxy, if any (network.ts); default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: ProxySetting;
}
