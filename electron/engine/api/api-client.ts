// THE only module that knows the wire format of the iFileConverter API (api-contract.md):
// paths, headers, bodies, status codes. Everything else sees typed values and ApiErrors, so
// adapting to the live service is a change to this file (and wire-schema.ts) alone.
// Every call is ONE attempt; retries are retry-policy.ts's business. Every API request waits on
// the engine-wide rate gate right before it is sent; a 429 closes that gate and the
// X-RateLimit-* headers pace it (rate-gate.ts). Result downloads have a gate per storage
// origin instead: a busy storage server never holds up the API, nor the other way round.
// All of it goes through the engine's one undici dispatcher (network.ts).
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import type { FormatsInfo } from '../../../shared/formats.ts';
import type { ApiError } from './api-errors.ts';
import type {
  Account,
  ApiClientOptions,
  ApiResult,
  DownloadStream,
  RemoteJob,
  ResponseMeta,
  SubmitRequest,
  Submitted,
} from './api-types.ts';
import { Network } from './network.ts';
import { unansweredError } from './network-errors.ts';
import { paceFromHeaders, parseRetryAfter, RateGate } from './rate-gate.ts';
import { type GetResponse, getResult } from './result-get.ts';
import { multipartBuffer, multipartUpload, SMALL_BODY } from './multipart-body.ts';
import {
  headerOf,
  protocolError,
  readError,
  readJob,
  readJsonBody,
  type WireResponse,
  withRetryAfter,
} from './wire-read.ts';
import { AcceptedWire, AccountWire, FormatsWire } from './wire-schema.ts';

export type * from './api-types.ts';

/** Reading a source file failed: the code a person can act on. */
export function sourceErrorCode(
  error: unknown,
): 'file_missing' | 'file_unreadable' | 'file_changed' | 'is_directory' {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'file_missing';
  if (code === 'EISDIR') return 'is_directory';
  if (code === 'EFILECHANGED') return 'file_changed';
  return 'file_unreadable';
}

/** Sending again would read the same file the same way: a local error, never retried. */
function localFileFailure(error: unknown): { ok: false; error: ApiError } {
  return { ok: false, error: { kind: 'local', code: sourceErrorCode(error) } };
}

const MAX_REDIRECTS = 5;

type Sent<R extends WireResponse = Dispatcher.ResponseData> =
  | { ok: true; res: R; meta: ResponseMeta }
  | { ok: false; error: ApiError };

function cancelled(): { ok: false; error: ApiError } {
  return { ok: false, error: { kind: 'aborted', code: 'cancelled' } };
}

/** How long the server may take to start answering, and to send the next bytes of a body. */
const HEADERS_TIMEOUT = 120_000;
const BODY_TIMEOUT = 120_000;

export class ApiClient {
  readonly baseUrl: URL;
  /** baseUrl.origin, kept: URL's origin getter builds a new string on every read, and it is
   *  asked several times per file. */
  private readonly baseOrigin: string;
  private key: string;
  private readonly gate: RateGate;
  /** The engine's one dispatcher (network.ts); closed with the client. */
  private readonly network: Network;
  /** One gate per storage origin: its 429s wait there, never on the API's gate. */
  private readonly storageGates = new Map<string, RateGate>();
  private readonly onMeta?: (meta: ResponseMeta) => void;

  constructor(options: ApiClientOptions) {
    this.baseUrl = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.baseOrigin = this.baseUrl.origin;
    this.key = options.key;
    this.gate = options.gate;
    this.onMeta = options.onMeta;
    this.network = new Network(options.proxy);
  }

  setKey(key: string): void {
    this.key = key;
  }

  async close(): Promise<void> {
    await this.network.close();
  }

  /** The gate a download from `url` waits on: the API's for its own origin, else the storage
   *  origin's own. */
  gateFor(url: string): RateGate {
    // The usual case, a result on the API's own origin, needs no parsing.
    if (url.startsWith(`${this.baseOrigin}/`)) return this.gate;
    let origin: string;
    try {
      origin = new URL(url, this.baseUrl).origin;
    } catch {
      return this.gate;
    }
    if (origin === this.baseOrigin) return this.gate;
    let gate = this.storageGates.get(origin);
    if (!gate) {
      gate = new RateGate(this.gate.clock);
      this.storageGates.set(origin, gate);
    }
    return gate;
  }

