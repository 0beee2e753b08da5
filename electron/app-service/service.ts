// THE app service: everything behind the window that needs no Electron. It owns the settings,
// the key, the engine (cloud or the in-process offline server), staged files and recent
// results, implements every invoke channel (handlers.ts), and emits the contract's events at a
// pace the window can take. Electron main adapts it to ipcMain, dialogs, the tray and the OS;
// the e2e tests drive this same object through their bridge.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AppSnapshot,
  type ConvertedEntry,
  type EngineStatus,
  type EventName,
  type EventPayloads,
  isConverted,
  type KeyStatus,
  type Settings,
  type StagedBatch,
} from '../../shared/ipc/contract.ts';
import { resolveLanguage, setLanguage } from '../../shared/i18n/index.ts';
import type { InvokeHandlers } from '../../shared/ipc/dispatch.ts';
import type { TokenBalance } from '../../shared/jobs.ts';
import { messageFor, speakTo } from '../../shared/messages.ts';
import { fail, type Failure, ok, type Result } from '../../shared/result.ts';
import type { Engine, EngineTiming } from '../engine/index.ts';
import type { KeyStore } from '../engine/index.ts';
import { loadSettings, saveSettings } from '../engine/index.ts';
import { type ApiKeysOptions, createApiKeys } from './api-key.ts';
import { NOTICE_WINDOW_MS } from './batch-notice.ts';
import { createEngineEvents } from './engine-events.ts';
import { createEngineHost, defaultAppStateDir } from './engine-host.ts';
import { createEventBus } from './event-bus.ts';
import { DEFAULT_EVENT_INTERVAL_MS } from './event-coalescer.ts';
import { createHandlers, keyAccountOf } from './handlers.ts';
import { openHistory } from './history.ts';
import type { PlatformAdapters } from './platform.ts';
import type { MenuSync } from './shell-menus/menu-sync.ts';
import { createStaging, foldersAmong } from './staging.ts';
import { refusedForType, withNextStep } from './refusals.ts';
import { keepProxyCredentials, proxySettingFor } from './proxy-choice.ts';
import { verifyKey } from './verify-key.ts';
import { openInvoiceDesk } from './invoice-desk.ts';
import { openWatchFolders, type WatchTiming } from './watch-folders.ts';
import { createUpdateChecks, type UpdateFeed } from './updates/update-checks.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import type { UpdateStatus } from '../../shared/updates.ts';
import { attachTokenResume } from './token-resume.ts';
import { openSpendDesk } from './spend-desk.ts';

export type { KeyStore } from '../engine/index.ts';
export type { PlatformAdapters } from './platform.ts';

export interface AppServiceOptions {
  userDataDir: string;
  platform: PlatformAdapters;
  keyStore: KeyStore;
  version: string;
  env?: NodeJS.ProcessEnv;
  /** Spacing of 'jobs:changed' (and status/balance) events; default 150 ms. */
  eventIntervalMs?: number;
  /** The job journal's folder; default the app's folder in the per-user state folder. */
  stateDir?: string;
  /** Engine timings (tests shorten polls and retries). */
  engineTiming?: EngineTiming;
  /** Batches finishing this close together share one notification; default 1.5 s. */
  noticeWindowMs?: number;
  /** Watch-folder timings (tests shorten how long a new file must rest before it is taken). */
  watchTiming?: WatchTiming;
  /** The OS's preferred languages, best first (Electron's app.getPreferredSystemLanguages()). */
  systemLocales?: readonly string[];
  /** The file manager's right-click menu (shell-menus/); absent where there is none to write. */
  fileManagerMenu?: MenuSync;
  /** The system's proxy for a URL, in the PAC answer format ("PROXY a:3128; DIRECT"): main
   *  passes Electron's session.resolveProxy. Without it "system" means the proxy variables. */
  resolveProxy?: (url: string) => Promise<string>;
  /** When a keychain call stops being waited for (api-key.ts); tests pass one they control. */
  keychainDeadline?: ApiKeysOptions['keychainDeadline'];
  /** electron-updater, adapted (electron/main/update-feed.ts); absent where the app cannot
   *  update itself (development, tests): then nothing is ever checked. */
  updateFeed?: UpdateFeed;
  /** The clock update checks are scheduled on; tests pass one they move. */
  updateClock?: Clock;
  /** While files wait for tokens, how often the balance is asked again (token-resume.ts). */
  tokenRecheckMs?: number;
}

