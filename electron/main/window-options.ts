// The hardened window, as pure data, so a plain-Node unit test can assert every setting.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { isAppOrigin } from './app-protocol.ts';

export { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

/** The page's own background (renderer/src/styles/tokens.css --bg), light and dark: an opaque
 *  colour, so the window never flashes black while it opens or resizes. */
export const WINDOW_BACKGROUND = { light: '#f4f6f9', dark: '#0e1116' } as const;

export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(
  preloadPath: string,
  iconPath?: string,
  dark = false,
): BrowserWindowConstructorOptions {
  return {
    width: 960,
    height: 680,
    minWidth: 560,
    minHeight: 420,
    show: false,
    title: 'iFileConverter Desktop',
    backgroundColor: dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: hardenedWebPreferences(preloadPath),
  };
}

/** Only our own bundled page (served from ifc://app/) may be shown; everything else is refused. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  try {
    const parsed = new URL(url);
    if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
    return isAppOrigin(url);
  } catch {
    return false;
  }
}
