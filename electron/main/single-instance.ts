// One running app per user. A second launch (or "Open with iFileConverter Desktop" while the
// app runs) hands its files to this one and quits; macOS open-file events, which can arrive
// before `ready`, go to the same hand-over.
import type { App } from 'electron';
import type { LaunchRequest } from '../app-service/launch/launch-args.ts';
import { launchFromArgv } from './argv-files.ts';
import type { FileHandOver } from './file-hand-over.ts';

export interface SingleInstanceOptions {
  app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>;
  handOver: FileHandOver;
  defaultApp: boolean;
  /** Brings the window forward (a second launch means "show me the app"). */
  showWindow(): void;
  /** "Convert with iFileConverter" from a file manager: converted without the window. */
  convert?(request: LaunchRequest & { action: 'convert' }): void;
}

/** Returns false when another instance holds the lock: this one should quit at once. */
export function claimSingleInstance(options: SingleInstanceOptions): boolean {
  const { app, handOver } = options;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const request = launchFromArgv(argv, { defaultApp: options.defaultApp, cwd: workingDirectory });
    if (request.action === 'convert' && options.convert) {
      options.convert(request);
      return;
    }
    handOver.add(request.files);
    options.showWindow();
  });
  app.on('open-file', (event, path) => {
    // Without preventDefault macOS reports the open as failed.
    event.preventDefault();
    handOver.add([path]);
  });
  return true;
}
