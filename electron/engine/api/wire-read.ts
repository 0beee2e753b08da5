// Reading answers off the wire for api-client.ts: bodies (size-limited), the contract's error
// shape, and the Job object, all parsed leniently (see wire-schema.ts).
import type { ZodType } from 'zod';
import type { ApiError } from './api-errors.ts';
import { kindForStatus } from './api-errors.ts';
import type { RemoteJob, RemoteResult } from './api-types.ts';
import { ErrorWire, JobWire } from './wire-schema.ts';

const ERROR_BODY_LIMIT = 64 * 1024;

/** What reading an answer needs of it: undici's responses and result-get.ts's both are one. */
export interface WireResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<unknown> & { destroy(): unknown; dump(): Promise<unknown> };
}

export function withRetryAfter(error: ApiError, retryAfterMs: number | undefined): ApiError {
  return retryAfterMs === undefined ? error : { ...error, retryAfterMs };
}

export function headerOf(headers: WireResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function errorName(cause: unknown): string {
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return cause instanceof Error ? cause.name : 'unknown';
}

export function protocolError(status: number): { ok: false; error: ApiError } {
  return { ok: false, error: { kind: 'protocol', code: 'protocol', ...(status ? { status } : {}) } };
}

/** undici's response body: a Node Readable (its `on` is what tells it from result-get.ts's). */
type EventBody = WireResponse['body'] & {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
};

function isEventBody(body: WireResponse['body']): body is EventBody {
  return typeof (body as Partial<EventBody>).on === 'function';
}

async function readText(res: WireResponse, limit: number): Promise<string | undefined> {
  const { body } = res;
  // Read by its events where it has them: an async iterator over a Readable sets up
  // end-of-stream tracking and a promise per chunk, measurably more work per small answer
  // (every upload's answer is one) than three listeners.
  if (isEventBody(body)) return readEvents(body, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        body.destroy();
        return undefined;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readEvents(body: EventBody, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (text: string | undefined): void => {
      if (done) return;
      done = true;
      resolve(text);
    };
    body.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        finish(undefined);
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    body.on('error', () => finish(undefined));
    // Destroyed before its end (an abort): nothing more will come.
    body.on('close', () => finish(undefined));
  });
}

export async function readJsonBody<T>(res: WireResponse, schema: ZodType<T>): Promise<T | undefined> {
  const text = await readText(res, 16 * 1024 * 1024);
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function readError(res: WireResponse): Promise<ApiError> {
  const status = res.statusCode;
  const error: ApiError = { kind: kindForStatus(status), code: '', status };
  const text = await readText(res, ERROR_BODY_LIMIT);
  let body: ReturnType<typeof ErrorWire.safeParse> | undefined;
  try {
    body = text ? ErrorWire.safeParse(JSON.parse(text)) : undefined;
  } catch {
    body = undefined;
  }
  if (body?.success) {
    const { code, message, ...extra } = body.data.error;
    error.code = code;
    if (message) error.serverMessage = message;
    if (Object.keys(extra).length > 0) error.details = extra;
  }
  if (!error.code) error.code = error.kind;
  // A proxy's 407 is about the proxy, whatever its body says.
  if (status === 407) error.code = 'proxy_auth_required';
  return error;
}

export async function readJob(res: WireResponse, base: URL): Promise<RemoteJob | undefined> {
  const wire = await readJsonBody(res, JobWire);
  if (!wire) return undefined;
  const status =
    wire.status === 'completed' || wire.status === 'failed'
      ? wire.status
      : wire.status === 'queued'
        ? 'queued'
        : 'processing';
  const job: RemoteJob = { jobId: wire.jobId, status };
  if (wire.progress != null) job.progress = Math.min(1, Math.max(0, wire.progress / 100));
  if (wire.tokensCharged != null) job.tokensCharged = wire.tokensCharged;
  if (status === 'completed') {
    if (!wire.downloadUrl) return undefined;
    let url: string;
    try {
      url = new URL(wire.downloadUrl, base).href;
    } catch {
      return undefined;
    }
    const result: RemoteResult = { url };
    if (wire.bytes != null) result.bytes = wire.bytes;
    if (wire.sha256) result.sha256 = wire.sha256.toLowerCase();
    if (wire.note) result.note = wire.note.slice(0, 500);
    const expires = wire.expiresAt ? Date.parse(wire.expiresAt) : Number.NaN;
    if (!Number.isNaN(expires)) result.expiresAt = expires;
    job.result = result;
  }
  if (status === 'failed') {
    job.error = { code: wire.error?.code ?? 'conversion_error' };
    if (wire.error?.message) job.error.message = wire.error.message;
  }
  return job;
}
