// One watch rule at work. chokidar reports new and changed files (the initial scan included,
// so files that arrived while nothing was watching are found); arrivals.ts waits for each to
// be complete and hashes it; send-queue.ts sends it when the balance allows; watched-jobs.ts
// follows each job to its end and deals with the original. The "already converted" ledger
// ties them together across restarts.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { type Clock, systemClock } from '../../../shared/clock.ts';
import { sourceFormatOf } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import { type Failure, fail, ok, type Result } from '../../../shared/result.ts';
import type { WatchRule, WatchState, WatchStatus } from '../../../shared/watch.ts';
import type { TrashFunction } from './after-success.ts';
import { Arrivals } from './arrivals.ts';
import { type ConvertedLedger, ledgerKey, openConvertedLedger } from './converted-ledger.ts';
import { isIgnoredPath } from './ignore-rules.ts';
import { moveToTrash } from './os-trash.ts';
import { SendQueue } from './send-queue.ts';
import { DEFAULT_STABLE } from './stable-file.ts';
import {
  FolderWatchEmitter,
  type FolderWatchEventName,
  type FolderWatchEvents,
  type SkipReason,
} from './watch-events.ts';
import { type WatchEngine, WatchedJobs } from './watched-jobs.ts';
import { checkWatchedFolder, excludedFolders, sourceFormatsFor } from './watch-rule.ts';

export interface FolderWatchOptions {
  /** The engine's state folder: the "already converted" memory lives in `<stateDir>/watch/`. */
  stateDir: string;
  /** How long a file must stay unchanged before it is taken (default 1000 ms, polled every 250 ms). */
  stable?: { windowMs?: number; pollMs?: number };
  /** While waiting for tokens (or for the service), how often to look again (default 30 s). */
  balanceRecheckMs?: number;
  /** After a failure that was not the file's fault, when to take it again (default 60 s; 3 tries). */
  retryFailedMs?: number;
  /** Moves a file to the OS trash. Desktop: Electron's shell.trashItem. Default: os-trash.ts. */
  trash?: TrashFunction;
  /** chokidar's stat polling instead of native events (network shares). */
  polling?: boolean;
  /** The watch's time (settling, token re-checks, retries): the system clock unless a test
   *  hands one it controls, as with the engine's own `clock` option. */
  clock?: Clock;
}

export interface FolderWatch {
  /** The rule as running (after start, `folder` is the folder's real path). */
  readonly rule: WatchRule;
  /** Starts watching; fails (and does nothing) if the folder or the formats do not work out. */
  start(): Promise<Result<void>>;
  /** Stops watching. Jobs already sent stay with the engine; the next start follows them again. */
  stop(): Promise<void>;
  /** The person's pause: files are still noticed, nothing is sent until resume(). */
  pause(): void;
  resume(): void;
  status(): WatchStatus;
  on<K extends FolderWatchEventName>(event: K, listener: (payload: FolderWatchEvents[K]) => void): () => void;
  /** Resolves when nothing is being written, queued, sent or finished (tests, scripts). */
  idle(): Promise<void>;
}

const MAX_RETRIES = 3;
// Each settling file polls stat and is then read whole for its hash; a first scan of a folder
// with thousands of files takes them this many at a time.
const MAX_SETTLING = 32;

