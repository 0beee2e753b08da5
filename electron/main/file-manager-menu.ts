// Which right-click menu this installation writes, and the command it runs: Explorer's for
// Windows (kept by the installer, or switched in Settings for a portable copy), the Linux file
// managers' and Finder's Quick Actions on macOS (both switched in Settings).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { App } from 'electron';
import { explorerMenu } from '../app-service/shell-menus/explorer-menu.ts';
import { finderMenu } from '../app-service/shell-menus/finder-menu.ts';
import { linuxMenu, xdgDataHome } from '../app-service/shell-menus/linux-menu.ts';
import { macAppLaunch } from '../app-service/shell-menus/mac-quick-actions.ts';
import { createMenuSync, type MenuSync } from '../app-service/shell-menus/menu-sync.ts';

export function fileManagerMenu(
  app: Pick<App, 'isPackaged' | 'getAppPath' | 'getPath'>,
): MenuSync | undefined {
  const userDataDir = app.getPath('userData');
  if (process.platform === 'win32') {
    // electron-builder's portable target runs from a temp copy and names the real file here.
    const exePath = process.env.PORTABLE_EXECUTABLE_FILE || process.execPath;
    // The NSIS installer leaves its uninstaller next to the app; a portable copy has none.
    const installed = existsSync(join(dirname(process.execPath), 'Uninstall iFileConverter Desktop.exe'));
    return createMenuSync({
      backend: explorerMenu({ exePath, managedByInstaller: installed }),
      userDataDir,
      identity: exePath,
    });
  }
  if (process.platform === 'linux') {
    // An AppImage runs from a mount that changes each start: the menu must run the image.
    const command = process.env.APPIMAGE
      ? [process.env.APPIMAGE]
      : app.isPackaged
        ? [process.execPath]
        : [process.execPath, app.getAppPath()];
    return createMenuSync({
      backend: linuxMenu({ dataHome: xdgDataHome(), command }),
      userDataDir,
      identity: JSON.stringify(command),
    });
  }
  if (process.platform === 'darwin') {
    // A moved app gets a new identity, so its next start rewrites the Quick Actions' path.
    const launch = macAppLaunch(process.execPath, app.isPackaged, app.getAppPath());
    return createMenuSync({
      backend: finderMenu({ home: process.env.HOME || homedir(), app: launch }),
      userDataDir,
      identity: JSON.stringify(launch),
    });
  }
  return undefined;
}
