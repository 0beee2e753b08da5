// Which service addresses the app may send files and the API key to: https anywhere, plain
// http only to this computer (the offline server, `ifc serve-local`), where nothing crosses a
// network. Main decides with this; the page may only ask.

/** Loopback names and addresses: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export type EndpointUrlVerdict = 'ok' | 'not_https' | 'invalid';

export function checkEndpointUrl(url: string): EndpointUrlVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'invalid';
  }
  // A key in the address itself would be sent to wherever the rest of it points.
  if (parsed.username !== '' || parsed.password !== '') return 'invalid';
  if (parsed.protocol === 'https:') return 'ok';
  if (parsed.protocol === 'http:') return isLoopbackHost(parsed.hostname) ? 'ok' : 'not_https';
  return 'invalid';
}

/** One form per address, so "https://x/" and "https://x" are the same keychain entry. */
export function normalizeEndpointUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
