// GET /api/account, PUT/DELETE /api/account/webhook.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context.ts';
import { accountAnswer } from '../facts.ts';
import { readSmallJson, sendEmpty, sendError, sendJson } from '../http-util.ts';

export function getAccount(ctx: ServerContext, res: ServerResponse, requestsPerMinute: number): void {
  sendJson(res, 200, accountAnswer(ctx.account.balance(), requestsPerMinute));
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export async function putWebhook(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: unknown;
  try {
    body = await readSmallJson(req);
  } catch {
    return sendError(res, 400, 'bad_request', { detail: 'body must be JSON {"url": "..."}' });
  }
  const url = (body as { url?: unknown } | null)?.url;
  if (!isHttpUrl(url)) return sendError(res, 400, 'bad_request', { detail: 'url must be an http(s) URL' });
  sendJson(res, 200, ctx.account.registerWebhook(url));
}

export function deleteWebhook(ctx: ServerContext, res: ServerResponse): void {
  ctx.account.webhookUrl = undefined;
  sendEmpty(res, 204);
}
