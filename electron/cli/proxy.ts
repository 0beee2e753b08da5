// Which proxy `ifc` goes through (cli.md): `--proxy <url>|none`, else HTTPS_PROXY / HTTP_PROXY /
// NO_PROXY (upper or lower case), else the desktop app's saved proxy setting, else none. A
// saved "system" setting means the environment here: only the desktop can ask the system's
// resolver (Electron), and on the command line the environment is the system's word.
import type { Settings } from '../../shared/ipc/contract.ts';
import { normalProxyUrl, type ProxySetting } from '../engine/index.ts';

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

export type ProxyChoice = { ok: true; value: ProxySetting } | { ok: false; code: 'proxy_invalid' };

export function proxyChoice(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  saved: Settings['proxy'] | undefined,
): ProxyChoice {
  if (flag !== undefined) {
    if (flag.trim().toLowerCase() === 'none') return { ok: true, value: { kind: 'none' } };
    const url = normalProxyUrl(flag);
    return url ? { ok: true, value: { kind: 'url', url } } : { ok: false, code: 'proxy_invalid' };
  }
  if (PROXY_VARIABLES.some((name) => env[name]?.trim())) return { ok: true, value: { kind: 'env' } };
  if (saved?.kind === 'none') return { ok: true, value: { kind: 'none' } };
  if (saved?.kind === 'url') {
    const url = normalProxyUrl(saved.url);
    if (url) return { ok: true, value: { kind: 'url', url } };
  }
  // No variable set: undici's environment agent goes direct.
  return { ok: true, value: { kind: 'env' } };
}
