// Updates end to end, with only `electron` simulated: electron-updater's real AppImageUpdater
// (GenericProvider, its HTTP executor, its sha512 check, its installer) reads the app-update.yml
// electron-builder would pack (made from electron-builder.yml's `publish`, pointed at this
// test's feed), asks a real HTTP feed on 127.0.0.1 for latest-linux.yml and an AppImage, and
// reports to the real app service through main's adapter (electron/main/update-feed.ts).
//
// How electron is simulated: electron-updater is CommonJS loaded by Node, so vi.mock cannot
// reach its `require("electron")`; the simulated module is put in Node's require cache under
// the path `electron` resolves to. It gives the updater what it asks Electron for: `app`
// (version, paths, quit), `net.request` (answered by node:http, which Electron's net mirrors),
// `session.fromPartition` and `autoUpdater` (the event quitAndInstall emits).
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire, Module } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_CHECK_DELAY_MS } from '../../../electron/app-service/updates/update-decisions.ts';
import { updateFeedFrom } from '../../../electron/main/update-feed.ts';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import {
  copyFixtures,
  eventsNamed,
  startService,
  tempDir,
  waitFor,
} from '../app-service/app-service-harness.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const CURRENT = '1.0.0';

// ---------------------------------------------------------------- the simulated electron