  async account(signal?: AbortSignal): Promise<ApiResult<Account>> {
    const sent = await this.send('GET', this.api('api/account'), { signal });
    if (!sent.ok) return sent;
    const body = await readJsonBody(sent.res, AccountWire);
    if (!body) return protocolError(sent.res.statusCode);
    const value: Account = { tokens: body.tokens };
    if (body.rateLimit?.requestsPerMinute != null) value.requestsPerMinute = body.rateLimit.requestsPerMinute;
    return {
      ok: true,
      value,
      meta: { ...sent.meta, tokensRemaining: sent.meta.tokensRemaining ?? body.tokens },
    };
  }

  async formats(signal?: AbortSignal): Promise<ApiResult<FormatsInfo>> {
    const sent = await this.send('GET', this.api('api/formats'), { signal });
    if (!sent.ok) return sent;
    const body = await readJsonBody(sent.res, FormatsWire);
    if (!body) return protocolError(sent.res.statusCode);
    const conversions: Record<string, string[]> = {};
    for (const [from, targets] of Object.entries(body.conversions)) {
      conversions[from.toLowerCase()] = targets.map((target) => target.toLowerCase());
    }
    const value: FormatsInfo = {
      conversions,
      pricing: {
        baseTokens: body.pricing.baseTokens,
        tokensPerMegabyte: body.pricing.tokensPerMegabyte,
        formatMultiplier: body.pricing.formatMultiplier ?? {},
      },
      limits: {
        maxFileBytes: body.limits?.maxFileBytes ?? Number.POSITIVE_INFINITY,
        syncMaxBytes: body.limits?.syncMaxBytes ?? 0,
        retentionHours: body.limits?.retentionHours ?? 24,
      },
    };
    return { ok: true, value, meta: sent.meta };
  }

  /** POST /api/convert: streams the file from disk; 202 accepted, or 200 with the finished Job. */
  async submit(req: SubmitRequest): Promise<ApiResult<Submitted>> {
    const parts = {
      path: req.path,
      fileName: req.fileName,
      bytes: req.bytes,
      fields: [['to', req.to]] as [string, string][],
      onProgress: req.onProgress,
    };
    // A small file that is already open (or read) goes as one buffer (multipartBuffer); a
    // read that fails is the file's own failure, never retried.
    if ((req.content || req.handle) && req.bytes <= SMALL_BODY) {
      let small: Awaited<ReturnType<typeof multipartBuffer>>;
      try {
        small = await multipartBuffer(
          req.content ? { ...parts, content: req.content } : { ...parts, handle: req.handle! },
        );
      } catch (error) {
        return localFileFailure(error);
      }
      const sent = await this.send('POST', this.convertUrl(req.waitSeconds), {
        signal: req.signal,
        headers: {
          'content-type': small.contentType,
          'content-length': String(small.contentLength),
          'idempotency-key': req.idempotencyKey,
        },
        body: small.body,
        headersTimeout: ((req.waitSeconds ?? 0) + 120) * 1000,
      });
      return sent.ok ? this.accepted(sent.res, sent.meta) : sent;
    }
    const upload = multipartUpload({ ...parts, ...(req.handle ? { handle: req.handle } : {}) });
    const url = this.convertUrl(req.waitSeconds);
    // A failure reading the file (permission, gone, changed) is ours, not the network's: it
    // is reported as such and never retried. Only the upload knows which errors came from the
    // file: when a reset makes undici destroy the body, the body errors too, and that one
    // must stay a network error so the POST is retried with its idempotency key.
    const sent = await this.send('POST', url, {
      signal: req.signal,
      headers: {
        'content-type': upload.contentType,
        'content-length': String(upload.contentLength),
        'idempotency-key': req.idempotencyKey,
      },
      body: upload.body,
      headersTimeout: ((req.waitSeconds ?? 0) + 120) * 1000,
    });
    // The server may answer before taking the whole body (a refusal): the file is closed now.
    await upload.close();
    if (!sent.ok) {
      const fileError = upload.fileError();
      if (fileError !== undefined && sent.error.kind === 'network') return localFileFailure(fileError);
      return sent;
    }
    return this.accepted(sent.res, sent.meta);
  }

  private convertUrl(waitSeconds: number | undefined): URL {
    const url = this.api('api/convert');
    if (waitSeconds !== undefined && waitSeconds > 0) {
      url.searchParams.set('wait', String(Math.min(30, Math.floor(waitSeconds))));
    }
    return url;
  }

