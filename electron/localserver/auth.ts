// Bearer auth for /api/*: one key per account, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(text: string): Buffer {
  // Hash first so the compare is constant-time whatever the lengths.
  return createHash('sha256').update(text, 'utf8').digest();
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function isAuthorized(req: IncomingMessage, key: string): boolean {
  const token = bearerToken(req);
  if (token === undefined) return false;
  return timingSafeEqual(digest(token), digest(key));
}
