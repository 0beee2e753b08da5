// Pre-signed download URLs: HMAC-SHA256(secret, jobId + "." + exp) in the query, so the
// download origin needs no Authorization header and never sees the API key.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'bad' | 'expired';

function mac(secret: Buffer, jobId: string, exp: number): string {
  return createHmac('sha256', secret).update(`${jobId}.${exp}`).digest('hex');
}

/** Path and query for a job's result, valid until `expiresAtMs`. */
export function signedPath(secret: Buffer, jobId: string, expiresAtMs: number): string {
  const exp = Math.ceil(expiresAtMs / 1000);
  return `/dl/${encodeURIComponent(jobId)}?exp=${exp}&sig=${mac(secret, jobId, exp)}`;
}

export function checkSignature(
  secret: Buffer,
  jobId: string,
  expParam: string | null,
  sigParam: string | null,
  now: number,
): SignatureCheck {
  if (!expParam || !sigParam || !/^\d{1,15}$/.test(expParam) || !/^[0-9a-f]{64}$/.test(sigParam))
    return 'bad';
  const exp = Number(expParam);
  const expected = Buffer.from(mac(secret, jobId, exp), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sigParam, 'hex'))) return 'bad';
  return exp * 1000 <= now ? 'expired' : 'ok';
}
