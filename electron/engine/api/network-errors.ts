// A request that got no answer, as the ApiError a person can act on. Most are the network's
// fault and retried (network). Two are not, because trying again cannot help and a loop would
// only hide the cause: a certificate the engine cannot verify (a TLS-inspecting gateway whose
// root is not in the system store), and a proxy that asks for a sign-in (407).
import type { ApiError } from './api-errors.ts';
import { errorName } from './wire-read.ts';

/** OpenSSL's verification failures as Node names them (and Node's own host name check). */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The error and the causes it wraps, outermost first. */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let at = error;
  while (at && typeof at === 'object' && out.length < 5) {
    out.push(at);
    at = (at as { cause?: unknown }).cause;
  }
  return out;
}

/** undici reports a proxy's 407 as an error, not an answer: "Proxy Authentication Required
 *  (407)" when it forwards plain HTTP, "Proxy response (407) !== 200" when it tunnels. Some
 *  proxies (tinyproxy with BasicAuth) refuse a CONNECT with 401 instead: the same demand. */
function isProxyAuth(error: unknown): boolean {
  return error instanceof Error && /\bproxy\b.*\((401|407)\)/i.test(error.message);
}

export function unansweredError(cause: unknown): ApiError {
  for (const error of chain(cause)) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) {
      return { kind: 'certificate', code: 'certificate_untrusted', details: { cause: code } };
    }
    if (isProxyAuth(error)) return { kind: 'proxy', code: 'proxy_auth_required', status: 407 };
  }
  return { kind: 'network', code: 'network', details: { cause: errorName(cause) } };
}
