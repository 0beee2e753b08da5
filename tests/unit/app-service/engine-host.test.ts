// The one running engine of the desktop on its own: with the key from the keychain it talks to
// the service (the local server over real HTTP); without a key, or with a hand-edited address
// in clear text to another computer, there is no engine and the problem is one code with its
// sentence (the key never leaves); "This computer" starts the in-process server, and going
// back to the cloud stops it; a journal another app holds is said, not thrown; two quick
// restarts never leave two engines; a new key reaches the running engine without a restart;
// close() lets go of everything.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiKeys } from '../../../electron/app-service/api-key.ts';
import {
  createEngineHost,
  defaultAppStateDir,
  type EngineHost,
} from '../../../electron/app-service/engine-host.ts';
import { OFFLINE_SERVER_FILE } from '../../../electron/app-service/offline-server.ts';
import { defaultSettings, type Engine, journalDirOf } from '../../../electron/engine/index.ts';
import { createMemoryKeyStore, type KeyStore } from '../../../electron/engine/storage/keychain.ts';
import type { LocalServer } from '../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import type { Settings } from '../../../shared/ipc/contract.ts';
import { messageFor } from '../../../shared/messages.ts';
import { FAST_ENGINE_TIMING } from '../../support/wait.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const cleanups = cleanupsAfterEach();

interface Rig {
  host: EngineHost;
  settings: Settings;
  store: KeyStore;
  attached: Engine[];
  detached: number;
  closing: Engine[];
  changes: number;
}

async function rig(options: { dir?: string; store?: KeyStore; settings?: Settings } = {}): Promise<Rig> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'ifc-engine-host-')));
  if (!options.dir) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const store = options.store ?? createMemoryKeyStore();
  const r: Rig = {
    settings: options.settings ?? defaultSettings(),
    store,
    attached: [],
    detached: 0,
    closing: [],
    changes: 0,
    host: undefined as unknown as EngineHost,
  };
  r.host = createEngineHost({
    userDataDir: join(dir, 'userData'),
    stateDir: join(dir, 'State'),
    keys: createApiKeys(store, {}),
    settings: () => r.settings,
    proxy: async () => ({ kind: 'none' }),
    attach: (engine) => {
      r.attached.push(engine);
      return () => {
        r.detached += 1;
      };
    },
    beforeClose: async (engine) => {
      r.closing.push(engine);
    },
    changed: () => {
      r.changes += 1;
    },
    timing: FAST_ENGINE_TIMING,
  });
  cleanups.push(() => r.host.close());
  return r;
}

async function cloud(tokens = 50): Promise<LocalServer> {
  const server = await startLocalServer({ tokens });
  cleanups.push(() => server.close());
  return server;
}

const cloudAt = (url: string): Settings => ({ ...defaultSettings(), endpoint: { kind: 'cloud', url } });

