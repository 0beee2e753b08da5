// Electron entry: claims the single instance, starts the app service (settings, key, engine,
// journal) and wires it to the window, IPC, the tray, notifications and the OS. Logic that
// needs no Electron lives in electron/app-service; the modules here only connect things.
import { existsSync } from 'node:fs';
import { app, dialog, ipcMain, nativeImage, session } from 'electron';
import { EVENT_NAMES } from '../../shared/ipc/contract.ts';
import { type AppService, createAppService } from '../app-service/service.ts';
import { createKeychainStore } from '../engine/index.ts';
import { holdQuitUntilClosed } from './app-lifecycle.ts';
import { filesFromArgv } from './argv-files.ts';
import { createFileHandOver } from './file-hand-over.ts';
import { registerIpc } from './ipc/register.ts';
import { applyLaunchAtLogin } from './login-item.ts';
import { createMainWindow } from './main-window.ts';
import { createNotifier } from './notifications.ts';
import { electronPlatform } from './platform-adapters.ts';
import { resourcePath } from './resources.ts';
import { claimSingleInstance } from './single-instance.ts';
import { createAppTray } from './tray.ts';
import { convertFromTray } from './tray-convert.ts';
import { denyAllPermissions } from './window-guards.ts';
import { isAppUrl } from './window-options.ts';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
// Tests run the app on a throwaway profile; the single-instance lock is per profile too.
if (process.env.IFC_DESKTOP_USER_DATA) app.setPath('userData', process.env.IFC_DESKTOP_USER_DATA);
const defaultApp = process.defaultApp === true;
const window = createMainWindow(devServerUrl);
const handOver = createFileHandOver();
let ready = false;
const showWindow = () => {
  if (ready) window.show();
};

// Must run before `ready`: macOS delivers "Open with" files as open-file events that early.
if (claimSingleInstance({ app, handOver, defaultApp, showWindow })) {
  handOver.add(filesFromArgv(process.argv, { defaultApp, cwd: process.cwd() }));
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => denyAllPermissions(contents.session));
  const notifier = createNotifier(() => window.show());
  const platform = electronPlatform(() => window.current(), notifier);
  let service: AppService;
  try {
    service = await createAppService({
      userDataDir: app.getPath('userData'),
      platform,
      keyStore: createKeychainStore(),
      version: app.getVersion(),
      // The system's proxy per URL (PAC and WPAD included); the engine maps the answer.
      resolveProxy: (url) => session.defaultSession.resolveProxy(url),
    });
  } catch (error) {
    dialog.showErrorBox('iFileConverter Desktop could not start', String(error));
    app.exit(1);
    return;
  }
  holdQuitUntilClosed(app, async () => {
    tray.destroy();
    handOver.close();
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
              title: 'iFileConverter Desktop',
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
  const hidden = process.argv.includes('--hidden') || app.getLoginItemSettings().wasOpenedAtLogin;
  if (!hidden) window.show();
  handOver.ready((paths) => {
    window.show();
    void service.stageExternal(paths);
  });
}
