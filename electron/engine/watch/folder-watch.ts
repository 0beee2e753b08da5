// One watch rule at work: chokidar reports new and changed files; each file that matches the
// rule waits until it stops changing, is hashed, and unless this rule already took the same
// bytes it is queued. The queue is sent one file at a time, each only if the balance (less
// what our own unsent jobs will take) covers it; otherwise the rule waits for tokens, says so
// once, and looks at the balance again every `balanceRecheckMs`.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { conversionCost, type FormatsInfo, sourceFormatOf } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import { type Failure, fail, ok, type Result } from '../../../shared/result.ts';
import type { WatchRule, WatchState, WatchStatus } from '../../../shared/watch.ts';
import type { TrashFunction } from './after-success.ts';
import { sha256OfFile } from './content-hash.ts';
import { type ConvertedLedger, ledgerKey, openConvertedLedger } from './converted-ledger.ts';
import { type IgnoreScope, isIgnoredPath } from './ignore-rules.ts';
import { moveToTrash } from './os-trash.ts';
import { DEFAULT_STABLE, type FileFacts, readFacts, sameFacts, waitUntilStable } from './stable-file.ts';
import { FolderWatchEmitter, type FolderWatchEventName, type FolderWatchEvents, type SkipReason } from './watch-events.ts';
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
}

