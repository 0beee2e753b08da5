// Typed errors of the conversion API, as values. The API client turns every HTTP status, body
// and socket failure into one of these; the retry policy and the engine decide on `kind`
// alone, and a person sees `code` mapped to one sentence in shared/messages.ts.
import type { ErrorCode } from '../../../shared/messages.ts';
import { isErrorCode, messageFor } from '../../../shared/messages.ts';
import type { Failure } from '../../../shared/result.ts';

export type ApiErrorKind =
  | 'auth' // 401 (and 403): stop everything, ask for a key
  | 'insufficient_tokens' // 402: pause the batch
  | 'rate_limited' // 429: wait Retry-After, then continue
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'expired'
  | 'file_too_large'
  | 'unsupported_conversion'
  | 'server' // 5xx
  | 'network' // no answer: refused, reset, timeout, DNS
  | 'timeout' // 408
  | 'protocol' // an answer that does not follow the contract
  | 'conversion_failed' // a 200 Job with status "failed": the document did not convert
  | 'certificate' // the server's certificate could not be verified: never retried, never bypassed
  | 'proxy' // the proxy wants a sign-in (407) or is of a type undici cannot use
  | 'refused' // a download we will not take as sent: https -> http, an unknown content coding
  | 'aborted' // we cancelled it ourselves
  | 'local'; // on this computer (disk full, folder not writable): `code` names it

export interface ApiError {
  kind: ApiErrorKind;
  /** The server's error code when it sent one, else ours (a key of shared/messages.ts). */
  code: string;
  /** The server's own sentence, if any (never shown as is: see messageFor). */
  serverMessage?: string;
  status?: number;
  /** From a Retry-After header (429, 503), already converted to milliseconds from now. */
  retryAfterMs?: number;
  /** Extra facts from the error body: required/balance, maxBytes, supportedTargets ... */
  details?: Record<string, unknown>;
}

const KIND_CODE: Record<ApiErrorKind, ErrorCode> = {
  auth: 'invalid_api_key',
  insufficient_tokens: 'insufficient_tokens',
  rate_limited: 'rate_limited',
  bad_request: 'bad_request',
  not_found: 'not_found',
  conflict: 'conflict',
  expired: 'expired',
  file_too_large: 'file_too_large',
  unsupported_conversion: 'unsupported_conversion',
  server: 'server_error',
  network: 'network',
  timeout: 'network',
  protocol: 'protocol',
  conversion_failed: 'conversion_error',
  certificate: 'certificate_untrusted',
  proxy: 'proxy_auth_required',
  refused: 'protocol',
  aborted: 'cancelled',
  local: 'internal',
};

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'insufficient_tokens';
  if (status === 407) return 'proxy';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 410) return 'expired';
  if (status === 413) return 'file_too_large';
  if (status === 422) return 'unsupported_conversion';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return status >= 400 ? 'bad_request' : 'protocol';
}

/** The code a person's message is looked up by: the server's for failed conversions. */
export function errorCodeOf(error: ApiError): string {
  if (['conversion_failed', 'local', 'certificate', 'proxy', 'refused'].includes(error.kind))
    return error.code;
  if (error.code === 'download_mismatch') return error.code;
  return KIND_CODE[error.kind];
}

/** An ApiError as the engine's Failure value (one sentence from shared/messages.ts). */
export function toFailure(error: ApiError): Failure {
  const code = errorCodeOf(error);
  return {
    code: isErrorCode(code) ? code : 'conversion_error',
    message: messageFor(code, error.serverMessage),
    ...(error.details || error.status
      ? { details: { ...error.details, ...(error.status ? { status: error.status } : {}) } }
      : {}),
  };
}