describe('the engine host', () => {
  it('has no engine without a key, and says so in one code', async () => {
    const server = await cloud();
    const r = await rig({ settings: cloudAt(server.url) });
    expect(r.host.problem()?.code).toBe('no_api_key');
    await r.host.restart();
    expect(r.host.engine()).toBeUndefined();
    expect(r.host.problem()).toEqual({ code: 'no_api_key', message: messageFor('no_api_key') });
    expect(r.changes).toBe(1);
    expect(server.requests).toEqual([]);
  });

  it("runs an engine with the keychain's key against the chosen service", async () => {
    const server = await cloud(42);
    const store = createMemoryKeyStore();
    await store.set(server.url, server.key);
    const r = await rig({ store, settings: cloudAt(server.url) });
    await r.host.restart();
    expect(r.host.problem()).toBeUndefined();
    expect(r.host.offline()).toBe(false);
    const engine = r.host.engine();
    expect(engine).toBeDefined();
    expect(r.attached).toEqual([engine]);
    const balance = await engine!.balance();
    expect(balance.ok && balance.value).toMatchObject({ tokens: 42, offline: false });
  });

  it('never sends the key in clear text to another computer a settings file names', async () => {
    const store = createMemoryKeyStore();
    await store.set('http://convert.example.test', 'ifc_live_secret_1234');
    const r = await rig({ store, settings: cloudAt('http://convert.example.test') });
    await r.host.restart();
    expect(r.host.engine()).toBeUndefined();
    expect(r.host.problem()).toEqual({
      code: 'endpoint_not_https',
      message: messageFor('endpoint_not_https'),
      details: { url: 'http://convert.example.test' },
    });
  });

  it('starts the offline server for "This computer", and stops it on going back to the cloud', async () => {
    const server = await cloud(7);
    const store = createMemoryKeyStore();
    await store.set(server.url, server.key);
    const dir = await mkdtemp(join(tmpdir(), 'ifc-engine-host-ö-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const r = await rig({ dir, store, settings: { ...defaultSettings(), endpoint: { kind: 'local' } } });
    await r.host.restart();
    expect(r.host.offline()).toBe(true);
    expect(r.host.problem()).toBeUndefined();
    const offline = await r.host.engine()!.balance();
    expect(offline.ok && offline.value.offline).toBe(true);
    const { port } = JSON.parse(await readFile(join(dir, 'userData', OFFLINE_SERVER_FILE), 'utf8')) as {
      port: number;
    };
    const offlineUrl = `http://127.0.0.1:${port}/api/formats`;
    expect((await fetch(offlineUrl)).status).toBeGreaterThan(0);

    r.settings = cloudAt(server.url);
    await r.host.restart();
    expect(r.host.offline()).toBe(false);
    const online = await r.host.engine()!.balance();
    expect(online.ok && online.value).toMatchObject({ tokens: 7, offline: false });
    // The old engine was let go of (watch folders first), and the offline server is gone.
    expect(r.closing).toEqual([r.attached[0]]);
    expect(r.detached).toBe(1);
    await expect(fetch(offlineUrl)).rejects.toThrow();
  });

  it('says the journal is held by another app instead of throwing, and starts once it is free', async () => {
    const server = await cloud();
    const store = createMemoryKeyStore();
    await store.set(server.url, server.key);
    const dir = await mkdtemp(join(tmpdir(), 'ifc-engine-host-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await rig({ dir, store, settings: cloudAt(server.url) });
    await first.host.restart();
    expect(first.host.engine()).toBeDefined();
    const second = await rig({ dir, store, settings: cloudAt(server.url) });
    await second.host.restart();
    expect(second.host.engine()).toBeUndefined();
    expect(second.host.problem()?.code).toBe('state_locked');
    expect(second.host.problem()?.message).toBe(messageFor('state_locked'));
    await first.host.close();
    await second.host.restart();
    expect(second.host.problem()).toBeUndefined();
    expect(second.host.engine()).toBeDefined();
  });

  it('never leaves two engines after two quick restarts, and hands a new key to the running one', async () => {
    const server = await cloud(9);
    const store = createMemoryKeyStore();
    await store.set(server.url, 'ifc_local_not_the_key');
    const r = await rig({ store, settings: cloudAt(server.url) });
    const both = Promise.all([r.host.restart(), r.host.restart()]);
    await r.host.settled();
    await both;
    expect(r.attached).toHaveLength(2);
    expect(r.detached).toBe(1);
    expect(r.host.engine()).toBe(r.attached[1]);
    const refused = await r.host.engine()!.balance();
    expect(refused.ok ? undefined : refused.error.code).toBe('invalid_api_key');
    r.host.takeKey(server.key);
    const accepted = await r.host.engine()!.balance();
    expect(accepted.ok && accepted.value.tokens).toBe(9);
    expect(r.attached).toHaveLength(2);
  });

  it('lets go of the engine and the offline server on close', async () => {
    const r = await rig({ settings: { ...defaultSettings(), endpoint: { kind: 'local' } } });
    await r.host.restart();
    const engine = r.host.engine()!;
    await r.host.close();
    expect(r.host.engine()).toBeUndefined();
    expect(r.closing).toEqual([engine]);
    expect(r.detached).toBe(1);
  });

  it("keeps the app's journal in its own folder of the state folder it shares with ifc", () => {
    const env = { XDG_STATE_HOME: '/home/zoë/.local/state', HOME: '/home/zoë' };
    const app = defaultAppStateDir(env);
    const cli = journalDirOf('ifc', env);
    expect(app).not.toBe(cli);
    expect(join(app, '..')).toBe(join(cli, '..'));
    expect(app.startsWith('/home/zoë/')).toBe(true);
  });
});
