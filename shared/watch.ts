// Watch folders: the rule a person (Settings -> Watch folders) or `ifc watch` sets up, and
// what a running watch reports. Pure: the engine (electron/engine/watch) runs the rules,
// main validates IPC input with these schemas, the window and the tray only read them.
import { z } from 'zod';
import type { Failure } from './result.ts';
import { t } from './i18n/index.ts';

/** What happens to the original once its result is saved. */
export const AfterSuccess = z.enum(['keep', 'move', 'trash']);
export type AfterSuccess = z.infer<typeof AfterSuccess>;

/** The subfolder of the watched folder that `after: 'move'` puts originals in. */
export const CONVERTED_FOLDER = 'Converted';

const format = z.string().regex(/^[a-z0-9]{1,16}$/, 'a format is a lower-case file extension such as pdf');

export const WatchRule = z.object({
  /** Stable identity: the "already converted" memory is kept per rule id. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (it names a file in the state folder)'),
  /** Absolute path of the watched folder. */
  folder: z.string().min(1).max(4096),
  recursive: z.boolean().default(false),
  /** Source formats to take; empty means every format the service can turn into `to`. */
  from: z.array(format).max(64).default([]),
  to: format,
  /** Where results go; default: next to each source. */
  outDir: z.string().min(1).max(4096).optional(),
  after: AfterSuccess.default('keep'),
  // Same words as ConflictPolicy in shared/ipc/contract.ts (kept here to avoid an import cycle
  // once the contract imports this file).
  conflict: z.enum(['rename', 'overwrite', 'skip']).default('rename'),
  /** Paused by the person: files are noticed but nothing is sent until resumed. */
  paused: z.boolean().default(false),
  /** "Add invoices to the ledger": each XLSX result is read as an invoice into the ledger. */
  invoices: z.boolean().optional(),
});
/**
 * What the window may set on a rule over IPC. Folders (watched and output) never come from the
 * page: main asks for them with its own folder picker (architecture.md, desktop rules).
 */
export const WatchRuleSettings = WatchRule.pick({
  recursive: true,
  from: true,
  to: true,
  after: true,
  conflict: true,
  invoices: true,
});
export type WatchRuleSettings = z.input<typeof WatchRuleSettings>;

/** A validated rule (defaults filled in). */
export type WatchRule = z.output<typeof WatchRule>;
/** What a caller may hand in (defaults optional). */
export type WatchRuleInput = z.input<typeof WatchRule>;

export type WatchState =
  | 'starting'
  | 'watching' // idle or converting
  | 'paused' // by the person
  | 'waiting-tokens' // the balance cannot cover the next file; re-checked periodically
  | 'stopped'
  | 'error'; // could not start (folder gone, no such target format, key refused)

export interface WatchStatus {
  ruleId: string;
  folder: string;
  to: string;
  state: WatchState;
  /** Set while waiting for tokens: what the next file costs and what is available. */
  waiting?: { required: number; balance: number };
  /** Files still being written (size or mtime still moving). */
  settling: number;
  /** Complete files waiting to be sent. */
  queued: number;
  /** Sent to the engine, not finished yet. */
  inFlight: number;
  /** Counts since this watch started. */
  converted: number;
  failed: number;
  skipped: number;
  error?: Failure;
}

/** A rule's status before any watch runs for it: stopped, nothing counted. */
export function idleWatchStatus(rule: Pick<WatchRule, 'id' | 'folder' | 'to'>): WatchStatus {
  return {
    ruleId: rule.id,
    folder: rule.folder,
    to: rule.to,
    state: 'stopped',
    settling: 0,
    queued: 0,
    inFlight: 0,
    converted: 0,
    failed: 0,
    skipped: 0,
  };
}

/** One row of Settings -> Watch folders. */
export interface WatchFolderEntry {
  rule: WatchRule;
  status: WatchStatus;
}

/** Counts as "watching" for the tray: running, including waiting for tokens. */
export function isActiveWatch(status: Pick<WatchStatus, 'state'>): boolean {
  return status.state === 'watching' || status.state === 'waiting-tokens' || status.state === 'starting';
}

/** The tray menu's line, e.g. "Watching 2 folders"; undefined when nothing is watched or paused. */
export function trayWatchLine(statuses: readonly Pick<WatchStatus, 'state'>[]): string | undefined {
  const active = statuses.filter(isActiveWatch).length;
  if (active === 0) {
    const paused = statuses.filter((status) => status.state === 'paused').length;
    if (paused === 0) return undefined;
    return t('desktop.tray.watchPaused', { count: paused });
  }
  const waiting = statuses.some((status) => status.state === 'waiting-tokens');
  return t(waiting ? 'desktop.tray.watchingTokens' : 'desktop.tray.watching', { count: active });
}

/** What is directly in a folder about to be watched (the Add form's suggestions). */
export interface FolderSurvey {
  /** The folder's real path. */
  folder: string;
  /** Up to a few hundred files, by name; `format` is the extension we recognise, if any. */
  files: { name: string; format?: string }[];
  /** Files beyond the listed ones. */
  more: number;
}

/** With a new rule: convert what is already in the folder, or only what arrives from now on. */
export const ExistingFiles = z.enum(['convert', 'new-only']);
export type ExistingFiles = z.infer<typeof ExistingFiles>;
