// Owns the one running engine and what it talks to: the cloud API with the person's key, or
// the in-process offline server. Switching endpoint or concurrency closes the old engine
// (journal flushed, lock released) and opens a new one on the same journal, which resumes
// whatever the old one left. Changes are serialised so two clicks cannot race two engines.
import { checkEndpointUrl } from '../../shared/endpoint-url.ts';
import type { Settings } from '../../shared/ipc/contract.ts';
import { messageFor } from '../../shared/messages.ts';
import type { Failure } from '../../shared/result.ts';
import {
  cloudUrlOf,
  createEngine,
  type Engine,
  type EngineTiming,
  journalDirOf,
  type ProxySetting,
} from '../engine/index.ts';
import type { LocalServer } from '../localserver/index.ts';
import type { ApiKeys } from './api-key.ts';
import { startOfflineServer } from './offline-server.ts';

export interface EngineHostOptions {
  userDataDir: string;
  stateDir: string;
  keys: ApiKeys;
  settings(): Settings;
  /** The proxy the engine goes through for these settings (proxy-choice.ts). */
  proxy(settings: Settings): Promise<ProxySetting>;
  /** Subscribes to a new engine's events; returns the unsubscribe. */
  attach(engine: Engine): () => void;
  /** Runs before an engine closes, while it still works (watch folders let go of it here). */
  beforeClose?(engine: Engine): Promise<void>;
  /** Told whenever the engine changes (started, stopped, failed to start). */
  changed(): void;
  timing?: EngineTiming;
}

export interface EngineHost {
  engine(): Engine | undefined;
  offline(): boolean;
  /** Why there is no engine: no key yet, the journal is locked, the offline server failed. */
  problem(): Failure | undefined;
  /** Applies the current settings and key; resolves once the new engine is running. */
  restart(): Promise<void>;
  /** Resolves when no start or stop is under way, so callers see the engine that will answer. */
  settled(): Promise<void>;
  /** Hands a new key to the running cloud engine without stopping its jobs. */
  takeKey(key: string): void;
  close(): Promise<void>;
}

function noKey(): Failure {
  return { code: 'no_api_key', message: messageFor('no_api_key') };
}

export function createEngineHost(options: EngineHostOptions): EngineHost {
  let engine: Engine | undefined;
  let detach: (() => void) | undefined;
  let offlineServer: LocalServer | undefined;
  let problem: Failure | undefined = noKey();
  let offline = false;
  let queue: Promise<void> = Promise.resolve();

  async function stopEngine(): Promise<void> {
    const old = engine;
    engine = undefined;
    if (old) await options.beforeClose?.(old).catch(() => undefined);
    detach?.();
    detach = undefined;
    if (old) await old.close();
  }

  async function endpointFor(settings: Settings): Promise<{ url: string; key: string } | Failure> {
    const cloudUrl = cloudUrlOf(settings);
    if (cloudUrl) {
      await offlineServer?.close();
      offlineServer = undefined;
      // The window cannot save such an address, but a hand-edited settings file could: the key
      // never travels in clear text to another computer.
      const verdict = checkEndpointUrl(cloudUrl);
      if (verdict !== 'ok') {
        const code = verdict === 'not_https' ? 'endpoint_not_https' : 'endpoint_invalid';
        return { code, message: messageFor(code), details: { url: cloudUrl } };
      }
      const found = await options.keys.resolve(cloudUrl);
      if (found) return { url: cloudUrl, key: found.key };
      const keychain = options.keys.problem();
      return keychain ? { code: keychain, message: messageFor(keychain) } : noKey();
    }
    try {
      offlineServer ??= await startOfflineServer(options.userDataDir);
    } catch (error) {
      return {
        code: 'local_server_failed',
        message: messageFor('local_server_failed'),
        details: { reason: error instanceof Error ? error.message : String(error) },
      };
    }
    return { url: offlineServer.url, key: offlineServer.key };
  }

  async function start(): Promise<void> {
    await stopEngine();
    const settings = options.settings();
    const endpoint = await endpointFor(settings);
    offline = settings.endpoint.kind === 'local';
    if ('code' in endpoint) {
      problem = endpoint;
      return;
    }
    const created = await createEngine({
      api: endpoint,
      // The offline server is on this computer: never through a proxy.
      proxy: offline ? { kind: 'none' } : await options.proxy(settings),
      stateDir: options.stateDir,
      concurrency: { upload: settings.concurrency, download: settings.concurrency },
      conflict: settings.conflict,
      offline,
      ...(settings.output.kind === 'folder' ? { output: { dir: settings.output.path } } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
    });
    if (!created.ok) {
      problem = created.error;
      return;
    }
    engine = created.value;
    problem = undefined;
    detach = options.attach(engine);
    // Resuming needs the network (formats, balance); the window need not wait for it.
    void engine.resumeJournal();
  }

  return {
    engine: () => engine,
    offline: () => offline,
    problem: () => problem,
    restart() {
      // A failed start must not block the next one.
      queue = queue
        .catch(() => undefined)
        .then(start)
        .finally(() => options.changed());
      return queue;
    },
    settled() {
      return queue.catch(() => undefined);
    },
    takeKey(key) {
      engine?.setApiKey(key);
    },
    close() {
      queue = queue
        .catch(() => undefined)
        .then(async () => {
          await stopEngine();
          await offlineServer?.close();
          offlineServer = undefined;
        });
      return queue;
    },
  };
}

/** The app's journal: its own folder in the per-user state folder it shares with `ifc`. */
export function defaultAppStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return journalDirOf('app', env);
}