export interface TrayState {
  running: number;
  paused: boolean;
  balance?: TokenBalance;
  recent: ConvertedEntry[];
  /** Folders being watched now, and the tray's line for them ("Watching 2 folders"). */
  watching?: number;
  watchLine?: string;
  /** App updates: the tray offers "Restart to update" once one is downloaded. */
  update?: UpdateStatus;
}

export interface AppService {
  handlers: InvokeHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Files from the tray, "Open with" or a second launch; also emits 'files:staged'. */
  stageExternal(paths: string[]): Promise<StagedBatch>;
  trayState(): TrayState;
  /** The converted file of a finished job (for dragging it out of the window). */
  resultFile(jobId: string): string | undefined;
  /** Problems found while starting (settings reset, journal set aside, engine not started). */
  problems(): Failure[];
  /** "Restart to update" (the window's button and the tray's item): refused while busy. */
  restartToUpdate(): Result<void>;
  close(): Promise<void>;
}

const SNAPSHOT_FORMATS_WAIT_MS = 1500;

const NEEDS_KEY_STATUS: EngineStatus = { paused: false, needsKey: true, running: 0 };

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const { userDataDir, platform, version } = options;
  // This service speaks to the window: its sentences use the window's words, not the CLI's.
  speakTo('window');
  const bus = createEventBus();
  const { emit } = bus;

  const loaded = await loadSettings(userDataDir);
  let settings = loaded.settings;
  const systemLocales = [...(options.systemLocales ?? [])];
  // Notifications, the tray and every sentence made here speak the person's language.
  const speak = () => setLanguage(resolveLanguage(settings.language, systemLocales));
  speak();
  const startProblems: Failure[] = loaded.problem ? [loaded.problem] : [];
  const history = await openHistory(userDataDir);
  const staging = createStaging();
  const keys = createApiKeys(options.keyStore, options.env ?? process.env, {
    ...(options.keychainDeadline ? { keychainDeadline: options.keychainDeadline } : {}),
    // The person unlocked the keyring after the app stopped waiting: use the key now.
    onLateAnswer: () => void keyRead(),
  });
  let formats: Record<string, string[]> = {};
  const intervalMs = options.eventIntervalMs ?? DEFAULT_EVENT_INTERVAL_MS;
  const stateDir = options.stateDir ?? defaultAppStateDir();
  const invoices = await openInvoiceDesk({
    userDataDir,
    stateDir,
    keyStore: options.keyStore,
    platform,
    onChanged: (status) => emit('invoices:changed', status),
  });
  const spend = await openSpendDesk({ stateDir, platform, settings: () => settings });
  const watchFolders = await openWatchFolders({
    rulesDir: userDataDir,
    stateDir,
    platform,
    bus,
    intervalMs,
    onInvoiceJobs: (jobs) => {
      for (const job of jobs) invoices.watchJob(job.jobId, job.source);
    },
    // Watched files honour the monthly spend limit (a rule pauses with one notice there).
    caps: (engine) => spend.capsFor(engine, settings, true),
    ...(options.watchTiming ? { timing: options.watchTiming } : {}),
  });
  /** Batches that are the parts of a "Combine into one PDF" (handlers.ts). */
  const combineBatches = new Set<string>();
  const events = createEngineEvents({
    bus,
    history,
    platform,
    intervalMs,
    noticeWindowMs: options.noticeWindowMs ?? NOTICE_WINDOW_MS,
    notificationsOn: () => settings.notifications,
    jobs: () => host.engine()?.jobs() ?? [],
    quietBatch: (batchId) => watchFolders.quietBatch(batchId),
    partsBatch: (batchId) => combineBatches.has(batchId),
  });

  const host = createEngineHost({
    userDataDir,
    stateDir,
    keys,
    settings: () => settings,
    proxy: (current) => proxySettingFor(current, options.keyStore, options.resolveProxy),
    timing: options.engineTiming,
    attach(engine: Engine) {
      if (engine.journalSetAside) {
        startProblems.push({
          code: 'journal_corrupt',
          message: messageFor('journal_corrupt'),
          details: { keptAt: engine.journalSetAside },
        });
      }
      const detachEvents = events.attach(engine);
      const detachInvoices = invoices.attach(engine);
      const detachTokenResume = attachTokenResume(
        engine,
        (batchId) => watchFolders.quietBatch(batchId),
        options.tokenRecheckMs,
      );
      const detachSpend = spend.attach(engine);
      const detach = () => {
        detachEvents();
        detachInvoices();
        detachTokenResume();
        detachSpend();
      };
      // The rules start on the new engine in the background; their status events follow.
      void watchFolders.setEngine(engine);
      return detach;
    },
    // Watches stop sending before the engine they send to closes (an endpoint switch, quit).
    beforeClose: () => watchFolders.setEngine(undefined),
    changed() {
      const engine = host.engine();
      events.forgetBalance();
      formats = {};
      events.status(engineStatus());
      if (engine) {
        // Fill the balance and format list in the background; events tell the window.
        void engine.balance();
        void engine.formats().then((info) => {
          if (!info.ok) return;
          formats = info.value.conversions;
          void syncMenu();
        });
      }
    },
  });

  // The right-click menu follows the switch and the formats list of the service in use.
  async function syncMenu(): Promise<void> {
    const menu = options.fileManagerMenu;
    if (!menu) return;
    const synced = await menu.update(settings.fileManagerMenu, formats);
    if (!synced.ok) platform.notify('Right-click menu', synced.error.message);
  }

  function engineStatus(): EngineStatus {
    return host.engine()?.status() ?? NEEDS_KEY_STATUS;
  }

  async function engineOrProblem(): Promise<Result<Engine>> {
    // While the endpoint is being switched there is briefly no engine; a drop, a tray
    // hand-over or a click in that moment waits for the new one instead of failing.
    await host.settled();
    const engine = host.engine();
    if (engine) return ok(engine);
    return fail(host.problem() ?? { code: 'no_api_key', message: messageFor('no_api_key') });
  }

  async function stage(paths: string[]): Promise<Result<StagedBatch>> {
    const engine = await engineOrProblem();
    if (!engine.ok) return engine;
    const expanded = await engine.value.expandInputs(paths);
    if (!expanded.ok) return expanded;
    let { skipped } = expanded.value;
    if (refusedForType(skipped)) {
      const info = await engine.value.formats();
      if (info.ok) skipped = withNextStep(skipped, info.value.conversions);
    }
    return ok(staging.add({ files: expanded.value.files, skipped }, await foldersAmong(paths)));
  }

  async function applySettings(patched: Settings): Promise<void> {
    const before = settings;
    const next = await keepProxyCredentials(patched, options.keyStore);
    settings = next;
    speak();
    await saveSettings(userDataDir, next);
    emit('settings:changed', next);
    const endpointMoved =
      JSON.stringify(before.endpoint) !== JSON.stringify(next.endpoint) ||
      JSON.stringify(before.proxy) !== JSON.stringify(next.proxy);
    // Output folder and conflict policy go with each batch (handlers.ts), so changing them
    // never interrupts running jobs; only a new endpoint or lane size needs a new engine.
    if (endpointMoved || before.concurrency !== next.concurrency) {
      await host.restart();
    }
    if (endpointMoved) emit('key:changed', await keys.status(keyAccountOf(next)));
    if (before.fileManagerMenu !== next.fileManagerMenu) await syncMenu();
    if (before.updateChecks !== next.updateChecks) updates.settingsChanged();
  }

  async function snapshot(): Promise<AppSnapshot> {
    // The first start runs in the background (below); its keychain read has a deadline, so
    // this wait is bounded and the window never asks an engine that is still starting.
    await host.settled();
    const engine = host.engine();
    if (engine && Object.keys(formats).length === 0) {
      // With the network down the engine retries for seconds; the window must not wait that
      // long to open. Staged files carry their own targets, so an empty table is harmless.
      // The wait is cancelled once the answer came: no timer outlives the snapshot.
      const waited = new AbortController();
      const info = await Promise.race([
        engine.formats(),
        sleep(SNAPSHOT_FORMATS_WAIT_MS, undefined, { signal: waited.signal }).catch(() => undefined),
      ]).finally(() => waited.abort());
      if (info?.ok) formats = info.value.conversions;
    }
    const problems = [
      ...startProblems,
      ...(host.problem() && host.problem()?.code !== 'no_api_key' ? [host.problem()!] : []),
    ];
    return {
      settings,
      key: await keys.status(keyAccountOf(settings)),
      ...(events.balance() ? { balance: events.balance() } : {}),
      engine: engineStatus(),
      jobs: engine?.jobs() ?? [],
      history: history.entries(),
      conversions: formats,
      version,
      ...(problems.length > 0 ? { problems } : {}),
      watchFolders: watchFolders.list(),
      systemLocales,
      ...(options.fileManagerMenu?.switchable ? { fileManagerMenu: options.fileManagerMenu.kind } : {}),
      ...(options.updateFeed ? { update: updates.status() } : {}),
    };
  }

  async function keyChanged(status: KeyStatus, key?: string): Promise<void> {
    emit('key:changed', status);
    if (settings.endpoint.kind !== 'cloud') return;
    const engine = host.engine();
    // A running engine keeps its jobs and takes the new key; without one, start it now.
    if (status.storage === 'env') return; // IFC_API_KEY wins over anything saved here
    if (engine && key) host.takeKey(key);
    else await host.restart();
  }

  /** After "Try again" or a late keychain answer: tell the window, start the engine if it can. */
  async function keyRead(): Promise<KeyStatus> {
    const status = await keys.status(keyAccountOf(settings));
    emit('key:changed', status);
    if (status.set && settings.endpoint.kind === 'cloud' && !host.engine()) await host.restart();
    return status;
  }

  // A batch or a watch folder's file still converting (queued, sending, waiting or saving):
  // the engine counts every job not yet settled. A restart now would cut them off.
  const updates = createUpdateChecks({
    ...(options.updateFeed ? { feed: options.updateFeed } : {}),
    clock: options.updateClock ?? systemClock,
    enabled: () => settings.updateChecks,
    busy: () => engineStatus().running > 0,
    changed: (status) => emit('update:changed', status),
  });
  bus.on('engine:status', () => updates.busyChanged());

  const handlers = createHandlers({
    platform,
    keys,
    staging,
    history,
    engine: engineOrProblem,
    settings: () => settings,
    applySettings,
    snapshot,
    stage,
    keyChanged,
    retryKeychain: () => {
      keys.retry();
      return keyRead();
    },
    forgetJobs: (jobIds) => events.removed(jobIds),
    combineParts: (batchId) => combineBatches.add(batchId),
    verifyKey: async (url, key) =>
      verifyKey(url, key, await proxySettingFor(settings, options.keyStore, options.resolveProxy)),
    watchFolders: watchFolders.handlers,
    invoices: invoices.handlers,
    updates: { 'update:restart': async () => updates.restart() },
    spendCaps: (engine) => spend.capsFor(engine, settings),
    spend: spend.handlers,
  });

  // Not awaited: the window and the tray come up while the engine starts (which may wait on
  // the keychain, up to its deadline). Every handler waits for it through host.settled().
  // With an engine the menu follows its formats list once known (changed() above); without
  // one (no key yet) the offline table stands in.
  void host.restart().then(() => {
    if (!host.engine()) void syncMenu();
  });

  return {
    handlers,
    on: bus.on,
    async stageExternal(paths) {
      const staged = await stage(paths);
      const batch: StagedBatch = staged.ok
        ? staged.value
        : {
            files: [],
            skipped: paths.map((path) => ({
              name: path.split(/[\\/]/).pop() ?? path,
              path,
              reason: staged.error.message,
            })),
          };
      emit('files:staged', batch);
      return batch;
    },
    trayState() {
      const status = engineStatus();
      const balance = events.balance();
      const watchLine = watchFolders.trayLine();
      return {
        running: status.running,
        paused: status.paused,
        ...(balance ? { balance } : {}),
        recent: history.entries().filter(isConverted).slice(0, 5),
        watching: watchFolders.watchingCount(),
        ...(watchLine ? { watchLine } : {}),
        ...(options.updateFeed ? { update: updates.status() } : {}),
      };
    },
    resultFile(jobId) {
      const job = host
        .engine()
        ?.jobs()
        .find((candidate) => candidate.id === jobId);
      return job?.output ?? history.find(jobId)?.output;
    },
    problems: () => [...startProblems],
    restartToUpdate: () => updates.restart(),
    async close() {
      updates.close();
      // The engine's close flushes the journal and reports the jobs it stopped; the window
      // and the notification queue get those last events before everything stops. Watches stop
      // first: nothing new is sent to an engine that is closing.
      await watchFolders.close();
      await host.close();
      // Invoices being added finish (or wait in the pending queue) before the app quits.
      await invoices.settle();
      events.flush();
      events.close();
      await history.written();
      await spend.written();
    },
  };
}
