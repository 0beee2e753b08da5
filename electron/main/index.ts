// Electron entry: claims the single instance, starts the app service (settings, key, engine,
// journal) and wires it to the window, IPC, the tray, notifications and the OS. Logic that
// needs no Electron lives in electron/app-service; the modules here only connect things.
import { existsSync, readFileSync } from 'node:fs';
import { app, dialog, ipcMain, nativeImage, protocol, session } from 'electron';
import electronUpdater from 'electron-updater';
import { matchLocale, setLanguage, t } from '../../shared/i18n/index.ts';
import { EVENT_NAMES } from '../../shared/ipc/contract.ts';
import { messageFor } from '../../shared/messages.ts';
import { createLaunchBatches } from '../app-service/launch/launch-batches.ts';
import { convertFromMenu } from '../app-service/launch/menu-convert.ts';
import { type AppService, createAppService } from '../app-service/service.ts';
import { createKeychainStore } from '../engine/index.ts';
import { holdQuitUntilClosed } from './app-lifecycle.ts';
import { rendererDir } from './app-paths.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.ts';
import { launchFromArgv } from './argv-files.ts';
import { createFileHandOver } from './file-hand-over.ts';
import { fileManagerMenu } from './file-manager-menu.ts';
import { registerIpc } from './ipc/register.ts';
import { applyLaunchAtLogin } from './login-item.ts';
import { createMainWindow } from './main-window.ts';
import { createNotifier } from './notifications.ts';
import { electronPlatform } from './platform-adapters.ts';
import { resourcePath } from './resources.ts';
import { checkAppImageSandbox } from './sandbox-check.ts';
import { claimSingleInstance } from './single-instance.ts';
import { systemLanguages } from './system-languages.ts';
import { createAppTray } from './tray.ts';
import { updateFeedFrom } from './update-feed.ts';
import { PRODUCT_NAME } from './tray-menu.ts';
import { convertFromTray } from './tray-convert.ts';
import { denyAllPermissions } from './window-guards.ts';
import { isAppUrl } from './window-options.ts';

/** electron-builder.yml's appId: Windows files toasts and taskbar entries under it. */
export const APP_USER_MODEL_ID = 'uk.co.ifileconverter.desktop';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
// Before any notification can be shown, or Windows labels them "electron.app..." (or drops them).
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// The page's own origin, ifc://app (app-protocol.ts). Must be declared before `ready`.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
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

function readProcFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** An AppImage that could only start with the sandbox off: say why and how to fix it. */
function warnAboutSandbox(): void {
  const verdict = checkAppImageSandbox({
    platform: process.platform,
    appImage: process.env.APPIMAGE,
    apparmorRestrictsUserns: readProcFile('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    usernsClone: readProcFile('/proc/sys/kernel/unprivileged_userns_clone'),
    noSandboxFlag: app.commandLine.hasSwitch('no-sandbox'),
  });
  if (verdict.ok) return;
  void dialog.showMessageBox({
    type: 'warning',
    title: 'iFileConverter Desktop',
    message: messageFor('sandbox_unavailable'),
    detail: verdict.fix,
  });
}

// The order is the point: nothing here waits on the keychain or the network. The app service
// reads settings and history from disk and starts the engine in the background (its keychain
// read has a deadline); IPC, the tray and the window come up at once.
async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir(app.getAppPath())));
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
      // Only an installed app updates itself (electron-builder wrote its app-update.yml, with
      // the feed from electron-builder.yml's `publish`); `npm start` and tests never check.
      ...(app.isPackaged
        ? {
            updateFeed: updateFeedFrom(electronUpdater.autoUpdater, {
              beforeInstall: () => app.releaseSingleInstanceLock(),
            }),
          }
        : {}),
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

  // Throws at once if a contract channel has no handler: better no start than a dead button.
  try {
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
  } catch (error) {
    dialog.showErrorBox('iFileConverter Desktop could not start', String(error));
    await service.close();
    app.exit(1);
    return;
  }

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
    restartToUpdate: () => void service.restartToUpdate(),
    dropFiles: (paths) => handOver.add(paths),
  });
  // The tray's "Watching 2 folders" follows the watch folders' own changes.
  service.on('watch:changed', () => tray.refresh());
  app.on('activate', () => window.show());
  // The Electron smoke test (tests/electron) checks the tray from the main process.
  if (process.env.IFC_DESKTOP_TEST === '1') (globalThis as { ifcTray?: typeof tray }).ifcTray = tray;

  ready = true;
  warnAboutSandbox();
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
