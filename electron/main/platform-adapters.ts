// The app service's view of the desktop (dialogs, the file manager, notifications, the
// taskbar / dock progress bar), implemented with Electron.
import { type BrowserWindow, dialog, type OpenDialogOptions, shell } from 'electron';
import type { FolderPurpose, PlatformAdapters } from '../app-service/platform.ts';
import type { Notifier } from './notifications.ts';
import { t } from '../../shared/i18n/index.ts';

const FOLDER_TITLES: Record<FolderPurpose, () => string> = {
  output: () => t('desktop.dialog.outputFolder'),
  watch: () => t('desktop.dialog.watchFolder'),
};

export function electronPlatform(
  window: () => BrowserWindow | undefined,
  notifier: Notifier,
): PlatformAdapters {
  return {
    async chooseFiles() {
      const options: OpenDialogOptions = {
        title: t('desktop.dialog.chooseFiles'),
        properties: ['openFile', 'multiSelections'],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled || chosen.filePaths.length === 0 ? undefined : chosen.filePaths;
    },
    async chooseFolder(purpose = 'output') {
      const options: OpenDialogOptions = {
        title: FOLDER_TITLES[purpose](),
        properties: ['openDirectory', 'createDirectory'],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled ? undefined : chosen.filePaths[0];
    },
    async chooseSaveFile(defaultName, title) {
      const options = { title: title ?? t('desktop.dialog.exportInvoices'), defaultPath: defaultName };
      const parent = window();
      const chosen = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      return chosen.canceled ? undefined : chosen.filePath;
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    openPath: (path) => shell.openPath(path),
    // The OS's own trash (recycle bin, Finder's Trash, the freedesktop trash) with its undo.
    trashItem: (path) => shell.trashItem(path),
    notify: (title, body, onClick) => notifier.notify(title, body, onClick),
    setProgress(fraction) {
      // -1 removes the bar; on macOS this is the dock icon's bar.
      const target = window();
      if (target && !target.isDestroyed()) target.setProgressBar(fraction ?? -1);
    },
  };
}
