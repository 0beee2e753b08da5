// Updates end to end, with only `electron` simulated: electron-updater's real AppImageUpdater
// (GenericProvider, its HTTP executor, its sha512 check, its installer) reads the app-update.yml
// electron-builder would pack (made from electron-builder.yml's `publish`, pointed at this
// test's feed), asks a real HTTP feed on 127.0.0.1 for latest-linux.yml and an AppImage, and
// reports to the real app service through main's adapter (electron/main/update-feed.ts).
// How electron is simulated (the require cache, since electron-updater is CommonJS): see
// tests/support/update-feed.ts.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_CHECK_DELAY_MS } from '../../../electron/app-service/updates/update-decisions.ts';
import { updateFeedFrom } from '../../../electron/main/update-feed.ts';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import {
  appImage,
  CURRENT_VERSION as CURRENT,
  installApp,
  latestYml,
  pendingDir,
  publishConfig,
  sha512,
  simulateElectronForUpdater,
  startUpdateFeed,
  type UpdateFeedServer,
  updaterElectron,
} from '../../support/update-feed.ts';
import {
  copyFixtures,
  eventsNamed,
  startService,
  tempDir,
  waitFor,
} from '../app-service/app-service-harness.ts';

const app = updaterElectron.app;
const cleanups: (() => Promise<void> | void)[] = [];
const saved = {
  env: { ...process.env },
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
};
let home: { path: string; remove(): Promise<void> };
let feedServer: UpdateFeedServer;
let restoreElectron: () => void;
const requests = () => feedServer.requests;
const publish = (feed: string, files: Record<string, string | Buffer>) => feedServer.publish(feed, files);

beforeAll(async () => {
  restoreElectron = simulateElectronForUpdater();
  home = await tempDir();
  feedServer = await startUpdateFeed();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await feedServer?.close();
  await home?.remove();
  restoreElectron?.();
  // In place: process.env stays Node's own object (replacing it would cut it off from the
  // process's real environment for every file that runs after this one in the same worker).
  for (const name of Object.keys(process.env)) if (!Object.hasOwn(saved.env, name)) delete process.env[name];
  Object.assign(process.env, saved.env);
  (process as { resourcesPath?: string }).resourcesPath = saved.resourcesPath;
});

/** An installed app on 1.0.0 (support/update-feed.ts) with the app service over it, on a
 *  clock the test moves. */
async function installedApp(feed: string, options: { busy?: boolean } = {}) {
  const dir = join(home.path, feed);
  const installed = await installApp(feedServer, feed, dir);
  const clock = new ManualClock();
  /** What the installed AppImage held when main would give up the single-instance lock. */
  const lockReleasedOver: string[] = [];
  const { service, recorded } = await startService(installed.userData, {
    updateFeed: updateFeedFrom(installed.updater, {
      logger: installed.logger,
      beforeInstall: () => lockReleasedOver.push(sha512(readFileSync(installed.installed))),
    }),
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
  return { ...installed, service, recorded, dir, statuses, checkAtStart, lockReleasedOver };
}

async function pendingFiles(feed: string): Promise<string[]> {
  const pending = pendingDir(join(home.path, feed), feed);
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
    expect(requests().filter((path) => path.startsWith('/same/'))).toEqual([
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
    expect(requests()).toContain('/newer/iFileConverter-Desktop-1.1.0.AppImage');
    // Downloaded, not installed: the running app is untouched until the person restarts.
    expect(await readFile(app1.installed)).toEqual(app1.before);
    expect(app1.service.trayState().update).toMatchObject({ phase: 'ready', canRestart: true });

    const restarted = await app1.service.handlers['update:restart']({});
    expect(restarted.ok).toBe(true);
    // The single-instance lock went first, while the old version was still in place.
    expect(app1.lockReleasedOver).toEqual([sha512(app1.before)]);
    // The installed AppImage is now the published file, and it was started; the app quits.
    expect(sha512(await readFile(app1.installed))).toBe(sha512(next));
    await waitFor(() => app.quits === 1, 'the app to quit for the update');
    const marker = app1.marker;
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
    expect(requests()).toContain('/tampered/iFileConverter-Desktop-1.2.0.AppImage');
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
