// electron-updater's AppUpdater as the app service's UpdateFeed: its events translated, its
// check and install passed through. Nothing is decided here (app-service/updates decides);
// the updater itself downloads in the background and checks the file's sha512 against the
// feed's latest.yml before it reports 'update-downloaded'.
import type { AppUpdater, Logger } from 'electron-updater';
import type { FeedEvent, UpdateFeed } from '../app-service/updates/update-checks.ts';

export interface UpdateFeedOptions {
  /** electron-updater logs to the console unless given another logger (tests keep it quiet). */
  logger?: Logger | null;
  /** Runs just before the installer: main gives up the single-instance lock here, so the new
   *  version (started by the updater while this one closes) is not handed over to this one. */
  beforeInstall?: () => void;
}

export function updateFeedFrom(updater: AppUpdater, options: UpdateFeedOptions = {}): UpdateFeed {
  const { logger, beforeInstall } = options;
  updater.autoDownload = true;
  // Quitting the app is the person's own choice: a downloaded update goes in then too.
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  if (logger !== undefined) updater.logger = logger;
  return {
    async check() {
      // Failures arrive as the 'error' event too (translated below); the rejection is read
      // by the caller as one. A failed background download rejects a promise nobody else
      // holds: it is told through the same 'error' event, so its rejection is settled here.
      const result = await updater.checkForUpdates();
      void result?.downloadPromise?.catch(() => undefined);
    },
    install() {
      beforeInstall?.();
      updater.quitAndInstall();
    },
    onEvent(listener: (event: FeedEvent) => void) {
      const handlers = {
        'checking-for-update': () => listener({ kind: 'checking' }),
        'update-not-available': (info: { version: string }) =>
          listener({ kind: 'current', version: info.version }),
        'update-available': (info: { version: string }) =>
          listener({ kind: 'available', version: info.version }),
        'download-progress': (progress: { percent: number }) =>
          listener({ kind: 'progress', percent: progress.percent }),
        'update-downloaded': (info: { version: string }) =>
          listener({ kind: 'downloaded', version: info.version }),
        error: (error: Error & { code?: unknown }) =>
          listener({ kind: 'error', ...(typeof error?.code === 'string' ? { code: error.code } : {}) }),
      } as const;
      for (const [event, handler] of Object.entries(handlers)) {
        updater.on(event as 'error', handler as (error: Error) => void);
      }
      return () => {
        for (const [event, handler] of Object.entries(handlers)) {
          updater.off(event as 'error', handler as (error: Error) => void);
        }
      };
    },
  };
}
