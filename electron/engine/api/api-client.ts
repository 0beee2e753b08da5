// THE only module that knows the wire format of the iFileConverter API (api-contract.md):
// paths, headers, bodies, status codes. Everything else sees typed values and ApiErrors, so
// adapting to the live service is a change to this file (and wire-schema.ts) alone.
// Every call is ONE attempt; retries are retry-policy.ts's business. Every request waits on
// the engine-wide rate gate right before it is sent, and a 429 closes that gate.
import type { Dispatcher } from 'undici';
import { Agent, request } from 'undici';
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
import { fileNameFromDisposition } from './content-disposition.ts';
import { type GetResponse, HttpGetter } from './http-get.ts';
import type { RateGate } from './rate-gate.ts';
import { parseRetryAfter } from './rate-gate.ts';
import { multipartUpload } from './multipart-body.ts';
import {
  errorName,
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
  private key: string;
  private readonly gate: RateGate;
  private readonly agent: Agent;
  /** Results are read off the socket into one reused buffer: see http-get.ts for why. */
  private readonly getter: HttpGetter;
  private readonly onMeta?: (meta: ResponseMeta) => void;

  constructor(options: ApiClientOptions) {
    this.baseUrl = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.key = options.key;
    this.gate = options.gate;
    this.onMeta = options.onMeta;
    // One agent per endpoint; connections are reused across lanes.
    this.agent = new Agent({ connect: { timeout: 15_000 }, keepAliveTimeout: 10_000 });
    this.getter = new HttpGetter({ connectTimeoutMs: 15_000, keepAliveMs: 4_000 });
  }

  setKey(key: string): void {
    this.key = key;
  }

  async close(): Promise<void> {
    this.getter.close();
    await this.agent.close().catch(() => undefined);
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
    const upload = multipartUpload({
      path: req.path,
      ...(req.handle ? { handle: req.handle } : {}),
      fileName: req.fileName,
      bytes: req.bytes,
      fields: [['to', req.to]],
      onProgress: req.onProgress,
    });
    const url = this.api('api/convert');
    if (req.waitSeconds !== undefined && req.waitSeconds > 0) {
      url.searchParams.set('wait', String(Math.min(30, Math.floor(req.waitSeconds))));
    }
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
    const { res } = sent;
    if (res.statusCode === 200) {
      const job = await readJob(res, this.baseUrl);
      if (!job) return protocolError(res.statusCode);
      const value: Submitted = { jobId: job.jobId, job };
      if (job.tokensCharged !== undefined) value.tokensCharged = job.tokensCharged;
      return { ok: true, value, meta: sent.meta };
    }
    const body = await readJsonBody(res, AcceptedWire);
    const location = headerOf(res.headers, 'location');
    const jobId = body?.jobId ?? location?.split('/').filter(Boolean).pop();
    if (!jobId) return protocolError(res.statusCode);
    const value: Submitted = { jobId: decodeURIComponent(jobId) };
    if (body?.tokensCharged != null) value.tokensCharged = body.tokensCharged;
    return { ok: true, value, meta: sent.meta };
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
   * API's own origin, and is dropped if a redirect leaves it.
   */
  async download(resultUrl: string, signal?: AbortSignal): Promise<ApiResult<DownloadStream>> {
    let url: URL;
    try {
      url = new URL(resultUrl, this.baseUrl);
    } catch {
      return protocolError(0);
    }
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return protocolError(0);
      const sameOrigin = url.origin === this.baseUrl.origin;
      const sent = await this.get(url, signal, sameOrigin);
      if (!sent.ok) {
        // A refused pre-signed link means the link is no longer good, not that the key is wrong.
        if (
          !sameOrigin &&
          (sent.error.status === 401 || sent.error.status === 403 || sent.error.status === 404)
        ) {
          return { ok: false, error: { ...sent.error, kind: 'expired', code: 'expired' } };
        }
        return sent;
      }
      const { res } = sent;
      const location = headerOf(res.headers, 'location');
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump();
        url = new URL(location, url);
        continue;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        return protocolError(res.statusCode);
      }
      const value: DownloadStream = { body: res.body };
      const length = Number(headerOf(res.headers, 'content-length'));
      if (headerOf(res.headers, 'content-length') !== undefined && Number.isSafeInteger(length)) {
        value.contentLength = length;
      }
      const fileName = fileNameFromDisposition(headerOf(res.headers, 'content-disposition'));
      if (fileName !== undefined) value.fileName = fileName;
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
      body?: AsyncIterable<Uint8Array>;
      headersTimeout?: number;
    },
  ): Promise<Sent> {
    await this.gate.wait(options.signal);
    if (options.signal?.aborted) return cancelled();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher: this.agent,
        method,
        headers: { accept: 'application/json', ...options.headers, authorization: `Bearer ${this.key}` },
        // undici sends async iterables (lib/core/util.js wrapRequestBody); its typings omit them.
        body: (options.body ?? null) as Dispatcher.DispatchOptions['body'],
        signal: options.signal ?? null,
        headersTimeout: options.headersTimeout ?? HEADERS_TIMEOUT,
        bodyTimeout: BODY_TIMEOUT,
      });
    } catch (cause) {
      return unsent(cause, options.signal);
    }
    return this.answer(res, url, { auth: true, redirects: false });
  }

  /** A GET of a result, whose body is read off the socket in place (http-get.ts). The key goes
   *  along only when `auth` (the API's own origin). */
  private async get(url: URL, signal: AbortSignal | undefined, auth: boolean): Promise<Sent<GetResponse>> {
    await this.gate.wait(signal);
    if (signal?.aborted) return cancelled();
    const headers: Record<string, string> = { accept: '*/*' };
    if (auth) headers.authorization = `Bearer ${this.key}`;
    let res: GetResponse;
    try {
      res = await this.getter.get(url, {
        headers,
        ...(signal ? { signal } : {}),
        headersTimeoutMs: HEADERS_TIMEOUT,
        bodyTimeoutMs: BODY_TIMEOUT,
      });
    } catch (cause) {
      return unsent(cause, signal);
    }
    return this.answer(res, url, { auth, redirects: true });
  }

  /** What every answer goes through: the account headers, a 429 closing the gate, and error
   *  statuses read into ApiErrors. */
  private async answer<R extends WireResponse>(
    res: R,
    url: URL,
    options: { auth: boolean; redirects: boolean },
  ): Promise<Sent<R>> {
    const now = this.gate.clock.now();
    const meta: ResponseMeta = {};
    const tokens = headerOf(res.headers, 'x-tokens-remaining');
    if (tokens !== undefined && /^-?\d+$/.test(tokens.trim())) meta.tokensRemaining = Number(tokens);
    const retryAfterMs = parseRetryAfter(headerOf(res.headers, 'retry-after'), now);
    if (retryAfterMs !== undefined) meta.retryAfterMs = retryAfterMs;
    if (options.auth || url.origin === this.baseUrl.origin) this.onMeta?.(meta);

    if (res.statusCode === 429) {
      await res.body.dump().catch(() => undefined);
      if (retryAfterMs !== undefined) this.gate.closeUntil(now + retryAfterMs);
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

/** No answer came: cancelled, or the network's fault (retried by the policy). */
function unsent(cause: unknown, signal: AbortSignal | undefined): { ok: false; error: ApiError } {
  if (signal?.aborted) return cancelled();
  return { ok: false, error: { kind: 'network', code: 'network', details: { cause: errorName(cause) } } };
}
