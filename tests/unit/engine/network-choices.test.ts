// The pure parts of the engine's network: the system's PAC answer as a route, the proxy
// address as typed, the X-RateLimit headers as an allowance, the rate gate's pacing order,
// and which failures are never retried (a certificate, a proxy sign-in).
import { describe, expect, it } from 'vitest';
import { normalProxyUrl, proxyForDisplay } from '../../../electron/engine/api/network.ts';
import { unansweredError } from '../../../electron/engine/api/network-errors.ts';
import { routeFromPacAnswer } from '../../../electron/engine/api/pac-answer.ts';
import { paceFromHeaders, RateGate } from '../../../electron/engine/api/rate-gate.ts';
import { decideRetry, DEFAULT_RETRY } from '../../../electron/engine/api/retry-policy.ts';
import { proxyChoice } from '../../../electron/cli/proxy.ts';

describe('routeFromPacAnswer', () => {
  it('takes the first entry undici can use', () => {
    expect(routeFromPacAnswer('PROXY a:3128; DIRECT')).toEqual({ kind: 'proxy', url: 'http://a:3128' });
    expect(routeFromPacAnswer('HTTPS secure.example:443')).toEqual({
      kind: 'proxy',
      url: 'https://secure.example:443',
    });
    expect(routeFromPacAnswer('SOCKS5 s:1080; PROXY a:1')).toEqual({ kind: 'socks', url: 'socks5://s:1080' });
    expect(routeFromPacAnswer('SOCKS old:1080; PROXY a:3128')).toEqual({
      kind: 'proxy',
      url: 'http://a:3128',
    });
    expect(routeFromPacAnswer('DIRECT')).toEqual({ kind: 'direct' });
    expect(routeFromPacAnswer(' proxy  [::1]:8080 ')).toEqual({ kind: 'proxy', url: 'http://[::1]:8080' });
  });

  it('goes direct on an empty answer and names the types it cannot use', () => {
    expect(routeFromPacAnswer('')).toEqual({ kind: 'direct' });
    expect(routeFromPacAnswer('SOCKS4 s:1080; QUIC q:443')).toEqual({
      kind: 'unsupported',
      types: ['SOCKS4', 'QUIC'],
    });
    expect(routeFromPacAnswer('PROXY nonsense')).toEqual({ kind: 'unsupported', types: ['PROXY'] });
  });
});

describe('proxy addresses', () => {
  it('reads an address as typed and shows it without credentials', () => {
    expect(normalProxyUrl('proxy.corp:3128')).toBe('http://proxy.corp:3128/');
    expect(normalProxyUrl('ftp://x:1')).toBeUndefined();
    expect(normalProxyUrl('  ')).toBeUndefined();
    expect(proxyForDisplay('http://alice:s3cret@proxy.corp:3128/')).toBe('http://proxy.corp:3128');
  });

  it('ifc: --proxy wins, then the variables, then the saved setting', () => {
    const saved = { kind: 'url' as const, url: 'saved:1' };
    expect(proxyChoice('none', { HTTPS_PROXY: 'http://e:1' }, saved)).toEqual({
      ok: true,
      value: { kind: 'none' },
    });
    expect(proxyChoice('p:8080', {}, saved)).toEqual({
      ok: true,
      value: { kind: 'url', url: 'http://p:8080/' },
    });
    expect(proxyChoice('ftp://bad', {}, saved)).toEqual({ ok: false, code: 'proxy_invalid' });
    expect(proxyChoice(undefined, { https_proxy: 'http://e:1' }, saved)).toEqual({
      ok: true,
      value: { kind: 'env' },
    });
    expect(proxyChoice(undefined, {}, saved)).toEqual({
      ok: true,
      value: { kind: 'url', url: 'http://saved:1/' },
    });
    expect(proxyChoice(undefined, {}, { kind: 'none' })).toEqual({ ok: true, value: { kind: 'none' } });
    expect(proxyChoice(undefined, {}, undefined)).toEqual({ ok: true, value: { kind: 'env' } });
  });
});

describe('pacing', () => {
  it('reads X-RateLimit-* in seconds, fractions, or as a Unix time', () => {
    const now = 1_700_000_000_000;
    const headers = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '30' };
    expect(paceFromHeaders(headers, now)).toEqual({ limit: 60, remaining: 12, resetMs: 30_000 });
    expect(paceFromHeaders({ ...headers, 'x-ratelimit-reset': '0.25' }, now)?.resetMs).toBe(250);
    expect(paceFromHeaders({ ...headers, 'x-ratelimit-reset': String(now / 1000 + 5) }, now)?.resetMs).toBe(
      5000,
    );
    expect(paceFromHeaders({ 'x-ratelimit-limit': '60' }, now)).toBeUndefined();
    expect(paceFromHeaders({ ...headers, 'x-ratelimit-remaining': '-1' }, now)).toBeUndefined();
  });

  it('lets requests through at once while the allowance lasts, counting those sent after an answer', async () => {
    const gate = new RateGate();
    const first = await gate.wait();
    const second = await gate.wait();
    // The answer to the first request says 4 are left; the second was sent after it, and one
    // is kept in hand: two may go.
    gate.pace({ limit: 5, remaining: 4, resetMs: 1000 }, first);
    expect(await gate.wait()).toBe(3);
    expect(await gate.wait()).toBe(4);
    // An older answer than one already heard from changes nothing.
    gate.pace({ limit: 5, remaining: 5, resetMs: 0 }, second);
    gate.pace({ limit: 5, remaining: 5, resetMs: 0 }, first);
    expect(await gate.wait()).toBe(5);
  });
});

describe('failures never retried', () => {
  it('takes certificate failures and a proxy sign-in for what they are', () => {
    const tlsFailure = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const wrapped = Object.assign(new Error('fetch failed'), { cause: tlsFailure });
    expect(unansweredError(wrapped)).toMatchObject({ kind: 'certificate', code: 'certificate_untrusted' });
    expect(unansweredError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'))).toMatchObject({
      kind: 'proxy',
      code: 'proxy_auth_required',
    });
    expect(unansweredError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toMatchObject({
      kind: 'network',
    });
    for (const error of [
      unansweredError(wrapped),
      unansweredError(new Error('Proxy Authentication Required (407)')),
    ]) {
      expect(decideRetry(error, 1, DEFAULT_RETRY)).toEqual({ retry: false });
    }
  });
});