export function createFolderWatch(
  engine: WatchEngine,
  input: WatchRule,
  options: FolderWatchOptions,
): FolderWatch {
  const events = new FolderWatchEmitter();
  let rule: WatchRule = input;
  let state: WatchState = 'stopped';
  let startError: Failure | undefined;
  let paused = input.paused;
  let reportedError: string | undefined;
  let formats = new Set<string>();
  let ledger: ConvertedLedger | undefined;
  let jobs: WatchedJobs | undefined;
  let queue: SendQueue | undefined;
  let watcher: FSWatcher | undefined;
  let unsubscribe: (() => void) | undefined;
  let skipped = 0;
  const idleWaiters: (() => void)[] = [];

  const status = (): WatchStatus => ({
    ruleId: rule.id,
    folder: rule.folder,
    to: rule.to,
    state,
    ...(queue?.waiting && state === 'waiting-tokens' ? { waiting: queue.waiting } : {}),
    settling: arrivals.size,
    queued: queue?.length ?? 0,
    inFlight: jobs?.active ?? 0,
    converted: jobs?.converted ?? 0,
    failed: jobs?.failed ?? 0,
    skipped,
    ...(startError ? { error: startError } : {}),
  });

  const isIdle = () => arrivals.size === 0 && !queue?.length && !queue?.busy && !jobs?.active;

  let lastStatus = '';
  const changed = () => {
    if (state === 'watching' || state === 'waiting-tokens' || state === 'paused') {
      state = paused ? 'paused' : queue?.waiting ? 'waiting-tokens' : 'watching';
    }
    const now = status();
    const text = JSON.stringify(now);
    if (text !== lastStatus) {
      lastStatus = text;
      events.emit('status', now);
    }
    if (isIdle() || state === 'stopped') for (const wake of idleWaiters.splice(0)) wake();
  };

  const skip = (source: string, reason: SkipReason) => {
    skipped += 1;
    events.emit('skipped', { ruleId: rule.id, source, reason });
  };

  const report = (error: Failure, source?: string) => {
    // The same problem met again on each re-check is said once, until the service answers.
    if (source === undefined && reportedError === error.code) return;
    if (source === undefined) reportedError = error.code;
    events.emit('error', { ruleId: rule.id, error, ...(source ? { source } : {}) });
  };

  const alreadyHandled = (key: string): SkipReason | undefined => {
    const known = ledger?.get(key);
    if (!known) return undefined;
    if (known.state === 'failed') return 'failed-before';
    if (known.state === 'cancelled') return 'cancelled-before';
    return 'already-converted';
  };

  const clock = options.clock ?? systemClock;
  const arrivals: Arrivals = new Arrivals({
    stable: { ...DEFAULT_STABLE, ...options.stable },
    clock,
    maxConcurrent: MAX_SETTLING,
    unchanged: (path, facts) => ledger?.unchangedSince(path, facts) !== undefined,
    wants: (path) => {
      const format = sourceFormatOf(path);
      return format !== undefined && formats.has(format);
    },
    keyFor: (hash) => ledgerKey(rule.to, hash),
    alreadyHandled: (key) => alreadyHandled(key) ?? (queue?.has(key) ? 'already-converted' : undefined),
    complete: (candidate) => queue?.push(candidate),
    skip,
    changed,
  });

  const folderMissing = (details: Record<string, unknown>) =>
    report({ code: 'watch_folder_missing', message: messageFor('watch_folder_missing'), details });

  const startWatcher = async (): Promise<void> => {
    const scope = { root: rule.folder, excluded: excludedFolders(rule.folder, rule.outDir) };
    const fsWatcher = watch(rule.folder, {
      ignoreInitial: false,
      ...(rule.recursive ? {} : { depth: 0 }),
      ...(options.polling ? { backend: 'polling' as const } : {}),
      ignorePermissionErrors: true,
      ignored: (path: string) => isIgnoredPath(scope, path),
    });
    watcher = fsWatcher;
    fsWatcher.on('add', (path) => arrivals.consider(resolve(path)));
    fsWatcher.on('change', (path) => arrivals.consider(resolve(path)));
    fsWatcher.on('unlink', (path) => arrivals.forget(resolve(path)));
    fsWatcher.on('unlinkDir', (path) => {
      if (resolve(path) === rule.folder) folderMissing({ folder: rule.folder });
    });
    fsWatcher.on('error', (error) => folderMissing({ folder: rule.folder, reason: String(error) }));
    await new Promise<void>((ready) => fsWatcher.once('ready', () => ready()));
  };

  const failStart = (error: Failure): Result<never> => {
    state = 'error';
    startError = error;
    changed();
    return fail(error);
  };

  return {
    get rule() {
      return { ...rule, paused };
    },
    async start() {
      if (state !== 'stopped' && state !== 'error') return ok(undefined);
      state = 'starting';
      startError = undefined;
      changed();
      const folder = await checkWatchedFolder(input.folder);
      if (!folder.ok) return failStart(folder.error);
      const outDir = input.outDir
        ? await realpath(input.outDir).catch(() => resolve(input.outDir!))
        : undefined;
      rule = { ...input, folder: folder.value, ...(outDir ? { outDir } : {}) };
      const info = await engine.formats();
      if (!info.ok) return failStart(info.error);
      const taken = sourceFormatsFor(rule, info.value);
      if (!taken.ok) return failStart(taken.error);
      formats = taken.value;
      const opened = await openConvertedLedger(options.stateDir, rule.id);
      if (!opened.ok) return failStart(opened.error);
      ledger = opened.value;
      const retryFailedMs = options.retryFailedMs ?? 60_000;
      jobs = new WatchedJobs({
        engine,
        ledger,
        rule,
        trash: options.trash ?? ((path) => moveToTrash(path)),
        events,
        changed,
        pendingAgain: () => queue?.pump(),
        pastTokenCheck: (jobId) => queue?.pastTokenCheck(jobId),
        retryLater: (source) => arrivals.retryLater(source, retryFailedMs, MAX_RETRIES),
      });
      queue = new SendQueue({
        engine,
        rule,
        ledger,
        jobs,
        pricing: info.value.pricing,
        recheckMs: options.balanceRecheckMs ?? 30_000,
        clock,
        events,
        mayRun: () => !paused && state !== 'stopped',
        alreadyHandled,
        skip,
        reconsider: (path) => arrivals.consider(path),
        report,
        serviceOk: () => {
          reportedError = undefined;
        },
        changed,
      });
      const tracked = jobs;
      unsubscribe = engine.on('job', (view) => tracked.onJob(view));
      await jobs.adopt();
      arrivals.open();
      state = paused ? 'paused' : 'watching';
      await startWatcher();
      changed();
      queue.pump();
      return ok(undefined);
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      arrivals.stop();
      await watcher?.close();
      watcher = undefined;
      await queue?.close();
      unsubscribe?.();
      await jobs?.settled();
      await ledger?.close();
      ledger = undefined;
      changed();
    },
    pause() {
      if (paused) return;
      paused = true;
      events.emit('paused', { ruleId: rule.id, reason: 'user' });
      changed();
    },
    resume() {
      if (!paused) return;
      paused = false;
      events.emit('resumed', { ruleId: rule.id, reason: 'user' });
      changed();
      queue?.pump();
    },
    status,
    on: (event, listener) => events.on(event, listener),
    async idle() {
      for (;;) {
        if (isIdle() || state === 'stopped') {
          await jobs?.settled();
          if (isIdle() || state === 'stopped') return;
        }
        await new Promise<void>((wake) => idleWaiters.push(wake));
      }
    },
  };
}
