// An update feed on 127.0.0.1 and an "installed app" for electron-updater's real updater, with
// only `electron` simulated (tests/integration/updates, tests/e2e/updates).
//
// How electron is simulated: electron-updater is CommonJS loaded by Node, so vi.mock cannot
// reach its `require("electron")`; the simulated module is put in Node's require cache under
// the path `electron` resolves to. It gives the updater what it asks Electron for: `app`
// (version, paths, quit), `net.request` (answered by node:http, which Electron's net mirrors),
// `session.fromPartition` and `autoUpdater` (the event quitAndInstall emits).
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire, Module } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import { load } from 'js-yaml';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

/** The version the "installed app" runs. */
export const CURRENT_VERSION = '1.0.0';

class SimulatedApp extends EventEmitter {
  readonly isPackaged = true;
  quits = 0;
  userData = '';
  getVersion = () => CURRENT_VERSION;
  getName = () => 'iFileConverter Desktop';
  getAppPath = () => root;
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`simulated app: no path for ${name}`);
    return this.userData;
  }
  whenReady = () => Promise.resolve();
  isReady = () => true;
  quit() {
    this.quits += 1;
  }
  relaunch() {}
}

/** What electron-updater gets for `require("electron")`; the test reads `app.quits`. */
export const updaterElectron = {
  app: new SimulatedApp(),
  // Electron's net.request takes Node's request options and answers like node:http.
  net: { request: (options: Parameters<typeof httpRequest>[0]) => httpRequest(options) },
  session: { fromPartition: () => ({}) },
  autoUpdater: new EventEmitter(),
};

/** Puts the simulated electron in the require cache; the returned function takes it out. */
export function simulateElectronForUpdater(): () => void {
  const electronPath = require.resolve('electron');
  const previous = require.cache[electronPath];
  const module = new Module(electronPath);
  module.filename = electronPath;
  module.loaded = true;
  module.exports = updaterElectron;
  require.cache[electronPath] = module;
  return () => {
    if (previous) require.cache[electronPath] = previous;
    else delete require.cache[electronPath];
  };
}

export function sha512(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** An "AppImage" that, when the updater starts it after installing, says which version ran. */
export function appImage(version: string): Buffer {
  return Buffer.from(`#!/bin/sh\nprintf '%s' '${version} started' > "$IFC_UPDATE_MARKER"\n`);
}

/** latest-linux.yml as electron-builder writes it; `describes` is the file its sha512 is of. */
export function latestYml(version: string, file: string, artifact: Buffer, describes = artifact): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512(describes)}`,
    `    size: ${artifact.length}`,
    `path: ${file}`,
    `sha512: ${sha512(describes)}`,
    `releaseDate: '2026-12-01T09:00:00.000Z'`,
    '',
  ].join('\n');
}

export interface UpdateFeedServer {
  base: string;
  /** Paths asked for, without the query electron-updater adds. */
  requests: string[];
  publish(feed: string, files: Record<string, string | Buffer>): void;
  close(): Promise<void>;
}

/** A static feed on 127.0.0.1: one folder per feed name; anything else is a 404. */
export async function startUpdateFeed(): Promise<UpdateFeedServer> {
  const served = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push(path);
    // Each platform asks for its own channel file (latest-linux-arm64.yml on arm64).
    const body = served.get(path.replace(/latest-linux(-[a-z0-9]+)?\.yml$/, 'latest-linux.yml'));
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    publish(feed, files) {
      for (const [name, body] of Object.entries(files)) served.set(`/${feed}/${name}`, Buffer.from(body));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Where electron-builder.yml says updates come from. */
export async function publishConfig(): Promise<{ provider: string; url: string }> {
  const config = load(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as {
    publish: { provider: string; url: string };
  };
  return config.publish;
}

export interface InstalledApp {
  /** The AppImage the app runs from ($APPIMAGE). */
  installed: string;
  /** Its bytes before any update. */
  before: Buffer;
  /** Written by the new version when the updater starts it. */
  marker: string;
  userData: string;
  updater: AppUpdater;
  /** What the updater logged (kept out of the test output). */
  log: string[];
  logger: { info(m?: unknown): void; warn(m?: unknown): void; error(m?: unknown): void };
}

/**
 * An app on CURRENT_VERSION installed in `dir`: its AppImage, the app-update.yml electron-builder
 * packs beside it (made from electron-builder.yml's `publish`, the URL swapped for this feed's),
 * and the real AppImageUpdater reading them. Sets APPIMAGE, XDG_CACHE_HOME and
 * process.resourcesPath as the installed app has them: the caller restores process.env.
 */
export async function installApp(feed: UpdateFeedServer, name: string, dir: string): Promise<InstalledApp> {
  const resources = join(dir, 'resources');
  await mkdir(resources, { recursive: true });
  const configured = await publishConfig();
  await writeFile(
    join(resources, 'app-update.yml'),
    `provider: ${configured.provider}\nurl: ${feed.base}/${name}/\nupdaterCacheDirName: ifc-${name}\n`,
  );
  (process as { resourcesPath?: string }).resourcesPath = resources;
  const installed = join(dir, 'iFileConverter-Desktop.AppImage');
  const before = appImage(CURRENT_VERSION);
  await writeFile(installed, before);
  await chmod(installed, 0o755);
  process.env.APPIMAGE = installed;
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  const marker = join(dir, 'started-after-update');
  process.env.IFC_UPDATE_MARKER = marker;
  const userData = join(dir, 'userData');
  updaterElectron.app.userData = userData;
  updaterElectron.app.quits = 0;
  const { AppImageUpdater } = await import('electron-updater');
  const log: string[] = [];
  const logger = {
    info: (message?: unknown) => void log.push(String(message)),
    warn: (message?: unknown) => void log.push(String(message)),
    error: (message?: unknown) => void log.push(String(message)),
  };
  return { installed, before, marker, userData, updater: new AppImageUpdater(), log, logger };
}

/** The files left in the updater's download folder for `dir`'s app. */
export function pendingDir(dir: string, name: string): string {
  return join(dir, 'cache', `ifc-${name}`, 'pending');
}
