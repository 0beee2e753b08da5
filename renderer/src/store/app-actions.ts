// What the person can do, as functions over window.api. Every call returns a Result; a
// failure becomes a notice with main's plain sentence, never a thrown error in the page.
import type {
  Estimate,
  KeyStatus,
  RendererApi,
  SettingsPatch,
  StagedBatch,
} from '../../../shared/ipc/contract.ts';
import type { Failure, Result } from '../../../shared/result.ts';
import { formatUnits, t } from '../../../shared/i18n/index.ts';
import { failureMessage } from '../../../shared/messages.ts';
import type { AppStore } from './app-state.ts';
import { announce } from './app-sync.ts';
import {
  addToStaging,
  chooseBatchTarget,
  chooseFileTarget,
  chooseGroupTarget,
  emptyStaging,
  stagedItems,
  unstage,
} from './staging.ts';
import { afterJobsArrived, answered, putBack, takeForStart } from './starting-rows.ts';
import { withoutEdit, withPendingEdits } from './settings-overlay.ts';
import { createCombineActions } from './combine-actions.ts';
import { createInvoiceActions } from './invoice-actions.ts';
import { createSpendActions } from './spend-actions.ts';
import { createWatchActions } from './watch-actions.ts';

export type AppActions = ReturnType<typeof createAppActions>;

/** An `insufficient_tokens` refusal carries the numbers the shortfall dialog needs. */
export function shortfallOf(error: Failure): Estimate | undefined {
  const details = error.details;
  if (error.code !== 'insufficient_tokens' || !details) return undefined;
  const numbers = ['required', 'balance', 'shortfall', 'fitCount', 'fitTokens'].map((name) => details[name]);
  if (!numbers.every((value) => typeof value === 'number')) return undefined;
  const [total, balance, shortfall, fitCount, fitTokens] = numbers as number[];
  return {
    total: total!,
    balance: balance!,
    shortfall: shortfall!,
    fitCount: fitCount!,
    fitTokens: fitTokens!,
    offline: false,
  };
}

const ESTIMATE_DELAY_MS = 150;

