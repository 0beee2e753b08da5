// The system's proxy choice for one URL, as Electron's session.resolveProxy answers it (the PAC
// result format: "PROXY a:3128; HTTPS b:443; DIRECT"), turned into the route the engine takes.
// Pure, so plain tests reach it; the desktop's main process only asks Electron and passes the
// string on. The first entry undici can use wins: undici speaks to HTTP and HTTPS proxies and to
// SOCKS5, not to SOCKS4 (which PAC's bare "SOCKS" means), QUIC or anything else.

export type ProxyRoute =
  | { kind: 'direct' }
  | { kind: 'proxy'; url: string }
  | { kind: 'socks'; url: string }
  /** Every entry named a proxy type undici cannot use: the engine says so in one sentence. */
  | { kind: 'unsupported'; types: string[] };

const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d{1,5})$/i;

export function routeFromPacAnswer(answer: string): ProxyRoute {
  const unsupported: string[] = [];
  for (const entry of answer.split(';')) {
    const [rawType, rawTarget, ...rest] = entry.trim().split(/\s+/);
    const type = rawType?.toUpperCase();
    if (!type) continue;
    if (type === 'DIRECT') return { kind: 'direct' };
    const target = rawTarget?.trim();
    const port = target ? Number(HOST_PORT.exec(target)?.[2]) : Number.NaN;
    // A port past 65535 would only fail later, as a network error on every request.
    if (!target || rest.length > 0 || !(port >= 1 && port <= 65535)) {
      unsupported.push(type);
      continue;
    }
    if (type === 'PROXY' || type === 'HTTP') return { kind: 'proxy', url: `http://${target}` };
    if (type === 'HTTPS') return { kind: 'proxy', url: `https://${target}` };
    if (type === 'SOCKS5') return { kind: 'socks', url: `socks5://${target}` };
    unsupported.push(type);
  }
  // An empty answer is what resolveProxy gives when nothing is configured: go direct.
  return unsupported.length > 0 ? { kind: 'unsupported', types: unsupported } : { kind: 'direct' };
}