  /** The answer to an accepted POST: 200 with the finished Job (the sync path), or 202. */
  private async accepted(res: Dispatcher.ResponseData, meta: ResponseMeta): Promise<ApiResult<Submitted>> {
    if (res.statusCode === 200) {
      const job = await readJob(res, this.baseUrl);
      if (!job) return protocolError(res.statusCode);
      const value: Submitted = { jobId: job.jobId, job };
      if (job.tokensCharged !== undefined) value.tokensCharged = job.tokensCharged;
      return { ok: true, value, meta };
    }
    const body = await readJsonBody(res, AcceptedWire);
    const location = headerOf(res.headers, 'location');
    const jobId = body?.jobId ?? location?.split('/').filter(Boolean).pop();
    if (!jobId) return protocolError(res.statusCode);
    const value: Submitted = { jobId: decodeURIComponent(jobId) };
    if (body?.tokensCharged != null) value.tokensCharged = body.tokensCharged;
    return { ok: true, value, meta };
  }

  /** GET /api/convert/status/:jobId. `meta.retryAfterMs` is the server's hint for the next poll. */
  async status(jobId: string, signal?: AbortSignal): Promise<ApiResult<RemoteJob>> {
    const sent = await this.send('GET', this.api(`api/convert/status/${encodeURIComponent(jobId)}`), {
      signal,
    });
    if (!sent.ok) return sent;
    const job = await readJob(sent.res, this.baseUrl);
    if (!job) return protocolError(sent.res.statusCode);
    return { ok: true, value: job, meta: sent.meta };
  }

  /** DELETE /api/convert/:jobId: 204 cancelled; 409 (conflict) already finished. */
  async cancel(jobId: string, signal?: AbortSignal): Promise<ApiResult<void>> {
    const sent = await this.send('DELETE', this.api(`api/convert/${encodeURIComponent(jobId)}`), { signal });
    if (!sent.ok) return sent;
    await sent.res.body.dump();
    return { ok: true, value: undefined, meta: sent.meta };
  }

