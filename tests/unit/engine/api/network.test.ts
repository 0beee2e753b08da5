// The pure parts of network.ts: a proxy address as a person types it, and as it is shown
// (never with its user name or password).
import { describe, expect, it } from 'vitest';
import { normalProxyUrl, proxyForDisplay } from '../../../../electron/engine/api/network.ts';

describe('proxy addresses', () => {
  it('reads an address as typed and shows it without credentials', () => {
    expect(normalProxyUrl('proxy.corp:3128')).toBe('http://proxy.corp:3128/');
    expect(normalProxyUrl(' https://proxy.corp:443 ')).toBe('https://proxy.corp/');
    expect(normalProxyUrl('socks5://10.0.0.1:1080')).toBe('socks5://10.0.0.1:1080');
    expect(normalProxyUrl('ftp://x:1')).toBeUndefined();
    expect(normalProxyUrl('  ')).toBeUndefined();
    expect(normalProxyUrl('http://')).toBeUndefined();
    expect(proxyForDisplay('http://alice:s3cret@proxy.corp:3128/')).toBe('http://proxy.corp:3128');
    expect(proxyForDisplay('not a url with s3cret')).toBe('the proxy');
  });
});
