// Which service `ifc` talks to and with which key (cli.md):
//   endpoint: --endpoint, else IFC_API_URL, else the desktop app's saved setting, else the default;
//   key: IFC_API_KEY, else the keychain entry `ifc login` wrote for that endpoint.
// "local" starts the local server in-process on a free loopback port with its own key. `ifc`
// never switches to local on its own.
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  createKeychainStore,
  DEFAULT_CLOUD_URL,
  type KeyStore,
  type ProxySetting,
  peekSettings,
} from '../engine/index.ts';
import type { LocalServer, LocalServerOptions } from '../localserver/index.ts';
import { proxyChoice } from './proxy.ts';
import { OWN_MACHINE_REQUESTS_PER_MINUTE } from '../localserver/own-machine.ts';

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

/** The endpoint saved by the desktop app, read without changing the file. */
async function savedEndpoint(env: NodeJS.ProcessEnv): Promise<EndpointChoice | undefined> {
  const endpoint = (await peekSettings(desktopConfigDir(env)))?.endpoint;
  if (!endpoint) return undefined;
  if (endpoint.kind === 'local') return { kind: 'local' };
  return endpoint.url ? { kind: 'url', url: endpoint.url, chosen: true } : undefined;
}

function parseEndpoint(value: string): EndpointChoice | undefined {
  if (value.trim().toLowerCase() === 'local') return { kind: 'local' };
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return { kind: 'url', url: url.href.replace(/\/+$/, ''), chosen: true };
  } catch {
    return undefined;
  }
}

export async function resolveEndpoint(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Resolved<EndpointChoice>> {
  for (const given of [flag, env.IFC_API_URL]) {
    if (given === undefined || given === '') continue;
    const choice = parseEndpoint(given);
    return choice ? { ok: true, value: choice } : { ok: false, code: 'usage' };
  }
  const saved = await savedEndpoint(env);
  return { ok: true, value: saved ?? { kind: 'url', url: DEFAULT_CLOUD_URL, chosen: false } };
}

/** The OS keychain (its native module loads on first use: see engine/storage/keychain.ts). */
export const keyStore = (): KeyStore => createKeychainStore();

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
    return await withTimeout(keyStore().get(url), 5000);
  } catch {
    return undefined;
  }
}

/** IFC_TEST_LOCAL_SERVER (JSON: `faults`, `conversionLimits` of LocalServerOptions) lets tests
 *  make the in-process server's conversions run away or hit small limits. */
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
  const saved = proxyFlag === undefined ? (await peekSettings(desktopConfigDir(env)))?.proxy : undefined;
  const proxy = proxyChoice(proxyFlag, env, saved);
  if (!proxy.ok) return proxy;
  if (endpoint.value.kind === 'local') {
    // Loaded only when asked for: the converters behind it take a second to load.
    const { startLocalServer } = await import('../localserver/index.ts');
    const local = await startLocalServer({
      ...testLocalServerOptions(env),
      host: '127.0.0.1',
      port: 0,
      rateLimitPerMinute: OWN_MACHINE_REQUESTS_PER_MINUTE,
    });
    return {
      ok: true,
      value: { url: local.url, key: local.key, offline: true, proxy: { kind: 'none' }, local },
    };
  }
  const url = endpoint.value.url;
  const key = env.IFC_API_KEY?.trim() || (await storedKey(url));
  if (!key) return { ok: false, code: 'no_api_key_cli' };
  return { ok: true, value: { url, key, offline: false, proxy: proxy.value } };
}
