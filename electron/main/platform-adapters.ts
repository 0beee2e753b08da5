// The app service's view of the desktop (dialogs, the file manager, notifications, the
// taskbar / dock progress bar), implemented with Electron.
import { type BrowserWindow, dialog, type OpenDialogOptions, shell } from 'electron';
import type { PlatformAdapters } from '../engine/app/platform.ts';
import type { Notifier } from './notifications.ts';

export function electronPlatform(
  window: () => BrowserWindow | undefined,
  notifier: Notifier,
): PlatformAdapters {
  return {
    async chooseFiles() {
      const options: OpenDialogOptions = {
        title: 'Choose files to convert',
        properties: ['openFile', 'multiSelections'],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled || chosen.filePaths.length === 0 ? undefined : chosen.filePaths;
    },
    async chooseFolder() {
      const options: OpenDialogOptions = {
        title: 'Save converted files in',
        properties: ['openDirectory', 'createDirectory'],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled ? undefined : chosen.filePaths[0];
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    openPath: (path) => shell.openPath(path),
    notify: (title, body, onClick) => notifier.notify(title, body, onClick),
    setProgress(fraction) {
      // -1 removes the bar; on macOS this is the dock icon's bar.
      const target = window();
      if (target && !target.isDestroyed()) target.setProgressBar(fraction ?? -1);
    },
  };
}
