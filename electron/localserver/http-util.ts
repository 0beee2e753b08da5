// Small response helpers: every error body has the contract's shape
// {"error": {"code", "message", ...extra}}, with the sentence taken from shared/messages.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { messageFor } from '../../shared/messages.ts';

/** Wire codes that the shared message table names differently. */
const MESSAGE_CODE: Record<string, string> = { internal_error: 'server_error', unavailable: 'server_error' };

export function wireMessage(code: string): string {
  return messageFor(MESSAGE_CODE[code] ?? code);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message: wireMessage(code), ...extra } }, headers);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end();
}

/** Reads a small JSON body (webhook registration); large or invalid bodies are refused. */
export async function readSmallJson(req: IncomingMessage, maxBytes = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
