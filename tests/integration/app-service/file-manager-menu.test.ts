// "Convert with iFileConverter" from a file manager, through the real app service and the
// in-process offline server: the file manager launches the app once per file, the running
// app gets each launch as a second instance, and the launches within the quiet spell become
// ONE batch, converted with no window shown. Also: bad launches get their sentence in a
// notification, and the Settings switch writes and removes the Linux menus and Finder's
// Quick Actions.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { createLaunchBatches } from '../../../electron/app-service/launch/launch-batches.ts';
import { convertFromMenu } from '../../../electron/app-service/launch/menu-convert.ts';
import type { AppService } from '../../../electron/app-service/service.ts';
import { finderMenu } from '../../../electron/app-service/shell-menus/finder-menu.ts';
import { linuxMenu } from '../../../electron/app-service/shell-menus/linux-menu.ts';
import { createMenuSync } from '../../../electron/app-service/shell-menus/menu-sync.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import { createFileHandOver } from '../../../electron/main/file-hand-over.ts';
import { claimSingleInstance } from '../../../electron/main/single-instance.ts';
import { messageFor } from '../../../shared/messages.ts';
import { manualScheduler } from '../../support/manual-scheduler.ts';
import { eventsNamed, FIXTURES, startService, tempDir, waitFor } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const QUIET_MS = 700;

async function offline(extra: Parameters<typeof startService>[1] = {}) {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const started = await startService(join(dir.path, 'userData'), extra);
  cleanups.push(() => started.service.close());
  await started.service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
  return { ...started, dir: dir.path };
}

/** The running app as main wires it: single instance -> launch batches -> convertFromMenu. */
function runningApp(service: AppService, notify: (title: string, body: string) => void) {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const app = {
    quit: vi.fn(),
    requestSingleInstanceLock: () => true,
    on: (event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler),
  };
  const clock = manualScheduler();
  const batches = createLaunchBatches({ quietMs: QUIET_MS, scheduler: clock.scheduler });
  const showWindow = vi.fn();
  const handOver = createFileHandOver();
  cleanups.push(async () => {
    batches.close();
    handOver.close();
  });
  claimSingleInstance({
    app: app as unknown as Parameters<typeof claimSingleInstance>[0]['app'],
    handOver,
    defaultApp: false,
    showWindow,
    convert: (request) => batches.add(request),
  });
  const outcomes: Promise<string>[] = [];
  batches.ready((request) => {
    if (request.action === 'convert')
      outcomes.push(convertFromMenu({ service, notify, showWindow }, request.to, request.files));
  });
  return {
    clock,
    showWindow,
    outcomes,
    /** What Explorer / Nautilus does for each selected file: start the app with it. */
    launch(argv: string[], cwd: string) {
      handlers.get('second-instance')!(
        {},
        ['/opt/iFileConverter Desktop/ifileconverter-desktop', ...argv],
        cwd,
      );
    },
  };
}

