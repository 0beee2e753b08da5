// THE IPC contract: every invoke channel (input -> output) and every main -> renderer event.
// Main registers one handler per channel through `electron/main/ipc/register.ts`, which
// validates input with the schema below and checks the sender; preload exposes one function
// per channel; the renderer only sees `window.api`. A channel missing a schema, a handler or
// a preload function is a compile error.
//
// How to add an IPC method:
//   1. add `name: { input: z.object(...), output: {} as OutputType }` to `invokeChannels`;
//   2. implement it in the app service handlers (`electron/app-service/handlers.ts`);
//   3. `npm run typecheck` then points at whatever else must change (none, usually: preload
//      and the test bridge are generic over this table).
import { z } from 'zod';
import { API_KEY_MAX_LENGTH, API_KEY_MIN_LENGTH } from '../api-key.ts';
import { LANGUAGE_CHOICES } from '../i18n/languages.ts';
import type { BatchSummary, JobView, TokenBalance } from '../jobs.ts';
import type { Failure, Result } from '../result.ts';
import { INVOICE_FIELDS, type LedgerInvoice } from '../invoices.ts';
import { ExistingFiles, type FolderSurvey, type WatchFolderEntry, WatchRuleSettings } from '../watch.ts';
import type { UpdateStatus } from '../updates.ts';

const id = z.string().min(1).max(200);
const apiKeyText = z.string().trim().min(API_KEY_MIN_LENGTH).max(API_KEY_MAX_LENGTH);

export const ConflictPolicy = z.enum(['rename', 'overwrite', 'skip']);
export type ConflictPolicy = z.infer<typeof ConflictPolicy>;

export const EndpointChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cloud'), url: z.url().optional() }),
  z.object({ kind: z.literal('local') }),
]);
export type EndpointChoice = z.infer<typeof EndpointChoice>;

/** How the app reaches the service: the system's proxy settings (PAC and WPAD included), none,
 *  or this proxy. A user name and password are never kept here (the keychain holds them). */
export const ProxyChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('url'), url: z.string().trim().min(1).max(2000) }),
]);
export type ProxyChoice = z.infer<typeof ProxyChoice>;

/** Spend caps (Settings -> Spending), in tokens; absent means no limit. */
export const SpendCapsSetting = z.object({
  batch: z.number().int().min(1).max(1_000_000_000).optional(),
  month: z.number().int().min(1).max(1_000_000_000).optional(),
});
export type SpendCapsSetting = z.infer<typeof SpendCapsSetting>;

export const Settings = z.object({
  endpoint: EndpointChoice,
  /** Absent means 'system' (settings written before this field existed). */
  proxy: ProxyChoice.optional(),
  output: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('next-to-source') }),
    z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
  ]),
  conflict: ConflictPolicy,
  concurrency: z.number().int().min(1).max(16),
  notifications: z.boolean(),
  launchAtLogin: z.boolean(),
  /** Last chosen target per source format, e.g. { pdf: 'xlsx' }. */
  defaultTargets: z.record(z.string(), z.string()),
  theme: z.enum(['system', 'light', 'dark']),
  /** The window's, tray's and notifications' language: 'system' follows the OS. */
  language: z.enum(LANGUAGE_CHOICES),
  /** "Convert with iFileConverter" in the file manager's right-click menu (Windows, Linux). */
  fileManagerMenu: z.boolean(),
  /** Look for a newer version at start and daily, and download it in the background. */
  updateChecks: z.boolean(),
  /** Absent means no limits (settings written before this field existed). */
  spendCaps: SpendCapsSetting.optional(),
});
export type Settings = z.infer<typeof Settings>;

/**
 * What the page may change in the settings. The output folder comes only from main's folder
 * picker (settings:chooseOutputFolder), so the page can only ask for "next to the source";
 * a service address it asks for is checked by main (https, or http to this computer only).
 */
export const SettingsPatch = Settings.omit({ output: true })
  .partial()
  .extend({ output: z.object({ kind: z.literal('next-to-source') }).optional() });
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** A file main has accepted from a drop, a dialog, the tray or the command line. */
export interface StagedFile {
  stageId: string;
  name: string;
  /** Shown to the person; main never reads a path coming back from the page. */
  path: string;
  bytes: number;
  from: string;
  targets: string[];
  /** The dropped or chosen folder this file was found in, shown as the list's group. */
  folder?: { name: string; path: string };
}
export interface SkippedFile {
  name: string;
  path: string;
  reason: string;
}
export interface StagedBatch {
  files: StagedFile[];
  skipped: SkippedFile[];
}

