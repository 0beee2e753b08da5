// Where the app may send files and the key: https anywhere, plain http only to this computer,
// never an address carrying a user name or password, and one form per address.
import { describe, expect, it } from 'vitest';
import { checkEndpointUrl, isLoopbackHost, normalizeEndpointUrl } from '../../../shared/endpoint-url.ts';

describe('service addresses', () => {
  it('knows this computer by name and address, and nothing else as it', () => {
    expect(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.3.9', '::1', '[::1]'].every(isLoopbackHost)).toBe(
      true,
    );
    expect(
      ['localhost.example', '128.0.0.1', '10.0.0.1', '127.0.0.1.nip.io', '::2', 'example.com'].some(
        isLoopbackHost,
      ),
    ).toBe(false);
  });

  it('takes https anywhere and http only to this computer', () => {
    expect(checkEndpointUrl('https://api.example.com/')).toBe('ok');
    expect(checkEndpointUrl('http://127.0.0.1:8080/')).toBe('ok');
    expect(checkEndpointUrl('http://[::1]:8080/')).toBe('ok');
    expect(checkEndpointUrl('http://api.example.com/')).toBe('not_https');
    expect(checkEndpointUrl('http://127.0.0.1.nip.io/')).toBe('not_https');
  });

  it('refuses what is not an address, other schemes, and a key inside the address', () => {
    expect(checkEndpointUrl('api.example.com')).toBe('invalid');
    expect(checkEndpointUrl('ftp://api.example.com/')).toBe('invalid');
    expect(checkEndpointUrl('https://ana:secret@api.example.com/')).toBe('invalid');
    expect(checkEndpointUrl('https://ifc_key@api.example.com/')).toBe('invalid');
  });

  it('writes an address one way, whatever trailing slashes it came with', () => {
    expect(normalizeEndpointUrl('https://x.example/api//')).toBe('https://x.example/api');
    expect(normalizeEndpointUrl('https://x.example')).toBe('https://x.example');
  });
});
