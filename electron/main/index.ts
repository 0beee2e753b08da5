// Electron entry: claims the single instance, starts the app service (settings, key, engine,
// journal) and wires it to the window, IPC, the tray, notifications and the OS. Logic that
// needs no Electron lives in electron/app-service; the modules here only connect things.
import { existsSync } from 'node:fs';
import { app, dialog, ipcMain, nativeImage, session } from 'electron';
import { matchLocale, setLanguage, t } from '../../shared/i18n/index.ts';
import { EVENT_NAMES } from '../../shared/ipc/contract.ts';
import { createLaunchBatches } from '../app-service/launch/launch-batches.ts';
import { convertFromMenu } from '../app-service/launch/menu-convert.ts';
import { type AppService, createAppService } from '../app-service/service.ts';
import { createKeychainStore } from '../engine/index.ts';
import { holdQuitUntilClosed } from './app-lifecycle.ts';
import { launchFromArgv } from './argv-files.ts';
import { createFileHandOver } from './file-hand-over.ts';
import { fileManagerMenu } from './file-manager-menu.ts';
import { registerIpc } from './ipc/register.ts';
import { applyLaunchAtLogin } from './login-item.ts';
import { createMainWindow } from './main-window.ts';
import { createNotifier } from './notifications.ts';
import { electronPlatform } from './platform-adapters.ts';
import { resourcePath } from './resources.ts';
import { claimSingleInstance } from './single-instance.ts';
import { systemLanguages } from './system-languages.ts';
import { createAppTray } from './tray.ts';
import { PRODUCT_NAME } from './tray-menu.ts';
import { convertFromTray } from './tray-convert.ts';
import { denyAllPermissions } from './window-guards.ts';
import { isAppUrl } from './window-options.ts';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
// Tests run the app on a throwaway profile; the single-instance lock is per profile too.
if (process.env.IFC_DESKTOP_USER_DATA) app.setPath('userData', process.env.IFC_DESKTOP_USER_DATA);
const defaultApp = process.defaultApp === true;
const window = createMainWindow(devServerUrl);
const handOver = createFileHandOver();
// Right-click "Convert with iFileConverter": one launch per file, gathered into one batch.
const menuBatches = createLaunchBatches();
const firstLaunch = launchFromArgv(process.argv, { defaultApp, cwd: process.cwd() });
let ready = false;
const showWindow = () => {
  if (ready) window.show();
};

// Must run before `ready`: macOS delivers "Open with" files as open-file events that early.
if (
  claimSingleInstance({
    app,
    handOver,
    defaultApp,
    showWindow,
    convert: (request) => menuBatches.add(request),
  })
) {
  if (firstLaunch.action === 'convert') menuBatches.add(firstLaunch);
  else handOver.add(firstLaunch.files);
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => denyAllPermissions(contents.session));
  const notifier = createNotifier(() => window.show());
  const platform = electronPlatform(() => window.current(), notifier);
  // Until the settings are read (and if they cannot be), the OS's language.
  setLanguage(matchLocale(systemLanguages(app)));
  let service: AppService;
  try {
    service = await createAppService({
      userDataDir: app.getPath('userData'),
      platform,
      keyStore: createKeychainStore(),
      version: app.getVersion(),
      // Electron's own list of the OS's languages (the page's navigator may report another).
      systemLocales: systemLanguages(app),
      fileManagerMenu: fileManagerMenu(app),
      // The system's proxy per URL (PAC and WPAD included); the engine maps the answer.
      resolveProxy: (url) => session.defaultSession.resolveProxy(url),
    });
  } catch (error) {
    dialog.showErrorBox(t('desktop.dialog.startFailed', { product: PRODUCT_NAME }), String(error));
    app.exit(1);
    return;
  }
  holdQuitUntilClosed(app, async () => {
    tray.destroy();
    handOver.close();
    menuBatches.close();
    await service.close();
  });

  registerIpc(
    ipcMain,
    service.handlers,
    {
      'result:startDrag': ({ jobId }, sender) => {
        const file = service.resultFile(jobId);
        if (file && existsSync(file)) {
          sender.startDrag({ file, icon: nativeImage.createFromPath(resourcePath('drag.png')) });
        }
      },
    },
    { trustedContents: () => window.contents(), isAppUrl: (url) => isAppUrl(url, devServerUrl) },
  );
  for (const event of EVENT_NAMES) service.on(event, (payload) => window.send(event, payload));
  service.on('settings:changed', (settings) => void applyLaunchAtLogin(app, settings.launchAtLogin));

  const tray = createAppTray(service, {
    convertFiles: () =>
      void convertFromTray({
        service,
        chooseFiles: () => platform.chooseFiles(),
        askTarget: async (message, buttons) =>
          (
            await dialog.showMessageBox({
              message,
              buttons,
              cancelId: buttons.length - 1,
              defaultId: 0,
              title: PRODUCT_NAME,
            })
          ).response,
        showWindow: () => window.show(),
      }),
    showInFolder: (path) => platform.showInFolder(path),
    pauseAll: () => void service.handlers['queue:pause']({}),
    resumeAll: () => void service.handlers['queue:resume']({}),
    openWindow: () => window.show(),
    quit: () => app.quit(),
    dropFiles: (paths) => handOver.add(paths),
  });
  // The tray's "Watching 2 folders" follows the watch folders' own changes.
  service.on('watch:changed', () => tray.refresh());
  app.on('activate', () => window.show());
  // The Electron smoke test (tests/electron) checks the tray from the main process.
  if (process.env.IFC_DESKTOP_TEST === '1') (globalThis as { ifcTray?: typeof tray }).ifcTray = tray;

  ready = true;
  // Started at login: stay in the tray until the person asks for the window.
  // A right-click conversion also starts in the tray: the window is not wanted for it.
  const hidden =
    process.argv.includes('--hidden') ||
    firstLaunch.action === 'convert' ||
    app.getLoginItemSettings().wasOpenedAtLogin;
  if (!hidden) window.show();
  handOver.ready((paths) => {
    window.show();
    void service.stageExternal(paths);
  });
  menuBatches.ready((request) => {
    if (request.action !== 'convert') return;
    void convertFromMenu(
      { service, notify: (title, body) => platform.notify(title, body), showWindow: () => window.show() },
      request.to,
      request.files,
    );
  });
}