export interface KeyStatus {
  set: boolean;
  /** Last 4 characters, never more. */
  last4?: string;
  /** Where it lives: the OS keychain, this session only, or the environment. */
  storage?: 'keychain' | 'session' | 'env';
  keychainAvailable: boolean;
  /** The keychain did not answer in time, or refused: the window offers "Try again" and a
   *  key for this session only (shared/messages.ts has the sentence for each code). */
  problem?: 'keychain_silent' | 'keychain_error';
}

/** One finished file in the recent results: converted (with its output) or failed (with why). */
export interface HistoryEntry {
  jobId: string;
  source: string;
  /** Where the result was saved; absent for a file that failed. */
  output?: string;
  to: string;
  finishedAt: number;
  /** Why the file was not converted (a code of shared/messages.ts and its sentence). */
  failure?: { code: string; message: string };
}

/** A recent result that exists on disk (the tray lists only these). */
export type ConvertedEntry = HistoryEntry & { output: string };

export function isConverted(entry: HistoryEntry): entry is ConvertedEntry {
  return typeof entry.output === 'string' && entry.output.length > 0;
}

export interface EngineStatus {
  paused: boolean;
  /** Epoch ms before which nothing is sent (429 Retry-After), if any. */
  notBefore?: number;
  needsKey: boolean;
  running: number;
}

export interface AppSnapshot {
  settings: Settings;
  key: KeyStatus;
  balance?: TokenBalance;
  engine: EngineStatus;
  jobs: JobView[];
  history: HistoryEntry[];
  conversions: Record<string, string[]>;
  version: string;
  /** Found while starting, shown once: settings reset, job list set aside, offline server down. */
  problems?: Failure[];
  /** Settings -> Watch folders, as the window first shows them ('watch:changed' follows). */
  watchFolders?: WatchFolderEntry[];
  /** The OS's preferred languages, best first (main asks Electron; the page's navigator may differ). */
  systemLocales?: string[];
  /** Which right-click menu Settings can switch on; absent where there is no switch (an installed Windows copy). */
  fileManagerMenu?: 'explorer' | 'linux' | 'finder';
  /** App updates (absent where the app cannot update itself: development, tests). */
  update?: UpdateStatus;
}

export interface Estimate {
  total: number;
  balance: number;
  shortfall: number;
  fitCount: number;
  fitTokens: number;
  offline: boolean;
  /** Each staged file's cost by stageId (the pricing rule); absent for a file gone meanwhile. */
  costs?: Record<string, number>;
  /** Staged files that can no longer be read (deleted or moved since they were added). */
  gone?: string[];
  /** The batch passes a spend cap: which, what it leaves, and how many files fit under it. */
  cap?: SpendCapVerdict;
}

export interface SpendCapVerdict {
  kind: 'batch' | 'month';
  required: number;
  limit: number;
  left: number;
  fitCount: number;
  fitTokens: number;
}

/** History -> Spending: this month's spend against its limit, and the spend per batch. */
export interface SpendSummary {
  /** YYYY-MM, local time. */
  month: string;
  spent: number;
  caps: SpendCapsSetting;
  batches: { batchId: string; startedAt: number; finishedAt: number; files: number; tokens: number }[];
}

export const ReceiptScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('batch'), batchId: id }),
  z.object({ kind: z.literal('month'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
]);
export type ReceiptScope = z.infer<typeof ReceiptScope>;

const stagedItems = z
  .array(z.object({ stageId: id, to: z.string().min(1).max(16) }))
  .min(1)
  .max(100_000);

const out = <T>() => ({}) as Result<T>;

// An edit of a watch rule names only what changes. Built from WatchRuleSettings without its
// defaults: `.partial()` would fill them in and so reset every field the page did not send.
const watchSettings = WatchRuleSettings.shape;
const WatchRulePatch = z.object({
  recursive: watchSettings.recursive.unwrap().optional(),
  from: watchSettings.from.unwrap().optional(),
  to: watchSettings.to.optional(),
  after: watchSettings.after.unwrap().optional(),
  conflict: watchSettings.conflict.unwrap().optional(),
  invoices: watchSettings.invoices.unwrap().optional(),
});

/** Where the invoice ledger is: this computer (a SQLite file) or a team's PostgreSQL server. */
export const LedgerChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({
    kind: z.literal('postgres'),
    url: z
      .string()
      .trim()
      .max(2000)
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'postgres://user@host:port/database'),
  }),
]);
export type LedgerChoice = z.infer<typeof LedgerChoice>;

