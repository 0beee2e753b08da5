// Electron entry: wires the hardened window. (The desktop shell adds services, tray and IPC.)
import { join } from 'node:path';
import { app, BrowserWindow, shell } from 'electron';
import { denyAllPermissions, guardWebContents } from './window-guards.ts';
import { mainWindowOptions } from './window-options.ts';

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  guardWebContents(window.webContents, (url) => void shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(() => {
  app.on('web-contents-created', (_event, contents) => denyAllPermissions(contents.session));
  createWindow();
});
