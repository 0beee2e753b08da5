// Deny navigation, new windows, webviews and every permission request: the window only ever
// shows our own page, and links to the service's own pages open in the system browser instead.
import type { Session, WebContents } from 'electron';
import { isServicePage } from './external-links.ts';
import { isAppUrl } from './window-options.ts';

export function guardWebContents(
  contents: WebContents,
  openExternal: (url: string) => void,
  devServerUrl?: string,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isServicePage(url)) openExternal(url);
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
