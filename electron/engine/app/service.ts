// THE app service: everything behind the window that needs no Electron. It owns the settings,
// the key, the engine (cloud or the in-process offline server), staged files and recent
// results, implements every invoke channel (handlers.ts), and emits the contract's events at a
// pace the window can take. Electron main adapts it to ipcMain, dialogs, the tray and the OS;
// the e2e tests drive this same object through their bridge.
import type {
  AppSnapshot,
  EngineStatus,
  EventName,
  EventPayloads,
  HistoryEntry,
  KeyStatus,
  Settings,
  StagedBatch,
} from '../../../shared/ipc/contract.ts';
import type { InvokeHandlers } from '../../../shared/ipc/dispatch.ts';
import type { BatchSummary, JobView, TokenBalance } from '../../../shared/jobs.ts';
import { messageFor } from '../../../shared/messages.ts';
import { fail, type Failure, ok, type Result } from '../../../shared/result.ts';
import type { Engine, EngineTiming } from '../index.ts';
import type { KeyStore } from '../keychain.ts';
import { loadSettings, saveSettings } from '../settings.ts';
import { createApiKeys } from './api-key.ts';
import { createBatchNoticeQueue, NOTICE_WINDOW_MS } from './batch-notice.ts';
import { batchProgress } from './batch-progress.ts';
import { createEngineHost, defaultAppStateDir } from './engine-host.ts';
import {
  createJobChangeCoalescer,
  createLatestThrottle,
  DEFAULT_EVENT_INTERVAL_MS,
} from './event-coalescer.ts';
import { createHandlers, keyAccountOf } from './handlers.ts';
import { openHistory } from './history.ts';
import type { PlatformAdapters } from './platform.ts';
import { createStaging } from './staging.ts';
import { verifyKey } from './verify-key.ts';

export type { KeyStore } from '../keychain.ts';
export type { PlatformAdapters } from './platform.ts';

export interface AppServiceOptions {
  userDataDir: string;
  platform: PlatformAdapters;
  keyStore: KeyStore;
  version: string;
  env?: NodeJS.ProcessEnv;
  /** Spacing of 'jobs:changed' (and status/balance) events; default 150 ms. */
  eventIntervalMs?: number;
  /** The job journal's folder; default <userDataDir>/State. */
  stateDir?: string;
  /** Engine timings (tests shorten polls and retries). */
  engineTiming?: EngineTiming;
  /** Batches finishing this close together share one notification; default 1.5 s. */
  noticeWindowMs?: number;
}

export interface TrayState {
  running: number;
  paused: boolean;
  balance?: TokenBalance;
  recent: HistoryEntry[];
  watching?: number;
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
  close(): Promise<void>;
}

const NEEDS_KEY_STATUS: EngineStatus = { paused: false, needsKey: true, running: 0 };

