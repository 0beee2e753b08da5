// The desktop's proxy: Settings -> Proxy ("use the system settings" by default, "none", or "this
// proxy") as the engine's ProxySetting. "System" hands the engine Electron's resolveProxy (PAC
// and WPAD included), which main passes in; the engine maps each answer itself (pac-answer.ts).
// A user name and password typed into the proxy address go to the OS keychain, never into
// settings.json: the address is saved without them and they are put back when the engine starts.
import type { Settings } from '../../shared/ipc/contract.ts';
import { type KeyStore, normalProxyUrl, type ProxySetting } from '../engine/index.ts';

/** The keychain account of a proxy's sign-in: its address without credentials. */
function accountOf(url: URL): string {
  return `proxy:${url.protocol}//${url.host}`;
}

/** Settings ready to save: a proxy address without its credentials, which go to the keychain.
 *  A keychain that cannot take them keeps them out of the file all the same. */
export async function keepProxyCredentials(next: Settings, keyStore: KeyStore): Promise<Settings> {
  if (next.proxy?.kind !== 'url') return next;
  const normal = normalProxyUrl(next.proxy.url);
  if (!normal) return next;
  const url = new URL(normal);
  if (!url.username && !url.password) return { ...next, proxy: { kind: 'url', url: normal } };
  const credentials = `${url.username}:${url.password}`;
  url.username = '';
  url.password = '';
  await keyStore.set(accountOf(url), credentials).catch(() => undefined);
  return { ...next, proxy: { kind: 'url', url: url.href } };
}

export async function proxySettingFor(
  settings: Settings,
  keyStore: KeyStore,
  resolveProxy: ((url: string) => Promise<string>) | undefined,
): Promise<ProxySetting> {
  const choice = settings.proxy ?? { kind: 'system' };
  if (choice.kind === 'none') return { kind: 'none' };
  if (choice.kind === 'url') {
    const normal = normalProxyUrl(choice.url);
    if (!normal) return { kind: 'none' };
    const url = new URL(normal);
    const credentials = await keyStore.get(accountOf(url)).catch(() => undefined);
    if (credentials) {
      const split = credentials.indexOf(':');
      url.username = credentials.slice(0, split);
      url.password = credentials.slice(split + 1);
    }
    return { kind: 'url', url: url.href };
  }
  // Without Electron (plain Node tests) the environment is the system's word.
  return resolveProxy ? { kind: 'system', resolve: resolveProxy } : { kind: 'env' };
}