describe('right-click "Convert with iFileConverter" hand-over', () => {
  it('turns three launches with one file each into one batch of three, converted with no window', {
    timeout: 120_000,
  }, async () => {
    const { service, recorded, dir } = await offline();
    const folder = join(dir, 'Mes scans');
    await mkdir(folder, { recursive: true });
    const sources = [
      join(folder, 'scan.png'),
      join(folder, 'scan.jpg'),
      join(folder, 'Überweisung "März" 2.png'),
    ];
    await copyFile(join(FIXTURES, 'scan.png'), sources[0]!);
    await copyFile(join(FIXTURES, 'scan.jpg'), sources[1]!);
    await copyFile(join(FIXTURES, 'scan.png'), sources[2]!);
    const app = runningApp(service, (title, body) => recorded.notices.push({ title, body }));

    // Chromium hands the running app each launch's argv, switches first and with its own added.
    app.launch(['--convert-to=webp', sources[0]!], folder);
    app.clock.advance(QUIET_MS - 1);
    app.launch(['--allow-file-access-from-files', '--convert-to=webp', sources[1]!], folder);
    app.clock.advance(QUIET_MS - 1);
    app.launch(['--convert-to=webp', '--original-process-start-time=1', 'Überweisung "März" 2.png'], folder);
    expect(app.outcomes).toEqual([]);
    app.clock.advance(QUIET_MS);
    expect(app.outcomes.length).toBe(1);
    expect(await app.outcomes[0]).toBe('started');

    // Three image conversions in the offline server's child processes: slow on a loaded
    // machine, so a generous wait that names what it waits for.
    const [finished] = await waitFor(
      () => {
        const batches = eventsNamed(recorded, 'batch:finished');
        return batches.length > 0 && batches;
      },
      'the batch of three converted',
      90_000,
    );
    expect(finished!.completed.map((item) => item.source).sort()).toEqual([...sources].sort());
    expect(eventsNamed(recorded, 'batch:finished').length).toBe(1);
    expect(app.showWindow).not.toHaveBeenCalled();
    expect(eventsNamed(recorded, 'files:staged')).toEqual([]);
    await waitFor(() => recorded.notices.length > 0);
    expect(recorded.notices).toEqual([{ title: 'Conversion finished', body: '3 converted' }]);

    // The results are real images: the sources' size, and the same picture (mean colour).
    for (const item of finished!.completed) {
      const result = await sharp(item.output).stats();
      const source = await sharp(item.source).stats();
      expect((await sharp(item.output).metadata()).format).toBe('webp');
      expect((await sharp(item.output).metadata()).width).toBe((await sharp(item.source).metadata()).width);
      result.channels.slice(0, 3).forEach((channel, index) => {
        expect(Math.abs(channel.mean - source.channels[index]!.mean)).toBeLessThan(8);
      });
    }
    expect((await readdir(folder)).filter((name) => name.endsWith('.webp')).length).toBe(3);
  });

  it('tells what it could not convert in one notification, with the usual sentences', async () => {
    const { service, recorded, dir } = await offline();
    const folder = join(dir, 'in');
    await mkdir(folder, { recursive: true });
    await copyFile(join(FIXTURES, 'sales.csv'), join(folder, 'sales.csv'));
    await copyFile(join(FIXTURES, 'scan.png'), join(folder, 'scan.png'));
    const app = runningApp(service, (title, body) => recorded.notices.push({ title, body }));

    app.launch(['--convert-to=pdf', join(folder, 'gone.png')], folder);
    app.launch(['--convert-to=pdf', join(folder, 'sales.csv')], folder);
    app.launch(['--convert-to=pdf', join(folder, 'scan.png')], folder);
    app.clock.advance(QUIET_MS);
    expect(await app.outcomes[0]).toBe('started');
    expect(recorded.notices[0]).toEqual({
      title: '2 files were not converted',
      body: `gone.png: ${messageFor('file_missing')}\nsales.csv: ${messageFor('unsupported_conversion')}`,
    });
    await waitFor(() => eventsNamed(recorded, 'batch:finished').length > 0);
    expect(eventsNamed(recorded, 'batch:finished')[0]!.completed.length).toBe(1);

    // A format the service does not offer: nothing is sent, one sentence says why.
    app.launch(['--convert-to=mp3', join(folder, 'scan.png')], folder);
    app.clock.advance(QUIET_MS);
    expect(await app.outcomes[1]).toBe('nothing-to-convert');
    expect(recorded.notices.at(-1)).toEqual({
      title: 'Nothing was converted',
      body: messageFor('menu_format_unknown'),
    });
    expect(app.showWindow).not.toHaveBeenCalled();
  });

  it('opens the window for --open, staging the files there', async () => {
    const { service, recorded, dir } = await offline();
    const app = runningApp(service, () => undefined);
    await copyFile(join(FIXTURES, 'notes.md'), join(dir, 'notes.md'));
    const staged = vi.spyOn(service, 'stageExternal');
    app.launch(['--open', join(dir, 'notes.md')], dir);
    expect(app.showWindow).toHaveBeenCalledOnce();
    expect(app.outcomes).toEqual([]);
    expect(staged).not.toHaveBeenCalled(); // the window's hand-over stages it once ready
    expect(eventsNamed(recorded, 'batch:finished')).toEqual([]);
  });
});

