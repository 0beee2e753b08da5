// THE engine's HTTP stack: one undici dispatcher per engine, for API calls and result downloads
// alike. It honours the proxy choice and trusts the system's certificate store (trust.ts).
//  - 'env' (ifc's default): HTTPS_PROXY / HTTP_PROXY / NO_PROXY, upper or lower case
//    (undici's EnvHttpProxyAgent reads them as curl does);
//  - 'url': that proxy for every origin NO_PROXY does not exempt; 'none': straight out;
//  - 'system' (the desktop's default): the system's answer per origin (PAC and WPAD included,
//    resolved by Electron in main and handed in as `resolve`), mapped by pac-answer.ts.
// Proxy credentials travel only inside the proxy URL given to undici, which sends them to the
// proxy as Proxy-Authorization; they are never part of an error, a log line or the journal.
import {
  Agent,
  buildConnector,
  type Dispatcher,
  Dispatcher as DispatcherClass,
  EnvHttpProxyAgent,
  interceptors,
  ProxyAgent,
  Socks5ProxyAgent,
} from 'undici';
import type { ApiError } from './api-errors.ts';
import { type ProxyRoute, routeFromPacAnswer } from './pac-answer.ts';
import { trustedCertificates } from './trust.ts';

export type ProxySetting =
  | { kind: 'env' }
  | { kind: 'none' }
  | { kind: 'url'; url: string }
  /** `resolve(url)` answers in the PAC format ("PROXY a:3128; DIRECT"): Electron's resolveProxy. */
  | { kind: 'system'; resolve: (url: string) => Promise<string> };

const CONNECT_TIMEOUT = 15_000;
const KEEP_ALIVE = 10_000;

/** Direct connections: the trusted certificates are read on the first secure connection, not
 *  before (reading the system's store costs ~10 MiB and some milliseconds; a plain-http
 *  endpoint such as the local server never needs it). */
function lazyTrustConnector(): buildConnector.connector {
  let plain: buildConnector.connector | undefined;
  let secure: buildConnector.connector | undefined;
  return (options, callback) => {
    if (options.protocol === 'https:') {
      secure ??= buildConnector({ timeout: CONNECT_TIMEOUT, ca: trustedCertificates() });
      return secure(options, callback);
    }
    plain ??= buildConnector({ timeout: CONNECT_TIMEOUT });
    return plain(options, callback);
  };
}

/** Agent options: direct connections trust lazily; a proxy's agent (built only when a proxy is
 *  in use) needs the certificates for the proxy and for the origin behind it. */
function agentOptions(proxied: boolean) {
  const base = { connect: lazyTrustConnector(), keepAliveTimeout: KEEP_ALIVE };
  if (!proxied) return base;
  const ca = trustedCertificates();
  return { ...base, requestTls: { ca }, proxyTls: { ca } };
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/** A proxy URL as a person may type it ("proxy:3128"): http:// is assumed. Undefined if unusable. */
export function normalProxyUrl(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
    if (!['http:', 'https:', 'socks5:'].includes(url.protocol) || !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** A proxy URL for people and logs: the host and port only, never a user name or password. */
export function proxyForDisplay(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the proxy';
  }
}

/** One proxy's agent: HTTP(S) proxies tunnel with CONNECT; SOCKS5 through undici's own agent. */
function proxyAgent(url: string): Dispatcher {
  // Its `proxyTls` would mean "the proxy speaks TLS", so only the target's TLS is given.
  if (url.startsWith('socks5:')) {
    return new Socks5ProxyAgent(url, {
      requestTls: { ca: trustedCertificates() },
      keepAliveTimeout: KEEP_ALIVE,
    });
  }
  return new ProxyAgent({ ...agentOptions(true), uri: url });
}

/** The routing dispatcher: each origin goes to the direct agent or to its proxy's agent. */
class OriginRouter extends DispatcherClass {
  private readonly direct: Agent;
  private readonly proxies = new Map<string, Dispatcher>();
  private readonly routes = new Map<string, Promise<Dispatcher | ApiError>>();
  private readonly chosen = new Map<string, Dispatcher>();
  private readonly resolve: (url: string) => Promise<string>;

  constructor(resolve: (url: string) => Promise<string>) {
    super();
    this.resolve = resolve;
    this.direct = new Agent(agentOptions(false));
  }

  /** Asks the system once per origin; later requests to it reuse the answer. */
  prepare(url: URL): Promise<Dispatcher | ApiError> {
    let route = this.routes.get(url.origin);
    if (!route) {
      route = this.resolve(url.href).then(
        (answer) => this.dispatcherFor(routeFromPacAnswer(answer)),
        // No answer from the system (it could not run the PAC script): go direct, as browsers do.
        () => this.direct,
      );
      route.then((made) => {
        if (made instanceof DispatcherClass) this.chosen.set(url.origin, made);
      });
      this.routes.set(url.origin, route);
    }
    return route;
  }

  private dispatcherFor(route: ProxyRoute): Dispatcher | ApiError {
    if (route.kind === 'direct') return this.direct;
    if (route.kind === 'unsupported') {
      return { kind: 'proxy', code: 'proxy_unsupported', details: { types: route.types } };
    }
    let agent = this.proxies.get(route.url);
    if (!agent) {
      agent = proxyAgent(route.url);
      this.proxies.set(route.url, agent);
    }
    return agent;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = new URL(String(options.origin)).origin;
    return (this.chosen.get(origin) ?? this.direct).dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map((agent) => agent.close())]);
  }

  override async destroy(): Promise<void> {
    await Promise.all([this.direct.destroy(), ...[...this.proxies.values()].map((agent) => agent.destroy())]);
  }
}

export class Network {
  /** Every API call goes through this one. */
  readonly dispatcher: Dispatcher;
  /** The same connections, with content codings (gzip, br, deflate, zstd) decoded as they come. */
  readonly downloads: Dispatcher;
  private readonly router: OriginRouter | undefined;

  constructor(setting: ProxySetting = { kind: 'env' }) {
    if (setting.kind === 'system') {
      this.router = new OriginRouter(setting.resolve);
      this.dispatcher = this.router;
    } else if (setting.kind === 'none') {
      this.dispatcher = new Agent(agentOptions(false));
    } else if (setting.kind === 'url') {
      const url = normalProxyUrl(setting.url) ?? setting.url;
      this.dispatcher = url.startsWith('socks5:')
        ? proxyAgent(url)
        : new EnvHttpProxyAgent({ ...agentOptions(true), httpProxy: url, httpsProxy: url });
    } else {
      const proxied = PROXY_VARIABLES.some((name) => process.env[name]?.trim());
      this.dispatcher = new EnvHttpProxyAgent(agentOptions(proxied));
    }
    this.downloads = this.dispatcher.compose(interceptors.decompress());
  }

  /** Before the first request to an origin: the system's proxy choice for it, or why it
   *  cannot be used. Instant for every setting but 'system'. */
  async prepare(url: URL): Promise<ApiError | undefined> {
    if (!this.router) return undefined;
    const made = await this.router.prepare(url);
    return made instanceof DispatcherClass ? undefined : made;
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }
}
