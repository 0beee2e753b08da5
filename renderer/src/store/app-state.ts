// The window's whole state in one zustand store (vanilla, so it runs in plain Node tests).
// Main is the source of truth; this holds the latest copy of what main said plus what the
// person is doing right now (staged files, the open dialog, the last announcement).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  EngineStatus,
  Estimate,
  HistoryEntry,
  KeyStatus,
  Settings,
  SkippedFile,
} from '../../../shared/ipc/contract.ts';
import type { BatchSummary, TokenBalance } from '../../../shared/jobs.ts';
import type { WatchFolderEntry } from '../../../shared/watch.ts';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { type CombineState, emptyCombine } from './combine-actions.ts';
import { emptyJobs, type JobsState } from './jobs-reducer.ts';
import { emptyInvoices, type InvoicesState } from './invoice-actions.ts';
import type { PendingSettingsEdit } from './settings-overlay.ts';
import { emptyStaging, type Staging } from './staging.ts';
import type { StartingRows } from './starting-rows.ts';

export type EstimateState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: Estimate }
  | { status: 'error'; message: string };

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

export interface AppState {
  phase: 'loading' | 'ready' | 'error';
  loadError?: string;
  version: string;
  settings?: Settings;
  key?: KeyStatus;
  balance?: TokenBalance;
  balanceChecking: boolean;
  engine: EngineStatus;
  /** Source format -> targets the chosen endpoint offers. */
  conversions: Record<string, string[]>;
  jobs: JobsState;
  history: HistoryEntry[];
  staging: Staging;
  estimate: EstimateState;
  /** Set while the "not enough tokens" dialog is open. */
  shortfall?: Estimate;
  starting: boolean;
  /** Files shown in the queue as "Checking…" from the moment Convert is pressed until their
   *  jobs arrive (starting-rows.ts). */
  startingRows?: StartingRows;
  notice?: Notice;
  /** Read out by the polite live region; `seq` makes a repeated sentence be read again. */
  announcement: { text: string; seq: number };
  lastBatch?: BatchSummary;
  settingsOpen: boolean;
  historyOpen: boolean;
  /** Jobs the person asked to cancel that have not stopped yet (shown as "Cancelling…"). */
  cancelling: ReadonlySet<string>;
  /** Main is switching endpoint (starting the offline converter, or the cloud engine). */
  switchingEndpoint: boolean;
  /** Settings -> Watch folders, as main last reported them. */
  watchFolders: WatchFolderEntry[];
  /** Settings edits sent to main and not answered yet (see settings-overlay.ts). */
  pendingSettings: readonly PendingSettingsEdit[];
  /** The OS's preferred languages as main reported them (undefined until the snapshot). */
  systemLocales?: readonly string[];
  /** The right-click menu Settings can switch on here; undefined hides the switch. */
  fileManagerMenu?: 'explorer' | 'linux' | 'finder';
  /** The Invoices view (invoice-actions.ts). */
  invoices: InvoicesState;
  /** App updates as main last reported them; undefined where the app cannot update itself. */
  update?: UpdateStatus;
  /** "Combine into one PDF" (combine-actions.ts). */
  combine: CombineState;
  /** Files left out when Convert was pressed (gone meanwhile, or skipped on a name clash),
   *  listed with why until the person dismisses them. */
  notConverted: SkippedFile[];
  /** Where keyboard focus goes next (an element id), after Browse or Convert; `seq` repeats it. */
  focusRequest?: { id: string; seq: number };
  /** The Settings section shown (settings-sections.tsx names them). */
  settingsSection: string;
  /** Help / About is open. */
  aboutOpen: boolean;
}

export type AppStore = StoreApi<AppState>;

export function initialAppState(): AppState {
  return {
    phase: 'loading',
    version: '',
    balanceChecking: false,
    engine: { paused: false, needsKey: false, running: 0 },
    conversions: {},
    jobs: emptyJobs(),
    history: [],
    staging: emptyStaging(),
    estimate: { status: 'idle' },
    starting: false,
    announcement: { text: '', seq: 0 },
    settingsOpen: false,
    historyOpen: false,
    switchingEndpoint: false,
    cancelling: new Set(),
    watchFolders: [],
    pendingSettings: [],
    invoices: emptyInvoices(),
    combine: emptyCombine(),
    notConverted: [],
    settingsSection: 'general',
    aboutOpen: false,
  };
}

export function createAppState(): AppStore {
  return createStore<AppState>()(() => initialAppState());
}

/** True when the window must first ask for a key or offer offline use. */
export function needsOnboarding(state: Pick<AppState, 'phase' | 'settings' | 'key'>): boolean {
  return state.phase === 'ready' && state.settings?.endpoint.kind === 'cloud' && state.key?.set === false;
}

/**
 * The welcome screen is shown: onboarding is needed and Settings is not open. Choosing the
 * service in Settings before a key is there must not swap the window behind the dialog; the
 * Account section says what is missing instead.
 */
export function showsWelcome(state: Pick<AppState, 'phase' | 'settings' | 'key' | 'settingsOpen'>): boolean {
  return needsOnboarding(state) && !state.settingsOpen;
}
