// Which service `ifc` talks to and with which key (cli.md):
//   endpoint: --endpoint, else IFC_API_URL, else the desktop app's saved setting, else the default;
//   key: IFC_API_KEY, else the keychain entry `ifc login` wrote for that endpoint.
// "local" starts the local server in-process on a free loopback port with its own key. `ifc`
// never switches to local on its own.
// The engine (and with it undici, zod, sharp, pdf-lib) is loaded only on the paths that need
// it: with --endpoint or IFC_API_URL given, choosing "local" loads nothing, so a question the
// local server answers from plain data (`ifc formats --endpoint local`) starts as fast as Node.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ProxySetting } from '../engine/index.ts';
import type { LocalServer, LocalServerOptions } from '../localserver/index.ts';
import { OWN_MACHINE_REQUESTS_PER_MINUTE } from '../localserver/own-machine.ts';
import { isPlausibleKey } from '../../shared/api-key.ts';
import { checkEndpointUrl } from '../../shared/endpoint-url.ts';

/** How `--endpoint local` starts its server; its facts (formats, a fresh balance) are read with
 *  these same options when no server is started (commands/account.ts). */
export const IN_PROCESS_SERVER = {
  host: '127.0.0.1',
  port: 0,
  rateLimitPerMinute: OWN_MACHINE_REQUESTS_PER_MINUTE,
  // A whole folder goes through it: no log of every request.
  requestLog: false,
} as const satisfies LocalServerOptions;

export type EndpointChoice = { kind: 'local' } | { kind: 'url'; url: string; chosen: boolean };

export interface Connection {
  url: string;
  key: string;
  offline: boolean;
  /** The proxy choice (proxy.ts); the in-process local server is always reached directly. */
  proxy: ProxySetting;
  /** The in-process local server, to be closed when the command ends. */
  local?: LocalServer;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; code: string };

/** The desktop app's userData folder (Electron's default for our product name). */
export function desktopConfigDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const name = 'iFileConverter Desktop';
  if (env.IFC_CONFIG_DIR) return env.IFC_CONFIG_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name);
}

const engine = () => import('../engine/index.ts');

/** The desktop app's saved settings, read without changing the file. */
async function savedSettings(env: NodeJS.ProcessEnv) {
  return (await engine()).peekSettings(desktopConfigDir(env));
}

/** The endpoint saved by the desktop app. */
async function savedEndpoint(env: NodeJS.ProcessEnv): Promise<EndpointChoice | undefined> {
  const endpoint = (await savedSettings(env))?.endpoint;
  if (!endpoint) return undefined;
  if (endpoint.kind === 'local') return { kind: 'local' };
  return endpoint.url ? { kind: 'url', url: endpoint.url, chosen: true } : undefined;
}

/** The address given, or why the key may not go there: the desktop's rule (shared/endpoint-url.ts),
 *  https anywhere, plain http only to this computer, no credentials inside the address. */
function parseEndpoint(value: string): Resolved<EndpointChoice> {
  if (value.trim().toLowerCase() === 'local') return { ok: true, value: { kind: 'local' } };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, code: 'usage' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, code: 'usage' };
  const verdict = checkEndpointUrl(url.href);
  if (verdict !== 'ok')
    return { ok: false, code: verdict === 'not_https' ? 'endpoint_not_https' : 'endpoint_invalid' };
  return { ok: true, value: { kind: 'url', url: url.href.replace(/\/+$/, ''), chosen: true } };
}

export async function resolveEndpoint(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Resolved<EndpointChoice>> {
  for (const given of [flag, env.IFC_API_URL]) {
    if (given === undefined || given === '') continue;
    return parseEndpoint(given);
  }
  const saved = await savedEndpoint(env);
  // A hand-edited settings file is held to the same rule as a flag.
  if (saved?.kind === 'url') {
    const checked = parseEndpoint(saved.url);
    if (!checked.ok) return checked;
  }
  return {
    ok: true,
    value: saved ?? { kind: 'url', url: (await engine()).DEFAULT_CLOUD_URL, chosen: false },
  };
}

/** The proxy choice (proxy.ts) for a connection; the saved setting is read only without a flag. */
async function proxyFor(env: NodeJS.ProcessEnv, proxyFlag: string | undefined) {
  const saved = proxyFlag === undefined ? (await savedSettings(env))?.proxy : undefined;
  return (await import('./proxy.ts')).proxyChoice(proxyFlag, env, saved);
}

/** The endpoint a command talks to, with the same refusals as connect() (a bad endpoint, a bad
 *  --proxy) but nothing started: the in-process local server is always reached directly, so for
 *  it only a --proxy given on the command line is checked, and the engine stays unloaded. */
export async function chooseEndpoint(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  proxyFlag?: string,
): Promise<Resolved<EndpointChoice>> {
  const endpoint = await resolveEndpoint(flag, env);
  if (!endpoint.ok || (endpoint.value.kind === 'local' && proxyFlag === undefined)) return endpoint;
  const proxy = await proxyFor(env, proxyFlag);
  return proxy.ok ? endpoint : proxy;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function storedKey(url: string): Promise<string | undefined> {
  try {
    // The OS keychain (its native module loads on first use: see engine/storage/keychain.ts).
    return await withTimeout((await engine()).createKeychainStore().get(url), 5000);
  } catch {
    return undefined;
  }
}

/** IFC_TEST_LOCAL_SERVER (JSON: `faults`, `conversionLimits` of LocalServerOptions) lets tests
 *  make the in-process server's conversions run away or hit small limits. It applies to commands
 *  that start the server (formats and balance read its facts and start none). */
function testLocalServerOptions(
  env: NodeJS.ProcessEnv,
): Pick<LocalServerOptions, 'faults' | 'conversionLimits'> {
  const raw = env.IFC_TEST_LOCAL_SERVER;
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as Pick<LocalServerOptions, 'faults' | 'conversionLimits'>;
    return {
      ...(parsed.faults ? { faults: parsed.faults } : {}),
      ...(parsed.conversionLimits ? { conversionLimits: parsed.conversionLimits } : {}),
    };
  } catch {
    return {};
  }
}

/** Endpoint + key, starting the local server if that is the choice. */
export async function connect(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  proxyFlag?: string,
): Promise<Resolved<Connection>> {
  const endpoint = await resolveEndpoint(flag, env);
  if (!endpoint.ok) return endpoint;
  const proxy = await proxyFor(env, proxyFlag);
  if (!proxy.ok) return proxy;
  if (endpoint.value.kind === 'local') {
    // Loaded only to convert here (its converters load later still, per job, in their processes).
    const { startLocalServer } = await import('../localserver/index.ts');
    const local = await startLocalServer({ ...testLocalServerOptions(env), ...IN_PROCESS_SERVER });
    return {
      ok: true,
      value: { url: local.url, key: local.key, offline: true, proxy: { kind: 'none' }, local },
    };
  }
  const url = endpoint.value.url;
  const key = env.IFC_API_KEY?.trim() || (await storedKey(url));
  if (!key) return { ok: false, code: 'no_api_key_cli' };
  // A key an HTTP header cannot carry (a pasted "€", an inner space) is refused here, in one
  // sentence, instead of failing as "network" after every retry.
  if (!isPlausibleKey(key)) return { ok: false, code: 'invalid_api_key' };
  return { ok: true, value: { url, key, offline: false, proxy: proxy.value } };
}
