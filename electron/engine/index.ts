// The engine's public entry: `createEngine` takes the state-dir lock, loads the journal and
// wires the parts together. The desktop main process and `ifc` use only what is exported here.
import { systemClock } from '../../shared/clock.ts';
import { messageFor } from '../../shared/messages.ts';
import type { Result } from '../../shared/result.ts';
import { fail, ok } from '../../shared/result.ts';
import { ApiClient } from './api/api-client.ts';
import { Engine } from './engine.ts';
import type { EngineOptions } from './engine-types.ts';
import { EngineEmitter } from './events.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { JobStore } from './jobs/job-store.ts';
import { loadJournal } from './journal/journal.ts';
import { Lane } from './jobs/lanes.ts';
import { DEFAULT_POLL } from './jobs/poll-schedule.ts';
import { RateGate } from './api/rate-gate.ts';
import { DEFAULT_RETRY } from './api/retry-policy.ts';
import { acquireStateLock } from './journal/state-lock.ts';

export type { Engine } from './engine.ts';
export type * from './engine-types.ts';
export { summarize } from './jobs/job-store.ts';
export { type JournalOwner, journalDirOf, userStateFolder } from './journal/state-dir.ts';
export { loadJournal, readJournal } from './journal/journal.ts';
export { stateAtRest } from './journal/resume.ts';
export { journalInUse } from './journal/state-lock.ts';
export { askAccount, askFormats, type ServiceAddress } from './api/service-question.ts';
export { normalProxyUrl, type ProxySetting, proxyForDisplay } from './api/network.ts';
export { type ProxyRoute, routeFromPacAnswer } from './api/pac-answer.ts';
export {
  createKeychainStore,
  createMemoryKeyStore,
  KEYCHAIN_SERVICE,
  KeychainUnavailableError,
  type KeyStore,
} from './storage/keychain.ts';
export {
  cloudUrlOf,
  DEFAULT_CLOUD_URL,
  defaultSettings,
  loadSettings,
  patchSettings,
  peekSettings,
  saveSettings,
} from './storage/settings.ts';
export { readJsonFile, setAside, writeJsonAtomic, type JsonFileRead } from './storage/atomic-json.ts';
export { capRoom, checkSpendCaps, type CapKind, type CapVerdict, type SpendCaps } from './spend/spend-cap.ts';
export {
  type BatchSpend,
  monthOf,
  openSpendBook,
  type ReceiptLine,
  type SpendBook,
} from './spend/spend-book.ts';
export { receiptLineOf, writeReceipt } from './spend/receipt.ts';
export * from './invoices/index.ts';
export * from './ledger/index.ts';

/** Default ?wait= for small files: long enough for most small conversions, short enough
 *  that an upload slot is not held for long. */
const SYNC_WAIT_SECONDS = 10;
/** Journal writes at least this far apart while jobs keep changing (journal.ts): at most 20
 *  appends+fdatasyncs a second, however many small files finish meanwhile. */
const JOURNAL_SPACING_MS = 50;

export async function createEngine(options: EngineOptions): Promise<Result<Engine>> {
  const taken = await acquireStateLock(options.stateDir).catch(() => ({ ok: false as const }));
  if (!taken.ok) {
    return fail({
      code: 'state_locked',
      message: messageFor('state_locked'),
      details: { stateDir: options.stateDir },
    });
  }
  let loaded: Awaited<ReturnType<typeof loadJournal>>;
  try {
    loaded = await loadJournal(options.stateDir);
  } catch {
    await taken.lock.release();
    return fail({
      code: 'output_unwritable',
      message: messageFor('output_unwritable'),
      details: { stateDir: options.stateDir },
    });
  }
  const timing = options.timing ?? {};
  const retry = { ...DEFAULT_RETRY, ...timing.retry };
  const poll = { ...DEFAULT_POLL, ...timing.poll };
  const emitter = new EngineEmitter();
  const clock = options.clock ?? systemClock;
  const gate = new RateGate(clock);
  const store = new JobStore(
    options.stateDir,
    emitter,
    timing.progressIntervalMs ?? 250,
    loaded.data,
    clock,
    {
      // The spacing is real time (a disk's pace): under a clock a test drives, a real-time
      // wait would let that clock run ahead of the engine (deadlines passing mid-write).
      journalSpacingMs: timing.journalSpacingMs ?? (clock === systemClock ? JOURNAL_SPACING_MS : 0),
    },
  );
  const concurrency = options.concurrency ?? {};
  const lanes = {
    upload: new Lane('upload', concurrency.upload ?? 3),
    poll: new Lane('poll', concurrency.poll ?? 8),
    download: new Lane('download', concurrency.download ?? 3),
  };
  // The engine is created after the client and the runner, which call back into it.
  let engine: Engine | undefined;
  const client = new ApiClient({
    url: options.api.url,
    key: options.api.key,
    gate,
    onMeta: (meta) => engine?.onMeta(meta),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  });
  const runner = new JobRunner({
    client,
    store,
    gate,
    lanes,
    retry,
    poll,
    syncWaitSeconds: timing.syncWaitSeconds ?? SYNC_WAIT_SECONDS,
    limits: () => engine?.limits(),
    onAuthFailure: () => engine?.onAuthFailure(),
    onOutOfTokens: (job, error) => engine?.onOutOfTokens(job, error),
    onCharged: (tokens, meta) => engine?.onCharged(tokens, meta),
  });
  engine = new Engine({
    endpoint: client.baseUrl.href,
    client,
    store,
    runner,
    gate,
    lanes,
    emitter,
    lock: taken.lock,
    retry,
    offline: options.offline ?? false,
    conflict: options.conflict ?? 'rename',
    ...(options.output?.dir ? { outDir: options.output.dir } : {}),
  });
  if (loaded.setAside) {
    // The old journal was damaged; it was kept aside. The caller can tell the person.
    engine.journalSetAside = loaded.setAside;
  }
  return ok(engine);
}
export { joinPdfs, type MergePart, type MergedPdf, openPdfPart } from './merge/join-pdfs.ts';
export { makePartsFolder, writeMergedPdf } from './merge/write-merged.ts';
export { joinMergeParts, splitMergeParts } from './merge/pdf-parts.ts';
export { sanitizeFileName } from './results/safe-name.ts';
