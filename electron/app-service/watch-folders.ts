// Watch folders in the desktop: the rules (electron/engine/watch) run on whichever engine the
// host has, their list goes to the window as 'watch:changed' and to the tray, a rule that
// stops for tokens is told once as a notification, and the Settings -> Watch folders
// channels are answered here. Watched files are ordinary engine jobs, so the queue and the
// history show them without anything added; only their per-file batch notifications are held.
import { dirname } from 'node:path';
import type { InvokeHandlers } from '../../shared/ipc/dispatch.ts';
import { messageFor } from '../../shared/messages.ts';
import { t } from '../../shared/i18n/index.ts';
import { type Failure, fail, ok, type Result } from '../../shared/result.ts';
import type { WatchFolderEntry } from '../../shared/watch.ts';
import type { BatchCaps, Engine } from '../engine/index.ts';
import {
  type FolderWatchOptions,
  openWatchSet,
  surveyFolder,
  type WatchEngine,
  type WatchSet,
} from '../engine/watch/index.ts';
import type { EventBus } from './event-bus.ts';
import { createLatestThrottle } from './event-coalescer.ts';
import type { PlatformAdapters } from './platform.ts';

/** Timings a test may shorten (how long a file must rest, how often the balance is re-read),
 *  and the clock they run on (one a test moves, to let a re-check come when it says). */
export type WatchTiming = Pick<
  FolderWatchOptions,
  'stable' | 'balanceRecheckMs' | 'retryFailedMs' | 'polling' | 'clock'
>;

export interface WatchFoldersOptions {
  /** Where the list of rules is kept (userData). */
  rulesDir: string;
  /** The engine's state folder; each rule's "already converted" memory lives under it. */
  stateDir: string;
  platform: PlatformAdapters;
  bus: EventBus;
  /** Spacing of 'watch:changed' events. */
  intervalMs: number;
  /** Jobs sent by rules with "Add invoices to the ledger" (their results become invoices). */
  onInvoiceJobs?: (jobs: { jobId: string; source: string }[]) => void;
  /** Spend caps each watched file is checked against (the monthly one; spend-desk.ts). */
  caps?: (engine: Engine) => BatchCaps | undefined;
  timing?: WatchTiming;
}

type WatchChannel =
  | 'watch:list'
  | 'watch:add'
  | 'watch:pickFolder'
  | 'watch:update'
  | 'watch:chooseFolder'
  | 'watch:chooseOutputFolder'
  | 'watch:pause'
  | 'watch:resume'
  | 'watch:remove';
export type WatchHandlers = Pick<InvokeHandlers, WatchChannel>;

export interface WatchFolders {
  handlers: WatchHandlers;
  list(): WatchFolderEntry[];
  /** Runs every rule on `engine`; undefined (no key yet, or switching) keeps the rules idle. */
  setEngine(engine: Engine | undefined): Promise<void>;
  /** True for a batch a watch folder sent (no OS notification per watched file). */
  quietBatch(batchId: string): boolean;
  /** "Watching 2 folders" (or paused, or waiting for tokens); undefined without rules. */
  trayLine(): string | undefined;
  watchingCount(): number;
  /** Sends what is held back to the window (before quitting). */
  flush(): void;
  close(): Promise<void>;
}

export const TOKENS_NOTICE_TITLE = (): string => t('desktop.notice.watchOnHold');

/** After a notice about tokens, how long another one stays unsaid. A rule's balance check can
 *  see tokens come back for a moment (a result charged just after the balance was read), resume
 *  and run dry again; that is still the same hold, and the tray line already says it. */
const TOKENS_NOTICE_QUIET_MS = 10 * 60 * 1000;

// Enough to recognise every watched batch still finishing; older ids are forgotten.
const REMEMBERED_BATCHES = 10_000;

