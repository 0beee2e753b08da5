// One handler per invoke channel of shared/ipc/contract.ts, over the real engine. Main adapts
// these to ipcMain; the e2e tests call the very same functions through their bridge.
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkEndpointUrl } from '../../shared/endpoint-url.ts';
import type { InvokeHandlers } from '../../shared/ipc/dispatch.ts';
import type { AppSnapshot, KeyStatus, Settings, StagedBatch, StagedFile } from '../../shared/ipc/contract.ts';
import { type ErrorCode, messageFor } from '../../shared/messages.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { mayOpenResult } from '../../shared/result-open.ts';
import type { BatchCaps, Engine } from '../engine/index.ts';
import { cloudUrlOf, DEFAULT_CLOUD_URL, patchSettings, sanitizeFileName } from '../engine/index.ts';
import { t } from '../../shared/i18n/index.ts';
import { combineIntoPdf } from './combine-pdf.ts';
import type { ApiKeys } from './api-key.ts';
import type { History } from './history.ts';
import type { PlatformAdapters } from './platform.ts';
import type { Staging } from './staging.ts';
import type { InvoiceHandlers } from './invoice-desk.ts';
import type { WatchHandlers } from './watch-folders.ts';
import type { SpendHandlers } from './spend-desk.ts';

/** What the handlers need from the service that owns them. */
export interface HandlerContext {
  platform: PlatformAdapters;
  keys: ApiKeys;
  staging: Staging;
  history: History;
  /** The running engine, after any endpoint switch under way has finished. */
  engine(): Promise<Result<Engine>>;
  settings(): Settings;
  /** Saves, tells the window, and restarts the engine if the endpoint or concurrency moved. */
  applySettings(next: Settings): Promise<void>;
  snapshot(): Promise<AppSnapshot>;
  stage(paths: string[]): Promise<Result<StagedBatch>>;
  /** After a key was saved or removed: tell the window and the engine. */
  keyChanged(status: KeyStatus, key?: string): Promise<void>;
  /** "Try again" on a keychain that did not answer: read it again, tell the window. */
  retryKeychain(): Promise<KeyStatus>;
  forgetJobs(jobIds: string[]): void;
  /** A combine's parts batch: no History entries or notification of its own. */
  combineParts(batchId: string): void;
  verifyKey(url: string, key: string): Promise<Result<{ tokens: number }>>;
  /** Settings -> Watch folders (watch-folders.ts). */
  watchFolders: WatchHandlers;
  /** The Invoices view and Settings -> Invoice ledger (invoice-desk.ts). */
  invoices: InvoiceHandlers;
  /** "Restart to update" (updates/update-checks.ts). */
  updates: Pick<InvokeHandlers, 'update:restart'>;
  /** The spend caps a new batch is checked against (spend-desk.ts); undefined: none. */
  spendCaps(engine: Engine): BatchCaps | undefined;
  /** History -> Spending (spend-desk.ts). */
  spend: SpendHandlers;
}

const failWith = (code: ErrorCode, details?: Record<string, unknown>) =>
  fail({ code, message: messageFor(code), ...(details ? { details } : {}) });

const capsOf = (caps: BatchCaps | undefined) => (caps ? { caps } : {});

/** Staged files of a started batch that did not become one of its jobs. */
function leftOutOf(
  engine: Engine,
  jobIds: string[],
  items: { stageId: string }[],
  files: StagedFile[],
): string[] {
  const ids = new Set(jobIds);
  const sent = new Set(engine.jobs().flatMap((job) => (ids.has(job.id) ? [job.source] : [])));
  return items.flatMap((item, index) => (sent.has(files[index]!.path) ? [] : [item.stageId]));
}

/** The endpoint whose key the person manages: the cloud one, even while working offline. */
export function keyAccountOf(settings: Settings): string {
  return cloudUrlOf(settings) ?? DEFAULT_CLOUD_URL;
}

