// The conversion API's errors as values: which kind each HTTP status is (the retry policy and
// the engine decide on the kind alone), which code a person's sentence is looked up by, and
// the Failure the engine hands on (one sentence, the server's facts, never a stack or a key).
import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  type ApiErrorKind,
  errorCodeOf,
  kindForStatus,
  toFailure,
} from '../../../../electron/engine/api/api-errors.ts';
import { isErrorCode, messageFor } from '../../../../shared/messages.ts';

describe('kindForStatus', () => {
  it('maps each status the contract names to its kind', () => {
    const expected: [number, ApiErrorKind][] = [
      [401, 'auth'],
      [403, 'auth'],
      [402, 'insufficient_tokens'],
      [404, 'not_found'],
      [407, 'proxy'],
      [408, 'timeout'],
      [409, 'conflict'],
      [410, 'expired'],
      [413, 'file_too_large'],
      [422, 'unsupported_conversion'],
      [429, 'rate_limited'],
      [500, 'server'],
      [502, 'server'],
      [503, 'server'],
      [504, 'server'],
      [599, 'server'],
    ];
    for (const [status, kind] of expected) expect(kindForStatus(status), String(status)).toBe(kind);
  });

  it('calls any other 4xx a bad request and anything below 400 a protocol error', () => {
    for (const status of [400, 405, 411, 415, 418, 451])
      expect(kindForStatus(status), String(status)).toBe('bad_request');
    for (const status of [0, 200, 204, 301, 304, 399])
      expect(kindForStatus(status), String(status)).toBe('protocol');
  });
});

describe('errorCodeOf', () => {
  const error = (kind: ApiErrorKind, code = 'whatever_the_server_said'): ApiError => ({ kind, code });

  it('looks up a person’s sentence by the kind, whatever code the server sent', () => {
    expect(errorCodeOf(error('auth'))).toBe('invalid_api_key');
    expect(errorCodeOf(error('server'))).toBe('server_error');
    expect(errorCodeOf(error('timeout'))).toBe('network');
    expect(errorCodeOf(error('aborted'))).toBe('cancelled');
    expect(errorCodeOf(error('refused'))).toBe('whatever_the_server_said');
  });

  it('keeps the specific code where it says more than the kind', () => {
    expect(errorCodeOf(error('conversion_failed', 'encrypted_input'))).toBe('encrypted_input');
    expect(errorCodeOf(error('local', 'disk_full'))).toBe('disk_full');
    expect(errorCodeOf(error('certificate', 'certificate_untrusted'))).toBe('certificate_untrusted');
    expect(errorCodeOf(error('proxy', 'proxy_auth_required'))).toBe('proxy_auth_required');
    expect(errorCodeOf(error('network', 'download_mismatch'))).toBe('download_mismatch');
  });

  it('gives every kind a code that has a sentence', () => {
    const kinds: ApiErrorKind[] = [
      'auth',
      'insufficient_tokens',
      'rate_limited',
      'bad_request',
      'not_found',
      'conflict',
      'expired',
      'file_too_large',
      'unsupported_conversion',
      'server',
      'network',
      'timeout',
      'protocol',
      'aborted',
    ];
    for (const kind of kinds) expect(isErrorCode(errorCodeOf(error(kind))), kind).toBe(true);
  });
});

describe('toFailure', () => {
  it('is the code and its one sentence, with the server’s facts and the status', () => {
    expect(
      toFailure({
        kind: 'insufficient_tokens',
        code: 'insufficient_tokens',
        status: 402,
        details: { required: 12, balance: 3 },
        serverMessage: 'Not enough tokens.',
      }),
    ).toEqual({
      code: 'insufficient_tokens',
      message: messageFor('insufficient_tokens'),
      details: { required: 12, balance: 3, status: 402 },
    });
    expect(toFailure({ kind: 'network', code: 'network' })).toEqual({
      code: 'network',
      message: messageFor('network'),
    });
  });

  it('turns a conversion failure code we do not know into conversion_error, in the server’s words', () => {
    const failure = toFailure({
      kind: 'conversion_failed',
      code: 'martian_font',
      serverMessage: 'Unknown font.',
    });
    expect(failure.code).toBe('conversion_error');
    expect(failure.message).toBe('The service said: Unknown font.');
    // Without its words, a plain sentence: never the raw code or a stack.
    const bare = toFailure({ kind: 'conversion_failed', code: 'martian_font' });
    expect(bare.message).toBe(messageFor('internal'));
    expect(bare.message).not.toMatch(/martian_font|at .*\.ts/);
  });
});