export async function openWatchFolders(options: WatchFoldersOptions): Promise<WatchFolders> {
  const { platform, bus } = options;
  const set: WatchSet = await openWatchSet(undefined, {
    rulesDir: options.rulesDir,
    stateDir: options.stateDir,
    ...options.timing,
    ...(platform.trashItem ? { trash: (path: string) => platform.trashItem!(path) } : {}),
  });
  const watchedBatches = new Set<string>();
  /** A folder that went away while watched: the rule still runs, but can take nothing. */
  const missing = new Map<string, Failure>();

  const list = (): WatchFolderEntry[] =>
    set.list().map((entry) => {
      const problem = missing.get(entry.rule.id);
      return problem && !entry.status.error
        ? { ...entry, status: { ...entry.status, error: problem } }
        : entry;
    });
  const changes = createLatestThrottle<null>(options.intervalMs, () => bus.emit('watch:changed', list()));
  let closed = false;
  const changed = () => {
    if (!closed) changes.push(null);
  };

  set.on('status', (status) => {
    // A (re)start looks at the folder again; a missing one then shows as a start error.
    if (status.state === 'starting' || status.state === 'stopped') missing.delete(status.ruleId);
    changed();
  });
  set.on('error', (event) => {
    if (event.source !== undefined || event.error.code !== 'watch_folder_missing') return;
    missing.set(event.ruleId, event.error);
    changed();
  });
  let toldTokensAt = Number.NEGATIVE_INFINITY;
  set.on('paused', (event) => {
    if (event.reason !== 'tokens') return;
    // Told once: a second rule running dry while the first still waits adds nothing new, nor
    // does a rule pausing again soon after the last notice.
    const othersWaiting = set
      .list()
      .some((entry) => entry.rule.id !== event.ruleId && entry.status.state === 'waiting-tokens');
    if (othersWaiting || Date.now() - toldTokensAt < TOKENS_NOTICE_QUIET_MS) return;
    toldTokensAt = Date.now();
    platform.notify(TOKENS_NOTICE_TITLE(), event.message);
  });

  /** The rule a watched file came from has the invoices option on. */
  const invoiceRuleFor = (source: string, to: string): boolean =>
    set
      .list()
      .some(
        (entry) =>
          entry.rule.invoices === true &&
          entry.rule.to === to &&
          (source.startsWith(`${entry.rule.folder}/`) || source.startsWith(`${entry.rule.folder}\\`)),
      );

  // The engine as the watches see it: every batch they submit is remembered on the way back,
  // before the job can finish, so its notification is held without any race.
  const watching = (engine: Engine): WatchEngine => ({
    on: (event, listener) => engine.on(event, listener),
    jobs: () => engine.jobs(),
    formats: () => engine.formats(),
    balance: () => engine.balance(),
    retry: (jobId) => engine.retry(jobId),
    async submit(items, submitOptions) {
      // A rule without its own results folder saves next to each original (as `ifc watch`
      // does), not in the folder Settings gives dropped files.
      const placed = items.map((item) => (item.outDir ? item : { ...item, outDir: dirname(item.source) }));
      const caps = options.caps?.(engine);
      const sent = await engine.submit(placed, { ...submitOptions, ...(caps ? { caps } : {}) });
      if (sent.ok) {
        const jobIds = sent.value.jobIds;
        const invoiceJobs = placed.flatMap((item, index) =>
          jobIds[index] !== undefined && invoiceRuleFor(item.source, item.to)
            ? [{ jobId: jobIds[index]!, source: item.source }]
            : [],
        );
        if (invoiceJobs.length > 0) options.onInvoiceJobs?.(invoiceJobs);
        watchedBatches.add(sent.value.batchId);
        if (watchedBatches.size > REMEMBERED_BATCHES) {
          watchedBatches.delete(watchedBatches.values().next().value!);
        }
      }
      return sent;
    },
  });

  const known = (id: string): Result<void> =>
    set.list().some((entry) => entry.rule.id === id)
      ? ok(undefined)
      : fail({ code: 'not_found', message: messageFor('not_found') });

  /** Every change answers with the entry as it now is, and tells the window and the tray. */
  const after = <T>(result: Result<T>): Result<T> => {
    changed();
    return result;
  };
  const withStatus = (result: Result<WatchFolderEntry>): Result<WatchFolderEntry> =>
    result.ok ? ok(list().find((entry) => entry.rule.id === result.value.rule.id) ?? result.value) : result;

  /** The folder "Add folder…" last chose (main's picker): the page never sends a path. */
  let picked: string | undefined;

  const handlers: WatchHandlers = {
    'watch:list': async () => ok(list()),
    'watch:pickFolder': async () => {
      const folder = await platform.chooseFolder('watch');
      if (!folder) return ok(undefined);
      const survey = await surveyFolder(folder);
      if (survey.ok) picked = survey.value.folder;
      return survey;
    },
    'watch:add': async ({ settings, chosen, existing }) => {
      const folder = chosen ? picked : await platform.chooseFolder('watch');
      if (!folder) {
        return chosen
          ? fail({ code: 'watch_not_chosen', message: messageFor('watch_not_chosen') })
          : ok(undefined);
      }
      const added = await set.add({ ...settings, folder }, existing ? { existing } : undefined);
      if (added.ok && chosen) picked = undefined;
      return after(withStatus(added));
    },
    'watch:update': async ({ id, settings }) => after(withStatus(await set.update(id, settings))),
    'watch:chooseFolder': async ({ id }) => {
      const exists = known(id);
      if (!exists.ok) return exists;
      const folder = await platform.chooseFolder('watch');
      if (!folder) return ok(undefined);
      return after(withStatus(await set.update(id, { folder })));
    },
    'watch:chooseOutputFolder': async ({ id, clear }) => {
      const exists = known(id);
      if (!exists.ok) return exists;
      if (clear) return after(withStatus(await set.update(id, { outDir: undefined })));
      const folder = await platform.chooseFolder('output');
      if (!folder) return ok(undefined);
      return after(withStatus(await set.update(id, { outDir: folder })));
    },
    'watch:pause': async ({ id }) => after(withStatus(await set.pause(id))),
    'watch:resume': async ({ id }) => {
      const resumed = await set.resume(id);
      if (!resumed.ok || !missing.has(id)) return after(withStatus(resumed));
      // The folder went away while watched: starting the rule afresh looks for it again.
      return after(withStatus(await set.update(id, {})));
    },
    'watch:remove': async ({ id }) => {
      const removed = await set.remove(id);
      if (removed.ok) missing.delete(id);
      return after(removed);
    },
  };

  return {
    handlers,
    list,
    setEngine: (engine) => set.setEngine(engine ? watching(engine) : undefined),
    quietBatch: (batchId) => watchedBatches.has(batchId),
    trayLine: () => set.trayLine(),
    watchingCount: () => set.watchingCount(),
    flush: () => changes.flush(),
    async close() {
      await set.close();
      changes.flush();
      changes.close();
      closed = true;
    },
  };
}