export interface FolderWatch {
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

interface Candidate {
  path: string;
  key: string;
  facts: FileFacts;
}

const MAX_RETRIES = 3;

// Refusals that are about the service or the account, not the file: the file keeps its place.
const SERVICE_TROUBLE = new Set(['invalid_api_key', 'network', 'server_error', 'rate_limited', 'protocol']);

export function createFolderWatch(engine: WatchEngine, input: WatchRule, options: FolderWatchOptions): FolderWatch {
  const events = new FolderWatchEmitter();
  const stableWindow = { ...DEFAULT_STABLE, ...options.stable };
  const recheckMs = options.balanceRecheckMs ?? 30_000;
  const retryFailedMs = options.retryFailedMs ?? 60_000;
  let rule: WatchRule = input;
  let state: WatchState = 'stopped';
  let startError: Failure | undefined;
  let paused = input.paused;
  let waiting: { required: number; balance: number } | undefined;
  let reportedError: string | undefined;
  let info: FormatsInfo | undefined;
  let formats = new Set<string>();
  let ledger: ConvertedLedger | undefined;
  let jobs: WatchedJobs | undefined;
  let watcher: FSWatcher | undefined;
  let unsubscribe: (() => void) | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  let pumping: Promise<void> | undefined;
  let skipped = 0;
  const settling = new Map<string, AbortController>();
  const queue: Candidate[] = [];
  const retryTimers = new Set<NodeJS.Timeout>();
  const retries = new Map<string, number>();
  const idleWaiters: (() => void)[] = [];

  const status = (): WatchStatus => ({
    ruleId: rule.id,
    folder: rule.folder,
    to: rule.to,
    state,
    ...(waiting && state === 'waiting-tokens' ? { waiting } : {}),
    settling: settling.size,
    queued: queue.length,
    inFlight: jobs?.active ?? 0,
    converted: jobs?.converted ?? 0,
    failed: jobs?.failed ?? 0,
    skipped,
    ...(startError ? { error: startError } : {}),
  });

  const isIdle = () => settling.size === 0 && queue.length === 0 && (jobs?.active ?? 0) === 0 && !pumping;

  let lastStatus = '';
  const changed = () => {
    if (state === 'watching' || state === 'waiting-tokens' || state === 'paused') {
      state = paused ? 'paused' : waiting ? 'waiting-tokens' : 'watching';
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

  const reportError = (error: Failure, source?: string) => {
    // The same problem met again on each re-check is said once, until something succeeds.
    if (source === undefined && reportedError === error.code) return;
    if (source === undefined) reportedError = error.code;
    events.emit('error', { ruleId: rule.id, error, ...(source ? { source } : {}) });
  };

  const scheduleRecheck = () => {
    if (recheckTimer || state === 'stopped') return;
    recheckTimer = setTimeout(() => {
      recheckTimer = undefined;
      pump();
    }, recheckMs);
  };

  const enterWaiting = (required: number, balance: number) => {
    const first = waiting === undefined;
    waiting = { required, balance };
    if (first) {
      events.emit('paused', {
        ruleId: rule.id,
        reason: 'tokens',
        required,
        balance,
        message: messageFor('watch_waiting_tokens'),
      });
    }
    changed();
    scheduleRecheck();
  };

  const leaveWaiting = () => {
    if (!waiting) return;
    waiting = undefined;
    events.emit('resumed', { ruleId: rule.id, reason: 'tokens' });
    changed();
  };

  /** What this rule can spend now, or undefined (and a re-check planned) when unknown. */
  const available = async (): Promise<number | undefined> => {
    const balance = await engine.balance();
    if (!balance.ok) {
      reportError(balance.error);
      scheduleRecheck();
      return undefined;
    }
    reportedError = undefined;
    return balance.value.tokens - (jobs?.reservedTokens() ?? 0);
  };

  const costOf = (bytes: number) => (info ? conversionCost(info.pricing, bytes, rule.to) : 0);

  /** Sends queued files (and restarts jobs a 402 left pending) while the balance covers them. */
  const sendQueued = async () => {
    while (state !== 'stopped' && !paused && ledger && jobs) {
      const stuck = jobs.pendingJobs()[0];
      const next = stuck ? undefined : queue[0];
      if (!stuck && !next) break;
      if (next) {
        const known = ledger.get(next.key);
        if (known) {
          queue.shift();
          skip(next.path, known.state === 'failed' ? 'failed-before' : known.state === 'cancelled' ? 'cancelled-before' : 'already-converted');
          continue;
        }
        const now = await readFacts(next.path);
        if (typeof now !== 'object' || !sameFacts(now, next.facts)) {
          // Gone, or written again since it was hashed: a changed file is looked at afresh.
          queue.shift();
          if (typeof now === 'object') consider(next.path);
          continue;
        }
      }
      const cost = stuck ? stuck.tokens : costOf(next!.facts.bytes);
      const spendable = await available();
      if (spendable === undefined) return;
      if (spendable < cost) {
        enterWaiting(cost, Math.max(0, spendable));
        return;
      }
      leaveWaiting();
      if (stuck) {
        const restarted = engine.retry(stuck.jobId);
        // Already moving again (the engine resumed it on its own): just follow it.
        if (!restarted.ok) stuck.state = 'queued';
        continue;
      }
      const candidate = queue.shift()!;
      await submit(candidate, cost);
    }
  };

  const submit = async (candidate: Candidate, cost: number) => {
    if (!ledger || !jobs) return;
    // Written before the engine hears of it: a crash in between is resolved by adopt().
    const base = { key: candidate.key, source: candidate.path, facts: candidate.facts };
    try {
      await ledger.put({ ...base, state: 'submitting' });
    } catch (error) {
      queue.unshift(candidate);
      reportError({ code: 'state_unwritable', message: messageFor('state_unwritable'), details: { reason: String(error) } });
      scheduleRecheck();
      return;
    }
    const sent = await engine.submit(
      [{ source: candidate.path, to: rule.to, ...(rule.outDir ? { outDir: rule.outDir } : {}) }],
      { conflict: rule.conflict },
    );
    const jobId = sent.ok ? sent.value.jobIds[0] : undefined;
    if (!sent.ok || !jobId) {
      await ledger.forget(candidate.key).catch(() => undefined);
      if (!sent.ok && sent.error.code === 'insufficient_tokens') {
        queue.unshift(candidate);
        const required = Number(sent.error.details?.required ?? cost);
        const balance = Number(sent.error.details?.balance ?? 0);
        enterWaiting(required, balance);
        return;
      }
      if (!sent.ok && SERVICE_TROUBLE.has(sent.error.code)) {
        // The service, not the file: keep it first in line and look again later.
        queue.unshift(candidate);
        reportError(sent.error);
        scheduleRecheck();
        return;
      }
      const error = sent.ok ? { code: 'internal' as const, message: messageFor('internal') } : sent.error;
      reportError(error, candidate.path);
      return;
    }
    await ledger.put({ ...base, state: 'submitted', jobId }).catch(() => undefined);
    events.emit('taken', {
      ruleId: rule.id,
      source: candidate.path,
      jobId,
      batchId: sent.value.batchId,
      bytes: candidate.facts.bytes,
      tokens: cost,
    });
    jobs.track({ jobId, key: candidate.key, source: candidate.path, facts: candidate.facts, tokens: cost, state: 'queued' });
  };

  const pump = () => {
    if (pumping || state === 'stopped') return;
    pumping = sendQueued()
      .catch((error: unknown) =>
        reportError({ code: 'internal', message: messageFor('internal'), details: { reason: String(error) } }),
      )
      .finally(() => {
        pumping = undefined;
        changed();
        // Work that arrived while this round was busy.
        if (!paused && !waiting && !recheckTimer && (queue.length > 0 || (jobs?.pendingJobs().length ?? 0) > 0)) pump();
      });
  };

  /** Waits for a new or changed file to be complete, then queues it unless already taken. */
  const consider = (path: string) => {
    if (state === 'stopped' || settling.has(path)) return;
    const format = sourceFormatOf(path);
    if (!format || !formats.has(format)) return;
    const controller = new AbortController();
    settling.set(path, controller);
    changed();
    void (async () => {
      for (;;) {
        const outcome = await waitUntilStable(path, { ...stableWindow, signal: controller.signal });
        if (outcome.kind !== 'stable') return;
        if (outcome.facts.bytes === 0) return skip(path, 'empty');
        let hash: string;
        try {
          hash = await sha256OfFile(path);
        } catch {
          return; // gone or unreadable meanwhile: a later event brings it back
        }
        const after = await readFacts(path);
        if (typeof after !== 'object') return;
        if (!sameFacts(after, outcome.facts)) continue; // written while hashing: wait again
        const key = ledgerKey(rule.to, hash);
        const known = ledger?.get(key);
        if (known) {
          const reason = known.state === 'failed' ? 'failed-before' : known.state === 'cancelled' ? 'cancelled-before' : 'already-converted';
          return skip(path, reason);
        }
        if (queue.some((item) => item.key === key)) return skip(path, 'already-converted');
        queue.push({ path, key, facts: outcome.facts });
        pump();
        return;
      }
    })().finally(() => {
      if (settling.get(path) === controller) settling.delete(path);
      changed();
    });
  };

  const retryLater = (source: string) => {
    const tries = (retries.get(source) ?? 0) + 1;
    retries.set(source, tries);
    if (tries > MAX_RETRIES) return;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      consider(source);
    }, retryFailedMs);
    retryTimers.add(timer);
  };

  const startWatcher = async (scope: IgnoreScope): Promise<void> => {
    const fsWatcher = watch(rule.folder, {
      ignoreInitial: false,
      ...(rule.recursive ? {} : { depth: 0 }),
      ...(options.polling ? { backend: 'polling' as const } : {}),
      ignorePermissionErrors: true,
      ignored: (path: string) => isIgnoredPath(scope, path),
    });
    watcher = fsWatcher;
    fsWatcher.on('add', (path) => consider(resolve(path)));
    fsWatcher.on('change', (path) => consider(resolve(path)));
    fsWatcher.on('unlink', (path) => settling.get(resolve(path))?.abort());
    fsWatcher.on('unlinkDir', (path) => {
      if (resolve(path) === rule.folder) {
        reportError({ code: 'watch_folder_missing', message: messageFor('watch_folder_missing'), details: { folder: rule.folder } });
      }
    });
    fsWatcher.on('error', (error) =>
      reportError({ code: 'watch_folder_missing', message: messageFor('watch_folder_missing'), details: { reason: String(error) } }),
    );
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
      return rule;
    },
    async start() {
      if (state !== 'stopped' && state !== 'error') return ok(undefined);
      state = 'starting';
      startError = undefined;
      changed();
      const folder = await checkWatchedFolder(input.folder);
      if (!folder.ok) return failStart(folder.error);
      const outDir = input.outDir ? await realpath(input.outDir).catch(() => resolve(input.outDir!)) : undefined;
      rule = { ...input, folder: folder.value, ...(outDir ? { outDir } : {}) };
      const formatsInfo = await engine.formats();
      if (!formatsInfo.ok) return failStart(formatsInfo.error);
      info = formatsInfo.value;
      const taken = sourceFormatsFor(rule, info);
      if (!taken.ok) return failStart(taken.error);
      formats = taken.value;
      const opened = await openConvertedLedger(options.stateDir, rule.id);
      if (!opened.ok) return failStart(opened.error);
      ledger = opened.value;
      jobs = new WatchedJobs({
        engine,
        ledger,
        rule,
        trash: options.trash ?? ((path) => moveToTrash(path)),
        events,
        changed,
        retryLater,
      });
      unsubscribe = engine.on('job', (view) => jobs?.onJob(view));
      await jobs.adopt();
      state = paused ? 'paused' : 'watching';
      await startWatcher({ root: rule.folder, excluded: excludedFolders(rule.folder, rule.outDir) });
      changed();
      pump();
      return ok(undefined);
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      for (const controller of settling.values()) controller.abort();
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      if (recheckTimer) clearTimeout(recheckTimer);
      recheckTimer = undefined;
      await watcher?.close();
      watcher = undefined;
      await pumping;
      unsubscribe?.();
      await jobs?.settled();
      await ledger?.close();
      ledger = undefined;
      queue.length = 0;
      waiting = undefined;
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
      pump();
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