export interface LedgerStatus {
  choice: LedgerChoice;
  /** Shown to the person: the SQLite file or the server address (never a password). */
  location: string;
  /** A PostgreSQL password is in the keychain. */
  passwordSet: boolean;
  /** Invoices waiting for the ledger (it was unreachable, busy or full). */
  pending: number;
}

const invoiceField = z.enum(INVOICE_FIELDS);

export const invokeChannels = {
  'app:snapshot': { input: z.object({}), output: out<AppSnapshot>() },
  /** Paths come from preload's webUtils.getPathForFile on dropped File objects only. */
  'files:stageDropped': {
    input: z.object({ paths: z.array(z.string().min(1)).min(1).max(10_000) }),
    output: out<StagedBatch>(),
  },
  'files:browse': { input: z.object({}), output: out<StagedBatch>() },
  'batch:estimate': { input: z.object({ items: stagedItems }), output: out<Estimate>() },
  'batch:start': {
    input: z.object({ items: stagedItems, partial: z.boolean().default(false) }),
    /** `skipped`: files left out (gone, or a result exists and the setting says skip);
     *  `leftOut`: staged files a spending limit kept out of a trimmed batch (they stay staged). */
    output: out<{ batchId: string; jobIds: string[]; skipped: SkippedFile[]; leftOut?: string[] }>(),
  },
  /** Combine into one PDF: the staged files in this order; main asks where to save it
   *  (undefined when the person cancels that dialog). */
  'combine:start': {
    input: z.object({ stageIds: z.array(id).min(2).max(500), name: z.string().min(1).max(200) }),
    output: out<{ path: string; pages: number; parts: number } | undefined>(),
  },
  /** Shows the last combined PDF in the file manager. */
  'combine:showResult': { input: z.object({}), output: out<void>() },
  'jobs:cancel': { input: z.object({ jobId: id }), output: out<void>() },
  'jobs:retry': { input: z.object({ jobId: id }), output: out<void>() },
  'jobs:remove': { input: z.object({ jobId: id }), output: out<void>() },
  'jobs:clearFinished': { input: z.object({}), output: out<{ removed: number }>() },
  'queue:pause': { input: z.object({}), output: out<void>() },
  'queue:resume': { input: z.object({}), output: out<void>() },
  'result:showInFolder': { input: z.object({ jobId: id }), output: out<void>() },
  'result:open': { input: z.object({ jobId: id }), output: out<void>() },
  'balance:refresh': { input: z.object({}), output: out<TokenBalance>() },
  'settings:update': { input: z.object({ patch: SettingsPatch }), output: out<Settings>() },
  'settings:chooseOutputFolder': { input: z.object({}), output: out<Settings>() },
  'key:set': {
    input: z.object({ key: apiKeyText, sessionOnly: z.boolean().default(false) }),
    output: out<KeyStatus>(),
  },
  'key:test': {
    input: z.object({ key: apiKeyText.optional() }),
    output: out<{ tokens: number }>(),
  },
  'key:remove': { input: z.object({}), output: out<KeyStatus>() },
  /** "Try again" after the keychain did not answer: reads it once more (with a deadline). */
  'key:retry': { input: z.object({}), output: out<KeyStatus>() },
  // Watch folders. Folders (watched and output) come only from main's folder picker, never
  // from the page: the schemas have no field for them, and unknown keys are dropped.
  'watch:list': { input: z.object({}), output: out<WatchFolderEntry[]>() },
  /** Main asks for the folder, then starts watching it; undefined when the picker is cancelled. */
  'watch:add': {
    input: z.object({
      settings: WatchRuleSettings,
      /** Watch the folder last chosen with watch:pickFolder instead of asking again. */
      chosen: z.boolean().optional(),
      /** Files already in the folder: converted (the default) or left alone. */
      existing: ExistingFiles.optional(),
    }),
    output: out<WatchFolderEntry | undefined>(),
  },
  /** "Add folder…": main asks for the folder and answers what is in it; undefined when cancelled. */
  'watch:pickFolder': { input: z.object({}), output: out<FolderSurvey | undefined>() },
  /** A new target format makes a new rule id: the page goes on with the id it gets back. */
  'watch:update': { input: z.object({ id, settings: WatchRulePatch }), output: out<WatchFolderEntry>() },
  /** Watch another folder with the same rule; undefined when the picker is cancelled. */
  'watch:chooseFolder': { input: z.object({ id }), output: out<WatchFolderEntry | undefined>() },
  /** Results into a folder main asks for, or (`clear`) next to each source again. */
  'watch:chooseOutputFolder': {
    input: z.object({ id, clear: z.boolean().default(false) }),
    output: out<WatchFolderEntry | undefined>(),
  },
  'watch:pause': { input: z.object({ id }), output: out<WatchFolderEntry>() },
  'watch:resume': { input: z.object({ id }), output: out<WatchFolderEntry>() },
  'watch:remove': { input: z.object({ id }), output: out<void>() },
  // The invoice ledger (Invoices view, Settings -> Invoice ledger).
  'invoices:list': {
    input: z.object({}),
    output: out<{ invoices: LedgerInvoice[]; status: LedgerStatus }>(),
  },
  /** Saved as a correction beside what was read; the list then shows it as corrected. */
  'invoices:correct': {
    input: z.object({
      id: z.number().int().positive(),
      field: invoiceField,
      value: z.union([z.string().max(500), z.number(), z.null()]),
    }),
    output: out<LedgerInvoice>(),
  },
  /** Main asks where to save; undefined when the dialog is cancelled. */
  'invoices:export': {
    input: z.object({ format: z.enum(['xlsx', 'csv']) }),
    output: out<{ path: string; count: number } | undefined>(),
  },
  /** The first page of the invoice's source PDF as a PNG data: URL, beside its fields. */
  'invoices:sourcePage': {
    input: z.object({ id: z.number().int().positive() }),
    output: out<{ dataUrl: string }>(),
  },
  'ledger:status': { input: z.object({}), output: out<LedgerStatus>() },
  /** The password goes to the keychain, never to a settings file; empty keeps the saved one. */
  'ledger:set': {
    input: z.object({ choice: LedgerChoice, password: z.string().max(500).optional() }),
    output: out<LedgerStatus>(),
  },
  /** Opens the ledger (this choice, or the saved one) and reads it: "Test connection". */
  'ledger:test': {
    input: z.object({ choice: LedgerChoice.optional(), password: z.string().max(500).optional() }),
    output: out<{ invoices: number }>(),
  },
  /** "Restart to update": refused while anything converts (the update waits until idle). */
  'update:restart': { input: z.object({}), output: out<void>() },
  // Spending (History -> Spending, Settings -> Spending limits).
  'spend:summary': { input: z.object({}), output: out<SpendSummary>() },
  /** Main asks where to save; undefined when the dialog is cancelled. */
  'spend:exportReceipt': {
    input: z.object({ scope: ReceiptScope, format: z.enum(['xlsx', 'csv']) }),
    output: out<{ path: string; count: number } | undefined>(),
  },
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type ChannelInput<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['input']>;
export type ChannelParsedInput<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['input']>;
export type ChannelOutput<C extends InvokeChannel> = (typeof invokeChannels)[C]['output'];

/** Main -> renderer events and their payloads. */
export interface EventPayloads {
  /** Batched upserts of changed jobs and ids removed from the queue. */
  'jobs:changed': { jobs: JobView[]; removed: string[] };
  'batch:finished': BatchSummary;
  'balance:changed': TokenBalance;
  'engine:status': EngineStatus;
  'settings:changed': Settings;
  'key:changed': KeyStatus;
  'history:changed': HistoryEntry[];
  /** Files handed over by the tray, "Open with" or a second launch: ask for a target. */
  'files:staged': StagedBatch;
  /** Every watch folder with its status, whenever one changes (throttled like job changes). */
  'watch:changed': WatchFolderEntry[];
  /** An invoice went into the ledger (or waits for it): the Invoices view reloads if open. */
  'invoices:changed': LedgerStatus;
  /** App updates: checking, downloading, ready to restart, or what went wrong. */
  'update:changed': UpdateStatus;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES = [
  'jobs:changed',
  'batch:finished',
  'balance:changed',
  'engine:status',
  'settings:changed',
  'key:changed',
  'history:changed',
  'files:staged',
  'watch:changed',
  'invoices:changed',
  'update:changed',
] as const satisfies readonly EventName[];

/** Sends from the page that expect no answer (drag a finished result out of the window). */
export const sendChannels = {
  'result:startDrag': z.object({ jobId: id }),
} as const;
export type SendChannel = keyof typeof sendChannels;

/** What preload exposes as `window.api`. `files:stageDropped` takes File objects, not paths. */
export type RendererApi = {
  [C in Exclude<InvokeChannel, 'files:stageDropped'>]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
} & {
  'files:stageDropped': (files: File[]) => Promise<ChannelOutput<'files:stageDropped'>>;
  'result:startDrag': (input: z.input<(typeof sendChannels)['result:startDrag']>) => void;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};
