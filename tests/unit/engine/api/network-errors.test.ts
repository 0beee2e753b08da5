// A request that got no answer, as the ApiError a person can act on: a certificate the engine
// cannot verify and a proxy that wants a sign-in are named as such and never retried; the rest
// is the network's fault and retried. The certificate case is also met for real: a request to
// the local server over HTTPS with a certificate nobody signed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import { unansweredError } from '../../../../electron/engine/api/network-errors.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import { DEFAULT_RETRY, decideRetry } from '../../../../electron/engine/api/retry-policy.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';

const TLS = new URL('../../../support/tls/', import.meta.url).pathname;

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('unansweredError', () => {
  it('names a certificate failure, however deep undici wrapped it', () => {
    for (const code of [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ]) {
      const tls = withCode('certificate problem', code);
      const wrapped = Object.assign(new Error('fetch failed'), {
        cause: Object.assign(new Error('socket'), { cause: tls }),
      });
      expect(unansweredError(wrapped), code).toEqual({
        kind: 'certificate',
        code: 'certificate_untrusted',
        details: { cause: code },
      });
    }
  });

  it('looks only so deep: a cycle of causes ends as a network failure, not a hang', () => {
    const looped: Error & { cause?: unknown } = new Error('a');
    looped.cause = looped;
    expect(unansweredError(looped)).toMatchObject({ kind: 'network', code: 'network' });
  });

  it('takes a proxy sign-in (407, or a 401 to CONNECT) for what it is, in both of undici’s wordings', () => {
    for (const message of [
      'Proxy response (407) !== 200 when HTTP Tunneling',
      'Proxy Authentication Required (407)',
      'Proxy response (401) !== 200 when HTTP Tunneling',
    ]) {
      expect(unansweredError(new Error(message)), message).toEqual({
        kind: 'proxy',
        code: 'proxy_auth_required',
        status: 407,
      });
    }
    // A 407 from something that is not the proxy is not a proxy sign-in.
    expect(unansweredError(new Error('upstream said (407)')).kind).toBe('network');
    expect(unansweredError(new Error('Proxy response (502) !== 200')).kind).toBe('network');
  });

  it('calls everything else the network, naming the cause by its code or its name', () => {
    expect(unansweredError(withCode('refused', 'ECONNREFUSED'))).toEqual({
      kind: 'network',
      code: 'network',
      details: { cause: 'ECONNREFUSED' },
    });
    expect(unansweredError(new TypeError('x')).details).toEqual({ cause: 'TypeError' });
    expect(unansweredError('a string').details).toEqual({ cause: 'unknown' });
    expect(unansweredError(undefined).details).toEqual({ cause: 'unknown' });
  });

  it('leaves the retry policy nothing to retry for a certificate or a sign-in, and retries the network', () => {
    const certificate = unansweredError(withCode('x', 'CERT_HAS_EXPIRED'));
    const signIn = unansweredError(new Error('Proxy Authentication Required (407)'));
    const refused = unansweredError(withCode('x', 'ECONNRESET'));
    expect(decideRetry(certificate, 1, DEFAULT_RETRY)).toEqual({ retry: false });
    expect(decideRetry(signIn, 1, DEFAULT_RETRY)).toEqual({ retry: false });
    expect(decideRetry(refused, 1, DEFAULT_RETRY)).toMatchObject({ retry: true, counts: true });
  });

  it('meets a real self-signed server as an untrusted certificate, asked once', async () => {
    const server = await startLocalServer({
      tls: {
        key: await readFile(join(TLS, 'localhost.key')),
        cert: await readFile(join(TLS, 'localhost.crt')),
      },
    });
    const client = new ApiClient({ url: server.url, key: server.key, gate: new RateGate() });
    try {
      const answer = await client.account();
      expect(answer.ok ? undefined : answer.error.kind).toBe('certificate');
      expect(server.requests).toEqual([]); // the TLS handshake failed: nothing reached the server
    } finally {
      await client.close();
      await server.close();
    }
  });
});
