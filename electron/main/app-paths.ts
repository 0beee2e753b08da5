// Where the built preload and page are, from the app's root (app.getAppPath(): the project
// folder under `electron .`, the app.asar when installed). Not from this module's own file:
// the boot test runs main from source, and a path that only holds in one layout is a bug.
import { join } from 'node:path';

export function preloadPath(appPath: string): string {
  return join(appPath, 'out', 'preload', 'index.cjs');
}

/** The folder the app protocol serves: the built page and its assets, nothing else. */
export function rendererDir(appPath: string): string {
  return join(appPath, 'out', 'renderer');
}