export function createAppActions(api: RendererApi, store: AppStore) {
  let nextEditId = 1;
  let noticeId = 0;
  let estimateSeq = 0;
  let estimateTimer: ReturnType<typeof setTimeout> | undefined;
  let balanceTimer: ReturnType<typeof setTimeout> | undefined;

  const notify = (text: string, tone: 'error' | 'info' = 'error') => {
    noticeId += 1;
    store.setState({ notice: { id: noticeId, tone, text } });
  };

  /** Unwraps a Result; a failure is shown to the person and yields undefined. */
  const check = <T>(result: Result<T>): T | undefined => {
    if (result.ok) return result.value;
    notify(failureMessage(result.error));
    return undefined;
  };

  const refreshEstimate = () => {
    clearTimeout(estimateTimer);
    const items = stagedItems(store.getState().staging);
    if (items.length === 0) {
      store.setState({ estimate: { status: 'idle' } });
      return;
    }
    store.setState({ estimate: { status: 'loading' } });
    const seq = ++estimateSeq;
    estimateTimer = setTimeout(async () => {
      const result = await api['batch:estimate']({ items });
      if (seq !== estimateSeq) return; // the choice changed meanwhile; a newer estimate is coming
      store.setState({
        estimate: result.ok
          ? { status: 'ready', value: result.value }
          : { status: 'error', message: failureMessage(result.error) },
      });
    }, ESTIMATE_DELAY_MS);
  };

  /** Moves keyboard focus to this element once it is on the page (see FocusMover). */
  const focusNext = (id: string) =>
    store.setState((state) => ({ focusRequest: { id, seq: (state.focusRequest?.seq ?? 0) + 1 } }));

  const stage = (batch: StagedBatch | undefined) => {
    if (!batch) return;
    const remembered = store.getState().settings?.defaultTargets ?? {};
    store.setState((state) => ({ staging: addToStaging(state.staging, batch, remembered) }));
    const parts = [t('app.say.staged', { count: batch.files.length })];
    if (batch.skipped.length > 0) parts.push(t('app.say.skipped', { count: batch.skipped.length }));
    if (batch.files.length + batch.skipped.length > 0) {
      announce(store, t('app.say.sentence', { parts: formatUnits(parts) }));
    }
    refreshEstimate();
  };

  const start = async (items: { stageId: string; to: string }[], partial: boolean) => {
    // Rows first: the files move to the queue as "Checking…" at once, while main checks them.
    const taken = takeForStart(store.getState().staging, items);
    store.setState({
      starting: true,
      shortfall: undefined,
      staging: taken.staging,
      startingRows: taken.rows,
    });
    const result = await api['batch:start']({ items, partial });
    store.setState({ starting: false });
    if (!result.ok) {
      // Nothing started: every file is back in the list with its target.
      store.setState((state) => ({ staging: putBack(state.staging, taken.rows), startingRows: undefined }));
      // The balance moved between the estimate and the start: show the same choice again.
      const shortfall = shortfallOf(result.error);
      if (shortfall && !partial) store.setState({ shortfall });
      else notify(failureMessage(result.error));
      return;
    }
    // Main remembers each source type's target (settings:changed follows). Files added while
    // this was starting stay in the list.
    // Files a spending limit kept out of a trimmed batch go back to the list.
    const leftOut = new Set(result.value.leftOut ?? []);
    const { skipped } = result.value;
    const skippedPaths = new Set(skipped.map((item) => item.path));
    store.setState((state) => {
      const rows =
        state.startingRows &&
        answered(
          state.startingRows,
          result.value.jobIds,
          (file) => leftOut.has(file.stageId) || skippedPaths.has(file.path),
        );
      const { byId, removed } = state.jobs;
      return {
        staging: leftOut.size > 0 ? putBack(state.staging, taken.rows, leftOut) : state.staging,
        startingRows: rows && afterJobsArrived(rows, [], (id) => byId.has(id) || removed.has(id)),
        // Never silently dropped: what was left out stays in view with its reason.
        notConverted: [
          ...skipped,
          ...state.notConverted.filter((old) => !skipped.some((s) => s.path === old.path)),
        ],
      };
    });
    if (store.getState().staging.files.length === 0) store.setState({ staging: emptyStaging() });
    refreshEstimate();
    const sent = result.value.jobIds.length;
    const parts = sent > 0 ? [t('app.say.converting', { count: sent })] : [];
    if (skipped.length > 0) parts.push(t('app.say.notConverted', { count: skipped.length }));
    announce(store, parts.join(' '));
    // The next thing to look at: the queue, or what was left out when nothing was sent.
    focusNext(
      store.getState().staging.files.length > 0
        ? 'start-button'
        : sent > 0
          ? 'queue-title'
          : 'not-converted-title',
    );
  };

  const refreshBalance = async () => {
    store.setState({ balanceChecking: true });
    const result = await api['balance:refresh']({});
    store.setState({ balanceChecking: false });
    // A failed refresh keeps the last known balance; the notice says why it could not update.
    const balance = check(result);
    if (balance) store.setState({ balance });
  };

  /** After an endpoint change the offered formats and the balance belong to another server. */
  const reloadEndpointFacts = async () => {
    const result = await api['app:snapshot']({});
    if (!result.ok) return;
    store.setState({
      conversions: result.value.conversions,
      balance: result.value.balance,
      key: result.value.key,
      engine: result.value.engine,
    });
  };

  const updateSettings = async (patch: SettingsPatch) => {
    // An endpoint change restarts the engine in main; the answer comes once it runs.
    if (patch.endpoint) store.setState({ switchingEndpoint: true });
    // Shown at once and kept over anything main reports until main answers THIS edit, so a
    // checkbox does not bounce back when an earlier, slower save answers in between.
    const before = store.getState().settings;
    const edit = { id: nextEditId++, patch };
    store.setState((state) => ({
      pendingSettings: [...state.pendingSettings, edit],
      ...(state.settings ? { settings: { ...state.settings, ...patch } } : {}),
    }));
    const settings = check(await api['settings:update']({ patch }));
    store.setState({ switchingEndpoint: false });
    const pending = withoutEdit(store.getState().pendingSettings, edit.id);
    if (!settings) {
      store.setState({
        pendingSettings: pending,
        ...(before ? { settings: withPendingEdits(before, pending) } : {}),
      });
      return false;
    }
    store.setState({ pendingSettings: pending, settings: withPendingEdits(settings, pending) });
    if (patch.endpoint) {
      await reloadEndpointFacts();
      refreshEstimate();
    }
    return true;
  };

  const jobAction =
    (channel: 'jobs:cancel' | 'jobs:retry' | 'jobs:remove' | 'result:showInFolder' | 'result:open') =>
    async (jobId: string) => {
      check(await api[channel]({ jobId }));
    };

  return {
    dismissNotice: () => store.setState({ notice: undefined }),
    notify,
    stageDropped: async (files: File[]) => {
      if (files.length === 0) return;
      stage(check(await api['files:stageDropped'](files)));
    },
    browse: async () => {
      const batch = check(await api['files:browse']({}));
      stage(batch);
      // Back from the dialog: on to Convert, not back to the top of the page.
      if (batch && store.getState().staging.files.length > 0) focusNext('start-button');
    },
    chooseGroupTarget: (from: string, to: string) => {
      store.setState((state) => ({ staging: chooseGroupTarget(state.staging, from, to) }));
      refreshEstimate();
    },
    dismissNotConverted: () => store.setState({ notConverted: [] }),
    /** The focus request was carried out: a later remount must not move focus again. */
    focusDone: (seq: number) => {
      if (store.getState().focusRequest?.seq === seq) store.setState({ focusRequest: undefined });
    },
    chooseBatchTarget: (to: string) => {
      store.setState((state) => ({ staging: chooseBatchTarget(state.staging, to) }));
      refreshEstimate();
    },
    chooseFileTarget: (stageId: string, to: string) => {
      store.setState((state) => ({ staging: chooseFileTarget(state.staging, stageId, to) }));
      refreshEstimate();
    },
    unstageFile: (stageId: string) => {
      store.setState((state) => ({ staging: unstage(state.staging, new Set([stageId])) }));
      refreshEstimate();
    },
    clearStaging: () => {
      store.setState({ staging: emptyStaging(), estimate: { status: 'idle' } });
      announce(store, t('app.say.removed'));
    },
    /** "Convert": checks the cost against the balance first; a shortfall opens the dialog. */
    requestStart: async () => {
      const items = stagedItems(store.getState().staging);
      if (items.length === 0 || store.getState().starting) return;
      // Offline nothing is charged and no dialog can follow from the cost: start at once.
      // (Asking first made main read every file twice before the queue showed: seconds for
      // a folder of 10,000. Main still checks each file before converting it.)
      if (store.getState().settings?.endpoint.kind === 'local') {
        await start(items, false);
        return;
      }
      store.setState({ starting: true });
      const estimate = check(await api['batch:estimate']({ items }));
      store.setState({ starting: false });
      if (!estimate) return;
      store.setState({ estimate: { status: 'ready', value: estimate } });
      // Past a spending limit or the balance: the cap or shortfall dialog asks first.
      if (!estimate.offline && (estimate.cap !== undefined || estimate.shortfall > 0)) {
        store.setState({ shortfall: estimate });
        return;
      }
      await start(items, false);
    },
    /** From the shortfall dialog: the files that fit start, the rest wait in the queue for tokens. */
    startFitting: async () => {
      const shortfall = store.getState().shortfall;
      if (!shortfall || (shortfall.cap?.fitCount ?? shortfall.fitCount) === 0) return;
      await start(stagedItems(store.getState().staging), true);
    },
    dismissShortfall: () => store.setState({ shortfall: undefined }),
    /** Shown as "Cancelling…" until main reports the job stopped (an upload may finish first). */
    cancelJob: async (jobId: string) => {
      store.setState((state) => ({ cancelling: new Set(state.cancelling).add(jobId) }));
      const result = await api['jobs:cancel']({ jobId });
      if (result.ok) return;
      store.setState((state) => {
        const cancelling = new Set(state.cancelling);
        cancelling.delete(jobId);
        return { cancelling };
      });
      notify(failureMessage(result.error));
    },
    retryJob: jobAction('jobs:retry'),
    removeJob: jobAction('jobs:remove'),
    showInFolder: jobAction('result:showInFolder'),
    openResult: jobAction('result:open'),
    startDrag: (jobId: string) => api['result:startDrag']({ jobId }),
    clearFinished: async () => {
      const cleared = check(await api['jobs:clearFinished']({}));
      if (cleared) announce(store, t('app.say.cleared', { count: cleared.removed }));
    },
    pauseAll: async () => {
      const result = await api['queue:pause']({});
      if (!result.ok) return notify(failureMessage(result.error));
      store.setState((state) => ({ engine: { ...state.engine, paused: true } }));
      announce(store, t('app.say.paused'));
    },
    resumeAll: async () => {
      const result = await api['queue:resume']({});
      if (!result.ok) return notify(failureMessage(result.error));
      store.setState((state) => ({ engine: { ...state.engine, paused: false } }));
      announce(store, t('app.say.resumed'));
    },
    /** Installs the downloaded update and restarts; main refuses while anything converts. */
    restartToUpdate: async () => {
      const result = await api['update:restart']({});
      if (!result.ok) notify(failureMessage(result.error));
    },
    refreshBalance,
    /** Debounced: many jobs finishing together cause one refresh. */
    refreshBalanceSoon: () => {
      clearTimeout(balanceTimer);
      balanceTimer = setTimeout(() => void refreshBalance(), 300);
    },
    updateSettings,
    /** Main's folder picker; 'kept' when it was cancelled and nothing changed. */
    chooseOutputFolder: async (): Promise<'chosen' | 'kept' | 'failed'> => {
      const before = JSON.stringify(store.getState().settings?.output);
      const settings = check(await api['settings:chooseOutputFolder']({}));
      if (!settings) return 'failed';
      store.setState({ settings });
      return JSON.stringify(settings.output) === before ? 'kept' : 'chosen';
    },
    goOffline: () => updateSettings({ endpoint: { kind: 'local' } }),
    /** Checks a key (the typed one, or the saved one) without saving it. */
    testKey: (key?: string) => api['key:test']({ key }),
    saveKey: async (key: string, sessionOnly: boolean): Promise<Result<KeyStatus>> => {
      const result = await api['key:set']({ key, sessionOnly });
      if (result.ok) {
        store.setState({ key: result.value });
        void reloadEndpointFacts();
      }
      return result;
    },
    retryKeychain: async () => {
      const key = check(await api['key:retry']({}));
      if (key) store.setState({ key });
    },
    removeKey: async () => {
      const key = check(await api['key:remove']({}));
      if (key) store.setState({ key });
    },
    /** Opens Settings on `section` (default: the one shown last). */
    openSettings: (section?: string) =>
      store.setState((state) => ({ settingsOpen: true, settingsSection: section ?? state.settingsSection })),
    showSettingsSection: (section: string) => store.setState({ settingsSection: section }),
    openAbout: () => store.setState({ aboutOpen: true }),
    closeAbout: () => store.setState({ aboutOpen: false }),
    closeSettings: () => store.setState({ settingsOpen: false }),
    openHistory: () => store.setState({ historyOpen: true }),
    closeHistory: () => store.setState({ historyOpen: false }),
    ...createWatchActions(api, store),
    ...createInvoiceActions(api, store),
    ...createCombineActions(api, store),
    ...createSpendActions(api),
  };
}
