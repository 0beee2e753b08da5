// The two HTTP origins: the API (Bearer auth, rate limit, X-Tokens-Remaining) and the
// download origin (pre-signed URLs, no auth). Every request on both is logged (unless the
// server was started with `requestLog: false`), and the fault plan gets its say before the real
// handler runs.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorized } from './auth.ts';
import type { ServerContext } from './context.ts';
import type { Faults } from './faults.ts';
import { sendError } from './http-util.ts';
import type { RateLimiter } from './rate-limit.ts';
import { deleteWebhook, getAccount, putWebhook } from './routes/account.ts';
import { postConvert } from './routes/convert.ts';
import { getDownload } from './routes/download.ts';
import { getFormats } from './routes/formats.ts';
import { cancelJob, getStatus } from './routes/status.ts';
import type { RequestLogEntry, RouteName } from './types.ts';
import type { Clock } from '../../shared/clock.ts';

interface Route {
  name: RouteName;
  run(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> | void;
}

function jobIdFrom(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  return rest && !rest.includes('/') ? decodeURIComponent(rest) : undefined;
}

function logRequest(
  clock: Clock,
  log: RequestLogEntry[] | undefined,
  origin: 'api' | 'download',
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): void {
  if (!log) return;
  const key = req.headers['idempotency-key'];
  const entry: RequestLogEntry = {
    at: clock.now(),
    origin,
    method: req.method ?? '',
    path,
    status: 0,
    hadAuthorization: req.headers.authorization !== undefined,
    ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
  };
  log.push(entry);
  // Logged as the head goes out (an implicit head goes through writeHead too): a client that
  // has read the whole answer must find its status here, and 'close' can come after that.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    const written = writeHead.apply(this, args);
    entry.status = res.statusCode;
    return written;
  } as typeof writeHead;
}

function serverErrorCode(status: number): string {
  return status === 500 ? 'internal_error' : 'unavailable';
}

/** Fault-plan answers shared by both origins; true when the request was answered. */
async function injectFaults(
  clock: Clock,
  faults: Faults,
  route: RouteName,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  const wait = faults.delayFor(route, path);
  if (wait > 0) await clock.sleep(wait);
  const retryAfter = faults.takeRateLimit(route);
  if (retryAfter !== undefined) {
    req.resume();
    sendError(res, 429, 'rate_limited', {}, { 'Retry-After': retryAfter });
    return true;
  }
  const status = faults.takeServerError(route, path);
  if (status !== undefined) {
    req.resume();
    sendError(res, status, serverErrorCode(status), {}, status === 503 ? { 'Retry-After': '1' } : {});
    return true;
  }
  return false;
}

export interface ApiHandlerOptions {
  ctx: ServerContext;
  limiter: RateLimiter;
  /** Where requests are logged; none with `requestLog: false`. */
  log: RequestLogEntry[] | undefined;
}

export function apiHandler({ ctx, limiter, log }: ApiHandlerOptions) {
  const routeFor = (method: string, path: string): Route | undefined => {
    if (path === '/api/account' && method === 'GET')
      return { name: 'account', run: (_req, res) => getAccount(ctx, res, limiter.perMinute) };
    if (path === '/api/account/webhook' && method === 'PUT')
      return { name: 'webhook', run: (req, res) => putWebhook(ctx, req, res) };
    if (path === '/api/account/webhook' && method === 'DELETE')
      return { name: 'webhook', run: (_req, res) => deleteWebhook(ctx, res) };
    if (path === '/api/formats' && method === 'GET')
      return { name: 'formats', run: (_req, res) => getFormats(ctx, res) };
    if (path === '/api/convert' && method === 'POST') {
      return {
        name: 'convert',
        run: (req, res, query) => {
          const resetAt = ctx.faults.takeResetUpload() ? cutPoint(req) : undefined;
          return postConvert(ctx, req, res, query, resetAt);
        },
      };
    }
    const statusId = jobIdFrom(path, '/api/convert/status/');
    if (statusId && method === 'GET')
      return { name: 'status', run: (_req, res) => getStatus(ctx, res, statusId) };
    const cancelId = jobIdFrom(path, '/api/convert/');
    if (cancelId && method === 'DELETE')
      return { name: 'cancel', run: (_req, res) => cancelJob(ctx, res, cancelId) };
    return undefined;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    logRequest(ctx.clock, log, 'api', req, res, url.pathname);
    res.setHeader('X-Request-Id', `r_${randomBytes(8).toString('hex')}`);
    const route = routeFor(req.method ?? 'GET', url.pathname);
    if (!route) {
      req.resume();
      return sendError(res, 404, 'not_found');
    }
    if (!isAuthorized(req, ctx.account.key)) {
      req.resume();
      return sendError(res, 401, 'invalid_api_key');
    }
    if (await injectFaults(ctx.clock, ctx.faults, route.name, req, res, url.pathname)) return;
    const rate = limiter.take(ctx.account.key);
    res.setHeader('X-RateLimit-Limit', String(rate.limit));
    res.setHeader('X-RateLimit-Remaining', String(rate.remaining));
    res.setHeader('X-RateLimit-Reset', limiter.resetHeader(rate));
    res.setHeader('X-Tokens-Remaining', String(ctx.account.balance()));
    if (!rate.allowed) {
      req.resume();
      return sendError(res, 429, 'rate_limited', {}, { 'Retry-After': String(rate.retryAfterSeconds) });
    }
    await route.run(req, res, url.searchParams);
  };
}

/** Where a reset-upload fault cuts, in body bytes: halfway through the body (at most 64 KiB
 *  in), and upload.ts cuts at the first file bytes past that point, so the file is never
 *  received whole and every armed reset really resets. */
function cutPoint(req: IncomingMessage): number {
  const length = Number(req.headers['content-length'] ?? Number.NaN);
  return Number.isFinite(length) ? Math.max(1, Math.min(64 * 1024, Math.floor(length / 2))) : 64 * 1024;
}

export function downloadHandler(ctx: ServerContext, log: RequestLogEntry[] | undefined, secret: Buffer) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    logRequest(ctx.clock, log, 'download', req, res, url.pathname);
    const jobId = jobIdFrom(url.pathname, '/dl/');
    if (!jobId || (req.method !== 'GET' && req.method !== 'HEAD')) {
      req.resume();
      return sendError(res, 404, 'not_found');
    }
    if (await injectFaults(ctx.clock, ctx.faults, 'download', req, res, url.pathname)) return;
    getDownload(ctx, req, res, jobId, url.searchParams, secret);
  };
}