export async function createAppService(options: AppServiceOptions): Promise<AppService> {
  const { userDataDir, platform, version } = options;
  const interval = options.eventIntervalMs ?? DEFAULT_EVENT_INTERVAL_MS;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // One listener's bug (a closed window) must not stop the others.
      }
    }
  };

  const loaded = await loadSettings(userDataDir);
  let settings = loaded.settings;
  const startProblems: Failure[] = loaded.problem ? [loaded.problem] : [];
  const history = await openHistory(userDataDir);
  const staging = createStaging();
  const keys = createApiKeys(options.keyStore, options.env ?? process.env);
  let balance: TokenBalance | undefined;
  let formats: Record<string, string[]> = {};

  const jobChanges = createJobChangeCoalescer(interval, (payload) => {
    emit('jobs:changed', payload);
    platform.setProgress?.(batchProgress(host.engine()?.jobs() ?? []));
  });
  const statusThrottle = createLatestThrottle<EngineStatus>(interval, (status) =>
    emit('engine:status', status),
  );
  const balanceThrottle = createLatestThrottle<TokenBalance>(interval, (value) =>
    emit('balance:changed', value),
  );
  const historyThrottle = createLatestThrottle<null>(interval, () =>
    emit('history:changed', history.entries()),
  );
  const notices = createBatchNoticeQueue(options.noticeWindowMs ?? NOTICE_WINDOW_MS, (notice) => {
    if (settings.notifications) platform.notify(notice.title, notice.body);
  });

  function onJob(job: JobView): void {
    jobChanges.upsert(job);
    if (job.state === 'completed' && job.output && !history.find(job.id)) {
      const entry = {
        jobId: job.id,
        source: job.source,
        output: job.output,
        to: job.to,
        finishedAt: job.updatedAt,
      };
      void history.add(entry).then(() => historyThrottle.push(null));
    }
  }
  function onBatch(summary: BatchSummary): void {
    // The window sees the final state of every job before the batch is announced.
    jobChanges.afterSent(() => {
      emit('batch:finished', summary);
      notices.add(summary);
    });
  }
  function onBalance(value: TokenBalance): void {
    balance = value;
    balanceThrottle.push(value);
  }

  const host = createEngineHost({
    userDataDir,
    stateDir: options.stateDir ?? defaultAppStateDir(userDataDir),
    keys,
    settings: () => settings,
    timing: options.engineTiming,
    attach(engine: Engine) {
      const off = [
        engine.on('job', onJob),
        engine.on('batch', onBatch),
        engine.on('balance', onBalance),
        engine.on('status', (status) => statusThrottle.push(status)),
      ];
      if (engine.journalSetAside) {
        startProblems.push({
          code: 'journal_corrupt',
          message: messageFor('journal_corrupt'),
          details: { keptAt: engine.journalSetAside },
        });
      }
      return () => {
        for (const unsubscribe of off) unsubscribe();
      };
    },
    changed() {
      const engine = host.engine();
      balance = undefined;
      formats = {};
      statusThrottle.push(engineStatus());
      if (engine) {
        // Fill the balance and format list in the background; events tell the window.
        void engine.balance();
        void engine.formats().then((info) => {
          if (info.ok) formats = info.value.conversions;
        });
      }
    },
  });

  function engineStatus(): EngineStatus {
    return host.engine()?.status() ?? NEEDS_KEY_STATUS;
  }

  function engineOrProblem(): Result<Engine> {
    const engine = host.engine();
    if (engine) return ok(engine);
    return fail(host.problem() ?? { code: 'no_api_key', message: messageFor('no_api_key') });
  }

  async function stage(paths: string[]): Promise<Result<StagedBatch>> {
    const engine = engineOrProblem();
    if (!engine.ok) return engine;
    const expanded = await engine.value.expandInputs(paths);
    return expanded.ok ? ok(staging.add(expanded.value)) : expanded;
  }

  async function applySettings(next: Settings): Promise<void> {
    const before = settings;
    settings = next;
    await saveSettings(userDataDir, next);
    emit('settings:changed', next);
    const endpointMoved = JSON.stringify(before.endpoint) !== JSON.stringify(next.endpoint);
    if (
      endpointMoved ||
      before.concurrency !== next.concurrency ||
      before.conflict !== next.conflict ||
      JSON.stringify(before.output) !== JSON.stringify(next.output)
    ) {
      await host.restart();
    }
    if (endpointMoved) emit('key:changed', await keys.status(keyAccountOf(next)));
  }

  async function snapshot(): Promise<AppSnapshot> {
    const engine = host.engine();
    if (engine && Object.keys(formats).length === 0) {
      const info = await engine.formats();
      if (info.ok) formats = info.value.conversions;
    }
    const problems = [
      ...startProblems,
      ...(host.problem() && host.problem()?.code !== 'no_api_key' ? [host.problem()!] : []),
    ];
    return {
      settings,
      key: await keys.status(keyAccountOf(settings)),
      ...(balance ? { balance } : {}),
      engine: engineStatus(),
      jobs: engine?.jobs() ?? [],
      history: history.entries(),
      conversions: formats,
      version,
      ...(problems.length > 0 ? { problems } : {}),
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
    forgetJobs: (jobIds) => {
      for (const jobId of jobIds) jobChanges.remove(jobId);
    },
    verifyKey,
  });

  await host.restart();

  return {
    handlers,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
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
      return {
        running: status.running,
        paused: status.paused,
        ...(balance ? { balance } : {}),
        recent: history.entries().slice(0, 5),
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
    async close() {
      jobChanges.flush();
      notices.flush();
      await host.close();
      jobChanges.flush();
      for (const throttle of [jobChanges, statusThrottle, balanceThrottle, historyThrottle]) throttle.close();
      notices.close();
      await history.written();
    },
  };
}
