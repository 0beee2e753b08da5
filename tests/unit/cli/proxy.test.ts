// Which proxy `ifc` takes: --proxy wins, then the proxy environment variables, then the
// desktop's saved setting.
import { describe, expect, it } from 'vitest';
import { proxyChoice } from '../../../electron/cli/proxy.ts';

describe('proxyChoice', () => {
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
