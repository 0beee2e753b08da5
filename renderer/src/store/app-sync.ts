// Keeps the store in step with main: subscribes to every contract event (before asking for
// the snapshot, so nothing that happens in between is lost), buffers bursts, and turns job
// transitions into spoken announcements and balance refreshes.
import { withPendingEdits } from './settings-overlay.ts';
import type { EventName, EventPayloads, RendererApi } from '../../../shared/ipc/contract.ts';
import type { BatchSummary } from '../../../shared/jobs.ts';
import { formatUnits, t } from '../../../shared/i18n/index.ts';
import { failureMessage } from '../../../shared/messages.ts';
import type { AppStore } from './app-state.ts';
import { createEventBuffer, type Schedule } from './event-buffer.ts';
import { FINAL_STATES } from '../../../shared/jobs.ts';
import {
  applyJobEvents,
  type JobsChanged,
  type JobsState,
  mergeSnapshot,
  type Transition,
} from './jobs-reducer.ts';
import { addToStaging } from './staging.ts';
import { afterJobsArrived } from './starting-rows.ts';
import { describeWatchChanges } from './watch-folders.ts';

export interface SyncOptions {
  schedule: Schedule;
  /** Called after jobs finish, so the balance shown matches what was spent. */
  onJobsFinished(): void;
  /** The ledger took a new invoice while the Invoices view is open: reload its list. */
  onInvoicesChanged?(): void;
}

export function announce(store: AppStore, text: string): void {
  store.setState((state) => ({ announcement: { text, seq: state.announcement.seq + 1 } }));
}

/** One sentence for what just finished: a name when it is one file, counts when many. */
export function describeTransitions(transitions: readonly Transition[]): string | undefined {
  if (transitions.length === 0) return undefined;
  if (transitions.length === 1) {
    const { job } = transitions[0]!;
    const name = job.sourceName;
    if (job.state === 'completed') return t('app.say.jobDone', { name });
    if (job.state === 'failed') {
      return t('app.say.jobFailed', { name, reason: job.error ? failureMessage(job.error) : '' }).trim();
    }
    return t('app.say.jobCancelled', { name });
  }
  const count = (state: string) => transitions.filter((item) => item.job.state === state).length;
  const parts = [
    count('completed') && t('app.say.filesDone', { count: count('completed') }),
    count('failed') && t('app.say.failed', { count: count('failed') }),
    count('cancelled') && t('app.say.cancelled', { count: count('cancelled') }),
  ].filter((part): part is string => Boolean(part));
  return t('app.say.sentence', { parts: formatUnits(parts) });
}

export function describeBatch(summary: BatchSummary): string {
  const parts = [t('app.say.batchConverted', { count: summary.completed.length })];
  if (summary.failed.length > 0) parts.push(t('app.say.failed', { count: summary.failed.length }));
  if (summary.pending.length > 0) parts.push(t('app.say.batchWaiting', { count: summary.pending.length }));
  if (summary.skipped.length > 0)
    parts.push(t('app.say.batchNotConverted', { count: summary.skipped.length }));
  return t('app.say.batch', { parts: formatUnits(parts) });
}

/** A cancel is over once the job is final (or gone). */
function stillCancelling(cancelling: ReadonlySet<string>, jobs: JobsState): ReadonlySet<string> {
  if (cancelling.size === 0) return cancelling;
  const next = new Set(
    [...cancelling].filter((id) => {
      const job = jobs.byId.get(id);
      return job !== undefined && !FINAL_STATES.has(job.state);
    }),
  );
  return next.size === cancelling.size ? cancelling : next;
}

/** Subscribes to main's events; returns the unsubscribe function. */
export function syncWithMain(api: RendererApi, store: AppStore, options: SyncOptions): () => void {
  const jobs = createEventBuffer<JobsChanged>((events) => {
    const reduction = applyJobEvents(store.getState().jobs, events);
    if (reduction.state !== store.getState().jobs) {
      const { startingRows, cancelling } = store.getState();
      const { byId, removed } = reduction.state;
      store.setState({
        jobs: reduction.state,
        cancelling: stillCancelling(cancelling, reduction.state),
        // A "Checking…" row gives way to its job in the same render: never both on screen.
        ...(startingRows
          ? {
              startingRows: afterJobsArrived(
                startingRows,
                reduction.added,
                (id) => byId.has(id) || removed.has(id),
              ),
            }
          : {}),
      });
    }
    const sentence = describeTransitions(reduction.transitions);
    if (sentence) announce(store, sentence);
    if (reduction.transitions.length > 0) options.onJobsFinished();
  }, options.schedule);

  const handlers: { [E in EventName]: (payload: EventPayloads[E]) => void } = {
    'jobs:changed': (payload) => jobs.push(payload),
    'batch:finished': (summary) => {
      jobs.flush();
      store.setState({ lastBatch: summary });
      announce(store, describeBatch(summary));
      options.onJobsFinished();
    },
    'balance:changed': (balance) => store.setState({ balance }),
    'engine:status': (engine) => store.setState({ engine }),
    'settings:changed': (settings) =>
      store.setState((state) => ({ settings: withPendingEdits(settings, state.pendingSettings) })),
    'key:changed': (key) => store.setState({ key }),
    'history:changed': (history) => store.setState({ history }),
    'files:staged': (batch) => {
      const remembered = store.getState().settings?.defaultTargets ?? {};
      store.setState((state) => ({ staging: addToStaging(state.staging, batch, remembered) }));
      if (batch.files.length > 0) {
        announce(store, t('app.say.sentence', { parts: t('app.say.staged', { count: batch.files.length }) }));
      }
    },
    'watch:changed': (watchFolders) => {
      const sentence = describeWatchChanges(store.getState().watchFolders, watchFolders);
      store.setState({ watchFolders });
      if (sentence) announce(store, sentence);
    },
    'invoices:changed': (status) => {
      store.setState((state) => ({ invoices: { ...state.invoices, status } }));
      if (store.getState().invoices.open) options.onInvoicesChanged?.();
    },
    'update:changed': (update) => store.setState({ update }),
  };
  const unsubscribes = (Object.keys(handlers) as EventName[]).map((event) =>
    api.on(event, handlers[event] as (payload: unknown) => void),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

/** Loads the snapshot; events that arrived first are merged, the newer version of each job wins. */
export async function loadSnapshot(api: RendererApi, store: AppStore): Promise<void> {
  const result = await api['app:snapshot']({});
  if (!result.ok) {
    store.setState({ phase: 'error', loadError: failureMessage(result.error) });
    return;
  }
  const snapshot = result.value;
  // Problems found while main started (settings reset, job list set aside) are said once.
  const problem = snapshot.problems?.map(failureMessage).join(' ');
  store.setState((state) => ({
    ...(problem ? { notice: { id: -1, tone: 'info' as const, text: problem } } : {}),
    phase: 'ready',
    version: snapshot.version,
    settings: snapshot.settings,
    key: snapshot.key,
    balance: snapshot.balance ?? state.balance,
    engine: snapshot.engine,
    conversions: snapshot.conversions,
    history: snapshot.history,
    jobs: mergeSnapshot(state.jobs, snapshot.jobs),
    // Main reads the list last, just before answering: newer than any event seen so far.
    watchFolders: snapshot.watchFolders ?? state.watchFolders,
    systemLocales: snapshot.systemLocales ?? [],
    fileManagerMenu: snapshot.fileManagerMenu,
    update: snapshot.update ?? state.update,
  }));
}