describe('Settings: "Show in the file manager\'s right-click menu" (Linux)', () => {
  it('writes the menus when switched on, follows the formats list, and removes them when off', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const dataHome = join(dir.path, 'share');
    const userData = join(dir.path, 'userData');
    const menu = createMenuSync({
      backend: linuxMenu({ dataHome, command: ['/opt/iFileConverter Desktop/ifileconverter-desktop'] }),
      userDataDir: userData,
      identity: 'test',
    });
    const server = await startLocalServer({ tokens: 100, benchPassThrough: true });
    cleanups.push(() => server.close());
    const { service } = await startService(userData, {
      fileManagerMenu: menu,
      env: { IFC_API_KEY: server.key, IFC_API_URL: server.url },
    });
    cleanups.push(() => service.close());
    await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });

    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.fileManagerMenu).toBe('linux');
    expect(snapshot.ok && snapshot.value.settings.fileManagerMenu).toBe(false);

    await service.handlers['settings:update']({ patch: { fileManagerMenu: true } });
    const nemo = () => readdir(join(dataHome, 'nemo', 'actions')).catch(() => [] as string[]);
    expect(await nemo()).toContain('ifileconverter-to-pdf.nemo_action');
    expect(await nemo()).not.toContain('ifileconverter-to-dat.nemo_action');

    // Another service, whose formats list offers one more target: the menus follow it.
    await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: server.url } } });
    await expect.poll(nemo, { timeout: 45_000 }).toContain('ifileconverter-to-dat.nemo_action');

    await service.handlers['settings:update']({ patch: { fileManagerMenu: false } });
    expect(await readdir(dataHome, { recursive: true })).toEqual([]);
  });
});

describe('Settings: "Show in Finder\'s right-click menu" (macOS)', () => {
  it('installs the Quick Actions when switched on, follows the formats list, and removes them when off', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const home = join(dir.path, 'home');
    const userData = join(dir.path, 'userData');
    let refreshes = 0;
    const menu = createMenuSync({
      backend: finderMenu({
        home,
        app: { bundle: '/Applications/iFileConverter Desktop.app', args: [] },
        refresh: async () => void refreshes++,
      }),
      userDataDir: userData,
      identity: 'test',
    });
    const server = await startLocalServer({ tokens: 100, benchPassThrough: true });
    cleanups.push(() => server.close());
    const { service } = await startService(userData, {
      fileManagerMenu: menu,
      env: { IFC_API_KEY: server.key, IFC_API_URL: server.url },
    });
    cleanups.push(() => service.close());
    await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });

    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.fileManagerMenu).toBe('finder');

    await service.handlers['settings:update']({ patch: { fileManagerMenu: true } });
    const services = () => readdir(join(home, 'Library', 'Services')).catch(() => [] as string[]);
    expect(await services()).toContain('Convert with iFileConverter to PDF.workflow');
    expect(await services()).not.toContain('Convert with iFileConverter to DAT.workflow');

    // Another service, whose formats list offers one more target: the Quick Actions follow it.
    await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: server.url } } });
    await expect.poll(services, { timeout: 45_000 }).toContain('Convert with iFileConverter to DAT.workflow');

    await service.handlers['settings:update']({ patch: { fileManagerMenu: false } });
    expect(await readdir(home)).toEqual([]);
    expect(refreshes).toBeGreaterThanOrEqual(3); // each change tells macOS to reread the services
  });
});
