// The system's PAC answer for one URL ("PROXY a:3128; HTTPS b:443; DIRECT", as Electron's
// resolveProxy gives it) as the route the engine takes: the first entry undici can use.
import { describe, expect, it } from 'vitest';
import { routeFromPacAnswer } from '../../../../electron/engine/api/pac-answer.ts';

describe('routeFromPacAnswer', () => {
  it('takes the first entry undici can use', () => {
    expect(routeFromPacAnswer('PROXY a:3128; DIRECT')).toEqual({ kind: 'proxy', url: 'http://a:3128' });
    expect(routeFromPacAnswer('HTTPS secure.example:443')).toEqual({
      kind: 'proxy',
      url: 'https://secure.example:443',
    });
    expect(routeFromPacAnswer('HTTP plain.example:80')).toEqual({
      kind: 'proxy',
      url: 'http://plain.example:80',
    });
    expect(routeFromPacAnswer('SOCKS5 s:1080; PROXY a:1')).toEqual({ kind: 'socks', url: 'socks5://s:1080' });
    expect(routeFromPacAnswer('SOCKS old:1080; PROXY a:3128')).toEqual({
      kind: 'proxy',
      url: 'http://a:3128',
    });
    expect(routeFromPacAnswer('DIRECT')).toEqual({ kind: 'direct' });
    expect(routeFromPacAnswer('DIRECT; PROXY a:3128')).toEqual({ kind: 'direct' }); // order decides
  });

  it('reads types in any case, with any spacing, IPv6 hosts and a trailing semicolon', () => {
    expect(routeFromPacAnswer(' proxy  [::1]:8080 ')).toEqual({ kind: 'proxy', url: 'http://[::1]:8080' });
    expect(routeFromPacAnswer('\tPrOxY\tproxy.corp.example:3128;')).toEqual({
      kind: 'proxy',
      url: 'http://proxy.corp.example:3128',
    });
    expect(routeFromPacAnswer('direct')).toEqual({ kind: 'direct' });
    expect(routeFromPacAnswer(';; PROXY 10.0.0.1:8080')).toEqual({
      kind: 'proxy',
      url: 'http://10.0.0.1:8080',
    });
  });

  it('goes direct on an empty answer and names the types it cannot use', () => {
    expect(routeFromPacAnswer('')).toEqual({ kind: 'direct' });
    expect(routeFromPacAnswer('   ')).toEqual({ kind: 'direct' });
    expect(routeFromPacAnswer('SOCKS4 s:1080; QUIC q:443')).toEqual({
      kind: 'unsupported',
      types: ['SOCKS4', 'QUIC'],
    });
  });

  it('passes over an entry whose target is not host:port', () => {
    for (const entry of [
      'PROXY nonsense',
      'PROXY a:3128 extra',
      'PROXY user:pw@a:3128',
      'PROXY http://a:3128',
      'PROXY a:',
      'PROXY :3128',
      'PROXY a:123456',
      'PROXY a:65536',
    ]) {
      expect(routeFromPacAnswer(entry), entry).toEqual({ kind: 'unsupported', types: ['PROXY'] });
      expect(routeFromPacAnswer(`${entry}; PROXY b:8080`), entry).toEqual({
        kind: 'proxy',
        url: 'http://b:8080',
      });
    }
    expect(routeFromPacAnswer('PROXY a:65535')).toEqual({ kind: 'proxy', url: 'http://a:65535' });
  });
});