export function createHandlers(ctx: HandlerContext): InvokeHandlers {
  function staged(stageIds: string[]): Result<StagedFile[]> {
    const files = stageIds.map((stageId) => ctx.staging.get(stageId));
    if (files.some((file) => file === undefined)) return failWith('stage_expired');
    return ok(files as StagedFile[]);
  }

  async function outputOf(jobId: string): Promise<Result<string>> {
    const fromEngine = await ctx.engine();
    const job = fromEngine.ok
      ? fromEngine.value.jobs().find((candidate) => candidate.id === jobId)
      : undefined;
    const output = job?.output ?? ctx.history.find(jobId)?.output;
    if (!output) return failWith('no_result');
    if (!existsSync(output)) return failWith('file_missing');
    return ok(output);
  }

  async function withEngine<T>(run: (engine: Engine) => Promise<Result<T>> | Result<T>): Promise<Result<T>> {
    const engine = await ctx.engine();
    return engine.ok ? run(engine.value) : engine;
  }

  /** The last combined PDF, for its "Show in folder" (the page never names a path). */
  let lastCombined: string | undefined;

  return {
    'app:snapshot': async () => ok(await ctx.snapshot()),
    'files:stageDropped': ({ paths }) => ctx.stage(paths),
    'files:browse': async () => {
      const paths = await ctx.platform.chooseFiles();
      if (!paths || paths.length === 0) return ok({ files: [], skipped: [] });
      return ctx.stage(paths);
    },
    'batch:estimate': ({ items }) =>
      withEngine(async (engine) => {
        const files = staged(items.map((item) => item.stageId));
        if (!files.ok) return files;
        const sources = items.map((item, index) => ({ source: files.value[index]!.path, to: item.to }));
        const estimate = await engine.estimate(sources, ctx.spendCaps(engine));
        if (!estimate.ok) return estimate;
        const { costs: perItem, ...totals } = estimate.value;
        const costs: Record<string, number> = {};
        const gone: string[] = [];
        items.forEach((item, index) => {
          const cost = perItem[index];
          if (typeof cost === 'number') costs[item.stageId] = cost;
          else gone.push(item.stageId);
        });
        return ok({ ...totals, offline: ctx.settings().endpoint.kind === 'local', costs, gone });
      }),
    'batch:start': ({ items, partial }) =>
      withEngine(async (engine) => {
        const files = staged(items.map((item) => item.stageId));
        if (!files.ok) return files;
        const settings = ctx.settings();
        const outDir = settings.output.kind === 'folder' ? settings.output.path : undefined;
        const caps = ctx.spendCaps(engine);
        const started = await engine.submit(
          items.map((item, index) => ({
            source: files.value[index]!.path,
            to: item.to,
            ...(outDir ? { outDir } : {}),
          })),
          { partial, conflict: settings.conflict, ...capsOf(caps) },
        );
        if (!started.ok) return started;
        // Files a spending limit kept out of a trimmed batch stay staged, for later.
        const leftOut = caps && partial ? leftOutOf(engine, started.value.jobIds, items, files.value) : [];
        ctx.staging.release(
          items.map((item) => item.stageId).filter((stageId) => !leftOut.includes(stageId)),
        );
        const skipped = started.value.skipped.map(({ source, reason }) => ({
          name: basename(source),
          path: source,
          reason,
        }));
        // Remember each source format's last target: it is preselected next time.
        const defaultTargets = { ...settings.defaultTargets };
        items.forEach((item, index) => {
          defaultTargets[files.value[index]!.from] = item.to;
        });
        if (JSON.stringify(defaultTargets) !== JSON.stringify(settings.defaultTargets)) {
          await ctx.applySettings({ ...settings, defaultTargets });
        }
        return ok({
          batchId: started.value.batchId,
          jobIds: started.value.jobIds,
          skipped,
          ...(leftOut.length > 0 ? { leftOut } : {}),
        });
      }),
    'combine:start': ({ stageIds, name }) =>
      withEngine(async (engine) => {
        const files = staged(stageIds);
        if (!files.ok) return files;
        const target = await ctx.platform.chooseSaveFile?.(
          sanitizeFileName(name, 'Combined.pdf'),
          t('desktop.dialog.saveCombined'),
        );
        if (!target) return ok(undefined);
        const combined = await combineIntoPdf(
          engine,
          files.value.map((file) => file.path),
          target,
          { partsStarted: ctx.combineParts, partsDone: ctx.forgetJobs },
        );
        if (!combined.ok) return combined;
        ctx.staging.release(stageIds);
        lastCombined = combined.value.path;
        return combined;
      }),
    'combine:showResult': async () => {
      if (!lastCombined) return failWith('no_result');
      if (!existsSync(lastCombined)) return failWith('file_missing');
      ctx.platform.showInFolder(lastCombined);
      return ok(undefined);
    },
    'jobs:cancel': ({ jobId }) => withEngine((engine) => engine.cancel(jobId)),
    'jobs:retry': ({ jobId }) =>
      withEngine((engine) => {
        // A stalled job was charged and may still finish: ask again, never send it again.
        const job = engine.jobs().find((candidate) => candidate.id === jobId);
        return job?.state === 'stalled' ? engine.checkAgain(jobId) : engine.retry(jobId);
      }),
    'jobs:remove': ({ jobId }) =>
      withEngine((engine) => {
        const removed = engine.remove(jobId);
        if (removed.ok) ctx.forgetJobs([jobId]);
        return removed;
      }),
    'jobs:clearFinished': () =>
      withEngine((engine) => {
        // Failed files stay until dismissed one by one: they still need the person's look.
        const finished = engine
          .jobs()
          .filter((job) => job.state === 'completed' || job.state === 'cancelled');
        const removed = finished.filter((job) => engine.remove(job.id).ok).map((job) => job.id);
        ctx.forgetJobs(removed);
        return ok({ removed: removed.length });
      }),
    'queue:pause': () =>
      withEngine((engine) => {
        engine.pause();
        return ok(undefined);
      }),
    'queue:resume': () =>
      withEngine((engine) => {
        engine.resume();
        return ok(undefined);
      }),
    'result:showInFolder': async ({ jobId }) => {
      const output = await outputOf(jobId);
      if (!output.ok) return output;
      ctx.platform.showInFolder(output.value);
      return ok(undefined);
    },
    'result:open': async ({ jobId }) => {
      const output = await outputOf(jobId);
      if (!output.ok) return output;
      // Only a plain file the engine wrote, and never one that would run as a program.
      const info = await lstat(output.value).catch(() => undefined);
      if (!info?.isFile()) return failWith('file_missing');
      if (!mayOpenResult(output.value)) return failWith('open_refused');
      const problem = await ctx.platform.openPath(output.value);
      return problem ? failWith('open_failed', { reason: problem }) : ok(undefined);
    },
    'balance:refresh': () => withEngine((engine) => engine.balance()),
    'settings:update': async ({ patch }) => {
      // The page may ask for a service address; main decides whether the key may go there.
      if (patch.endpoint?.kind === 'cloud' && patch.endpoint.url !== undefined) {
        const verdict = checkEndpointUrl(patch.endpoint.url);
        if (verdict === 'not_https') return failWith('endpoint_not_https');
        if (verdict === 'invalid') return failWith('endpoint_invalid');
      }
      const next = patchSettings(ctx.settings(), patch);
      if (!next.ok) return next;
      await ctx.applySettings(next.value);
      return ok(ctx.settings());
    },
    'settings:chooseOutputFolder': async () => {
      const folder = await ctx.platform.chooseFolder('output');
      if (folder) await ctx.applySettings({ ...ctx.settings(), output: { kind: 'folder', path: folder } });
      return ok(ctx.settings());
    },
    'key:set': async ({ key, sessionOnly }) => {
      const account = keyAccountOf(ctx.settings());
      const verified = await ctx.verifyKey(account, key);
      if (!verified.ok) return verified;
      const saved = await ctx.keys.save(account, key, sessionOnly);
      if (saved.ok) await ctx.keyChanged(saved.value, key);
      return saved;
    },
    'key:test': async ({ key }) => {
      const account = keyAccountOf(ctx.settings());
      const candidate = key ?? (await ctx.keys.resolve(account))?.key;
      if (!candidate) return failWith('no_api_key');
      return ctx.verifyKey(account, candidate);
    },
    'key:retry': async () => ok(await ctx.retryKeychain()),
    'key:remove': async () => {
      const removed = await ctx.keys.remove(keyAccountOf(ctx.settings()));
      if (removed.ok) await ctx.keyChanged(removed.value);
      return removed;
    },
    ...ctx.watchFolders,
    ...ctx.invoices,
    ...ctx.updates,
    ...ctx.spend,
  };
}
