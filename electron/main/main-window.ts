// The one window. Closing it destroys it (the tray keeps the app alive); showing it again
// creates a new one. Events from the app service are forwarded to it while it exists.
import { app, BrowserWindow, nativeTheme, shell } from 'electron';
import type { EventName, EventPayloads } from '../../shared/ipc/contract.ts';
import { APP_INDEX_URL } from './app-protocol.ts';
import { preloadPath } from './app-paths.ts';
import { resourcePath } from './resources.ts';
import { guardWebContents } from './window-guards.ts';
import { mainWindowOptions } from './window-options.ts';

export interface MainWindow {
  show(): void;
  current(): BrowserWindow | undefined;
  send<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** Our own windows' contents: the only senders IPC answers. */
  contents(): Electron.WebContents[];
}

export function createMainWindow(devServerUrl?: string): MainWindow {
  let window: BrowserWindow | undefined;
  // Files handed over while the page is still loading (a launch with files, "Open with") would
  // be lost: every other event is covered by the snapshot the page takes when it starts.
  let stagedWhileLoading: EventPayloads['files:staged'][] = [];
  const preload = preloadPath(app.getAppPath());
  const icon = process.platform === 'linux' ? resourcePath('icon.png') : undefined;

  function open(): BrowserWindow {
    const created = new BrowserWindow(mainWindowOptions(preload, icon, nativeTheme.shouldUseDarkColors));
    guardWebContents(created.webContents, (url) => void shell.openExternal(url), devServerUrl);
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    created.webContents.on('did-finish-load', () => {
      const waiting = stagedWhileLoading;
      stagedWhileLoading = [];
      for (const batch of waiting) created.webContents.send('files:staged', batch);
    });
    if (devServerUrl) void created.loadURL(devServerUrl);
    // Our own scheme (app-protocol.ts), registered in index.ts before the window exists.
    else void created.loadURL(APP_INDEX_URL);
    return created;
  }

  return {
    show() {
      if (!window || window.isDestroyed()) {
        window = open();
        return;
      }
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    current: () => (window && !window.isDestroyed() ? window : undefined),
    send(event, payload) {
      if (!window || window.isDestroyed()) return;
      if (!window.webContents.isLoading()) window.webContents.send(event, payload);
      else if (event === 'files:staged') stagedWhileLoading.push(payload as EventPayloads['files:staged']);
    },
    contents: () => (window && !window.isDestroyed() ? [window.webContents] : []),
  };
}