class SimulatedApp extends EventEmitter {
  readonly isPackaged = true;
  quits = 0;
  userData = '';
  getVersion = () => CURRENT;
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
const app = new SimulatedApp();
const electron = {
  app,
  // Electron's net.request takes Node's request options and answers like node:http.
  net: { request: (options: Parameters<typeof httpRequest>[0]) => httpRequest(options) },
  session: { fromPartition: () => ({}) },
  autoUpdater: new EventEmitter(),
};

const electronPath = require.resolve('electron');
const previousElectron = require.cache[electronPath];
function simulateElectron(): void {
  const module = new Module(electronPath);
  module.filename = electronPath;
  module.loaded = true;
  module.exports = electron;
  require.cache[electronPath] = module;
}

// ---------------------------------------------------------------- the feed

/** Files served per path; every request is recorded (its path, without the query). */
const served = new Map<string, { status: number; body: Buffer }>();
const requests: string[] = [];
let server: Server;
let feedBase = '';

function sha512(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** An "AppImage" that, when the updater runs it after installing, says which version started. */
function appImage(version: string): Buffer {
  return Buffer.from(`#!/bin/sh\nprintf '%s' '${version} started' > "$IFC_UPDATE_MARKER"\n`);
}

/** latest-linux.yml as electron-builder writes it; `describes` is the file its sha512 is of. */
function latestYml(version: string, file: string, artifact: Buffer, describes = artifact): string {
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

function publish(feed: string, files: Record<string, string | Buffer>, status = 200): void {
  for (const [name, body] of Object.entries(files)) {
    served.set(`/${feed}/${name}`, { status, body: Buffer.from(body) });
  }
}

// ---------------------------------------------------------------- one installed app per test

const cleanups: (() => Promise<void> | void)[] = [];
let home: string;
const saved = {
  env: { ...process.env },
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
};

beforeAll(async () => {
  simulateElectron();
  const dir = await tempDir();
  cleanups.push(dir.remove);
  home = dir.path;
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push(path);
    // Each platform asks for its own channel file (latest-linux-arm64.yml on arm64).
    const file = served.get(path.replace(/latest-linux(-[a-z0-9]+)?\.yml$/, 'latest-linux.yml'));
    response.writeHead(file?.status ?? 404, { 'content-type': 'application/octet-stream' });
    response.end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.XDG_CACHE_HOME = join(home, 'cache');
});

afterEach(async () => {
  while (cleanups.length > 1) await cleanups.pop()?.();
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (previousElectron) require.cache[electronPath] = previousElectron;
  else delete require.cache[electronPath];
  process.env = saved.env;
  (process as { resourcesPath?: string }).resourcesPath = saved.resourcesPath;
});

/** Where electron-builder.yml says updates come from (the test serves the same layout). */
async function publishConfig(): Promise<{ provider: string; url: string }> {
  const config = parseYaml(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as {
    publish: { provider: string; url: string };
  };
  return config.publish;
}

/**
 * An installed app on version 1.0.0: the AppImage it runs from, the app-update.yml
 * electron-builder packs beside it (the feed's URL swapped for this test's), the real
 * AppImageUpdater, and the app service with a clock the test moves.
 */
async function installedApp(feed: string, options: { busy?: boolean } = {}) {
  const dir = join(home, feed);
  const resources = join(dir, 'resources');
  await mkdir(resources, { recursive: true });
  const configured = await publishConfig();
  await writeFile(
    join(resources, 'app-update.yml'),
    [
      `provider: ${configured.provider}`,
      `url: ${feedBase}/${feed}/`,
      `updaterCacheDirName: ifc-${feed}`,
      '',
    ].join('\n'),
  );
  (process as { resourcesPath?: string }).resourcesPath = resources;
  const installed = join(dir, 'iFileConverter-Desktop.AppImage');
  const before = appImage(CURRENT);
  await writeFile(installed, before);
  await chmod(installed, 0o755);
  process.env.APPIMAGE = installed;
  process.env.IFC_UPDATE_MARKER = join(dir, 'started-after-update');
  app.userData = join(dir, 'userData');
  app.quits = 0;

  const { AppImageUpdater } = await import('electron-updater');
  const updater = new AppImageUpdater();
  const log: string[] = [];
  const logger = {
    info: (message?: unknown) => void log.push(String(message)),
    warn: (message?: unknown) => void log.push(String(message)),
    error: (message?: unknown) => void log.push(String(message)),
  };
  const clock = new ManualClock();
  const { service, recorded } = await startService(app.userData, {
    updateFeed: updateFeedFrom(updater, logger),
    updateClock: clock,
  });
  cleanups.push(() => service.close());
  if (options.busy) {
    const switched = await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
    expect(switched.ok).toBe(true);
  }
  const statuses = () => eventsNamed(recorded, 'update:changed');
  /** Runs the check due shortly after start and waits for the feed's answer to settle. */
  async function checkAtStart(settled: (status: UpdateStatus) => boolean, what: string) {
    await clock.advance(FIRST_CHECK_DELAY_MS);
    return waitFor(() => statuses().find(settled), what, 30_000);
  }
  return { service, recorded, updater, installed, before, dir, log, statuses, checkAtStart };
}

async function pendingFiles(feed: string): Promise<string[]> {
  const pending = join(home, 'cache', `ifc-${feed}`, 'pending');
  return existsSync(pending) ? readdir(pending) : [];
}

describe('updates from a generic feed (electron-updater, electron simulated)', () => {
  it('reads its feed address from electron-builder.yml: a generic https feed on the service domain', async () => {
    const config = await publishConfig();
    expect(config.provider).toBe('generic');
    expect(new URL(config.url).protocol).toBe('https:');
    expect(new URL(config.url).hostname.endsWith('ifileconverter.co.uk')).toBe(true);
  });

  it('no update: the feed names the running version, nothing is downloaded', async () => {
    publish('same', { 'latest-linux.yml': latestYml(CURRENT, 'app-1.0.0.AppImage', appImage(CURRENT)) });
    const app1 = await installedApp('same');
    const status = await app1.checkAtStart((s) => s.phase !== 'checking', 'the answer to the first check');
    expect(status).toMatchObject({ phase: 'current', canRestart: false });
    expect(requests.filter((path) => path.startsWith('/same/'))).toEqual([
      expect.stringMatching(/^\/same\/latest-linux(-[a-z0-9]+)?\.yml$/),
    ]);
    const snapshot = await app1.service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.update?.phase).toBe('current');
    expect(app1.service.restartToUpdate()).toMatchObject({ ok: false, error: { code: 'update_not_ready' } });
  });

  it('an update: downloaded in the background, sha512 checked, installed on "Restart to update"', async () => {
    const next = appImage('1.1.0');
    publish('newer', {
      'latest-linux.yml': latestYml('1.1.0', 'iFileConverter-Desktop-1.1.0.AppImage', next),
      'iFileConverter-Desktop-1.1.0.AppImage': next,
    });
    const app1 = await installedApp('newer');
    const ready = await app1.checkAtStart((s) => s.phase === 'ready' || s.phase === 'failed', 'the download');
    expect(ready).toMatchObject({ phase: 'ready', version: '1.1.0', canRestart: true });
    expect(app1.statuses().map((s) => s.phase)).toContain('downloading');
    expect(requests).toContain('/newer/iFileConverter-Desktop-1.1.0.AppImage');
    // Downloaded, not installed: the running app is untouched until the person restarts.
    expect(await readFile(app1.installed)).toEqual(app1.before);
    expect(app1.service.trayState().update).toMatchObject({ phase: 'ready', canRestart: true });

    const restarted = await app1.service.handlers['update:restart']({});
    expect(restarted.ok).toBe(true);
    // The installed AppImage is now the published file, and it was started; the app quits.
    expect(sha512(await readFile(app1.installed))).toBe(sha512(next));
    await waitFor(() => app.quits === 1, 'the app to quit for the update');
    const marker = process.env.IFC_UPDATE_MARKER!;
    expect(
      await waitFor(() => existsSync(marker) && readFile(marker, 'utf8'), 'the new version to start'),
    ).toBe('1.1.0 started');
  });

  it('a broken feed: one plain sentence, no crash, the app carries on', async () => {
    publish('broken', { 'latest-linux.yml': '{{{ this is not a feed' });
    const app1 = await installedApp('broken');
    const failed = await app1.checkAtStart((s) => s.phase === 'failed', 'the failed check');
    expect(failed.problem).toEqual({
      code: 'update_failed',
      message:
        'Updates could not be checked just now. Everything else works as usual; the app tries again tomorrow.',
      details: { feedCode: 'ERR_UPDATER_INVALID_UPDATE_INFO' },
    });
    // The service still answers, and the sentence is all the window gets (no stack, no YAML).
    const snapshot = await app1.service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.update?.problem?.message).toBe(failed.problem?.message);
    expect(JSON.stringify(app1.statuses())).not.toMatch(/at |\{\{\{/);
  });

  it('a feed that is not there (404): the same sentence', async () => {
    const app1 = await installedApp('missing');
    const failed = await app1.checkAtStart((s) => s.phase === 'failed', 'the failed check');
    expect(failed.problem?.code).toBe('update_failed');
  });

  it('a hash mismatch: the file is refused and deleted, nothing is installed', async () => {
    const published = appImage('1.2.0');
    const tampered = Buffer.from(published.toString().replace('1.2.0', '6.6.6'));
    publish('tampered', {
      'latest-linux.yml': latestYml('1.2.0', 'iFileConverter-Desktop-1.2.0.AppImage', tampered, published),
      'iFileConverter-Desktop-1.2.0.AppImage': tampered,
    });
    const app1 = await installedApp('tampered');
    const failed = await app1.checkAtStart((s) => s.phase === 'failed', 'the refused download');
    expect(failed.problem).toMatchObject({
      code: 'update_damaged',
      message:
        'The downloaded update did not match its published checksum, so it was thrown away and nothing was installed.',
    });
    expect(requests).toContain('/tampered/iFileConverter-Desktop-1.2.0.AppImage');
    expect(app1.statuses().some((s) => s.phase === 'ready')).toBe(false);
    expect(await pendingFiles('tampered')).toEqual([]);
    expect(await readFile(app1.installed)).toEqual(app1.before);
    expect(app1.service.restartToUpdate()).toMatchObject({ ok: false, error: { code: 'update_not_ready' } });
    expect(app.quits).toBe(0);
  });

  it('an update offered during a batch: the restart waits until the batch is done', async () => {
    const next = appImage('1.3.0');
    publish('during-batch', {
      'latest-linux.yml': latestYml('1.3.0', 'iFileConverter-Desktop-1.3.0.AppImage', next),
      'iFileConverter-Desktop-1.3.0.AppImage': next,
    });
    const app1 = await installedApp('during-batch', { busy: true });
    const { service } = app1;
    // A batch that is under way: queued behind "Pause all", so it stays running until resumed.
    const [csv] = await copyFixtures(join(app1.dir, 'docs'), ['sales.csv']);
    const staged = await service.stageExternal([csv!]);
    expect((await service.handlers['queue:pause']({})).ok).toBe(true);
    const started = await service.handlers['batch:start']({
      items: [{ stageId: staged.files[0]!.stageId, to: 'xlsx' }],
      partial: false,
    });
    expect(started.ok).toBe(true);
    expect(service.trayState().running).toBe(1);

    const offered = await app1.checkAtStart(
      (s) => s.phase === 'ready' || s.phase === 'failed',
      'the download',
    );
    expect(offered).toMatchObject({ phase: 'ready', version: '1.3.0', canRestart: false });
    const refused = await service.handlers['update:restart']({});
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'update_busy',
        message: 'Files are still converting. Restart to update once they have finished, so nothing is lost.',
      },
    });
    expect(app.quits).toBe(0);
    expect(await readFile(app1.installed)).toEqual(app1.before);

    // The batch finishes: the offer comes, and the restart installs the downloaded version.
    expect((await service.handlers['queue:resume']({})).ok).toBe(true);
    await waitFor(() => eventsNamed(app1.recorded, 'batch:finished').length === 1, 'the batch to finish');
    expect(existsSync(join(app1.dir, 'docs', 'sales.xlsx'))).toBe(true);
    await waitFor(
      () => app1.statuses().at(-1)?.canRestart === true,
      'the restart to be offered once nothing converts',
    );
    expect((await service.handlers['update:restart']({})).ok).toBe(true);
    expect(sha512(await readFile(app1.installed))).toBe(sha512(next));
    await waitFor(() => app.quits === 1, 'the app to quit for the update');
  });
});