  /**
   * GET a result. The URL is pre-signed and may be on another origin: the key goes only to the
   * API's own origin, and is dropped if a redirect leaves it. At most MAX_REDIRECTS hops, never
   * from https down to http. A content coding undici decodes (gzip, br, deflate, zstd) arrives
   * decoded; any other is refused plainly rather than saved as a file whose hash cannot match.
   * The server decides expiry: 410, or 404 once `expiresAt` has passed (by our clock).
   */
  async download(
    resultUrl: string,
    signal?: AbortSignal,
    expiresAt?: number,
  ): Promise<ApiResult<DownloadStream>> {
    let url: URL;
    try {
      url = new URL(resultUrl, this.baseUrl);
    } catch {
      return protocolError(0);
    }
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return protocolError(0);
      const sameOrigin = url.origin === this.baseOrigin;
      const sent = await this.get(url, signal, sameOrigin);
      if (!sent.ok)
        return { ok: false, error: storageRefusal(sent.error, sameOrigin, expiresAt, this.gate.clock.now()) };
      const { res } = sent;
      const location = headerOf(res.headers, 'location');
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump();
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return protocolError(res.statusCode);
        }
        if (url.protocol === 'https:' && next.protocol === 'http:') {
          return { ok: false, error: { kind: 'refused', code: 'insecure_redirect' } };
        }
        url = next;
        continue;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        return protocolError(res.statusCode);
      }
      const coding = headerOf(res.headers, 'content-encoding')?.trim().toLowerCase();
      if (coding && coding !== 'identity') {
        res.body.destroy();
        return {
          ok: false,
          error: { kind: 'refused', code: 'content_encoding_unsupported', details: { coding } },
        };
      }
      const value: DownloadStream = { body: res.body };
      const length = Number(headerOf(res.headers, 'content-length'));
      if (headerOf(res.headers, 'content-length') !== undefined && Number.isSafeInteger(length)) {
        value.contentLength = length;
      }
      return { ok: true, value, meta: sent.meta };
    }
    return protocolError(0);
  }

  private api(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  /** A call to the API, through undici. */
  private async send(
    method: 'GET' | 'POST' | 'DELETE',
    url: URL,
    options: {
      signal?: AbortSignal;
      headers?: Record<string, string>;
      body?: Readable | Buffer;
      headersTimeout?: number;
    },
  ): Promise<Sent> {
    const unusable = await this.network.prepare(url);
    if (unusable) return { ok: false, error: unusable };
    const ticket = await this.gate.wait(options.signal);
    if (options.signal?.aborted) return cancelled();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: this.network.dispatcher,
        method,
        headers: { accept: 'application/json', ...options.headers, authorization: `Bearer ${this.key}` },
        body: options.body ?? null,
        signal: options.signal ?? null,
        headersTimeout: options.headersTimeout ?? HEADERS_TIMEOUT,
        bodyTimeout: BODY_TIMEOUT,
      });
    } catch (cause) {
      return unsent(cause, options.signal);
    }
    return this.answer(res, url, { auth: true, redirects: false, ticket });
  }

  /** A GET of a result (result-get.ts). The key goes along only when `auth` (the API's own
   *  origin); the wait is on that origin's gate. */
  private async get(url: URL, signal: AbortSignal | undefined, auth: boolean): Promise<Sent<GetResponse>> {
    const unusable = await this.network.prepare(url);
    if (unusable) return { ok: false, error: unusable };
    const ticket = await this.gateFor(url.href).wait(signal);
    if (signal?.aborted) return cancelled();
    // Asking for the file as stored: results are mostly compressed formats already.
    const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'identity' };
    if (auth) headers.authorization = `Bearer ${this.key}`;
    let res: GetResponse;
    try {
      res = await getResult(this.network.downloads, url, {
        headers,
        ...(signal ? { signal } : {}),
        headersTimeout: HEADERS_TIMEOUT,
        bodyTimeout: BODY_TIMEOUT,
      });
    } catch (cause) {
      return unsent(cause, signal);
    }
    return this.answer(res, url, { auth, redirects: true, ticket });
  }

  /** What every answer goes through: the account headers, a 429 closing the gate, and error
   *  statuses read into ApiErrors. */
  private async answer<R extends WireResponse>(
    res: R,
    url: URL,
    options: { auth: boolean; redirects: boolean; ticket: number },
  ): Promise<Sent<R>> {
    const now = this.gate.clock.now();
    const meta: ResponseMeta = {};
    const apiOrigin = options.auth || url.origin === this.baseOrigin;
    const tokens = headerOf(res.headers, 'x-tokens-remaining');
    if (tokens !== undefined && /^-?\d+$/.test(tokens.trim())) meta.tokensRemaining = Number(tokens);
    const retryAfterMs = parseRetryAfter(headerOf(res.headers, 'retry-after'), now);
    if (retryAfterMs !== undefined) meta.retryAfterMs = retryAfterMs;
    if (apiOrigin) {
      this.onMeta?.(meta);
      const pace = paceFromHeaders(res.headers, now);
      if (pace) this.gate.pace(pace, options.ticket, now);
    }

    if (res.statusCode === 429) {
      await res.body.dump().catch(() => undefined);
      if (retryAfterMs !== undefined)
        (apiOrigin ? this.gate : this.gateFor(url.href)).closeUntil(now + retryAfterMs);
      return {
        ok: false,
        error: withRetryAfter({ kind: 'rate_limited', code: 'rate_limited', status: 429 }, retryAfterMs),
      };
    }
    const isRedirect = options.redirects && res.statusCode >= 300 && res.statusCode < 400;
    if (res.statusCode >= 400 || (res.statusCode >= 300 && !isRedirect)) {
      return { ok: false, error: withRetryAfter(await readError(res), retryAfterMs) };
    }
    return { ok: true, res, meta };
  }
}

/** No answer came: cancelled, a certificate or proxy sign-in problem (never retried), or the
 *  network's fault (retried by the policy). */
function unsent(cause: unknown, signal: AbortSignal | undefined): { ok: false; error: ApiError } {
  if (signal?.aborted) return cancelled();
  return { ok: false, error: unansweredError(cause) };
}

/** What a storage origin's refusal means. Expiry is the server's call: a 410, or a 404 once
 *  the result's `expiresAt` has passed. A refused pre-signed link is never a wrong API key. */
function storageRefusal(
  error: ApiError,
  sameOrigin: boolean,
  expiresAt: number | undefined,
  now: number,
): ApiError {
  const status = error.status;
  if (status === 410) return { ...error, kind: 'expired', code: 'expired' };
  const pastExpiry = expiresAt !== undefined && expiresAt <= now;
  if (status === 404 && pastExpiry) return { ...error, kind: 'expired', code: 'expired' };
  if (!sameOrigin && (status === 401 || status === 403 || status === 404)) {
    return { ...error, kind: 'refused', code: status === 404 ? 'not_found' : 'download_refused' };
  }
  return error;
}
