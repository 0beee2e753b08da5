// Update checks over time: once shortly after start, then daily, while Settings allow it. The
// feed (electron-updater, adapted by electron/main/update-feed.ts) downloads in the background
// and verifies the file's sha512 itself; this module only decides (update-decisions.ts), keeps
// the state the window and tray show, and refuses a restart while anything is converting.
import type { Clock } from '../../../shared/clock.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import type { UpdateStatus } from '../../../shared/updates.ts';
import {
  CHECK_EVERY_MS,
  checkDue,
  type FeedEvent,
  initialUpdateState,
  nextCheckAt,
  nextUpdateState,
  restartRefusal,
  type UpdateState,
  updateStatus,
  withChecksEnabled,
} from './update-decisions.ts';

export type { FeedEvent } from './update-decisions.ts';

/** An update feed: electron-updater in the installed app, absent in development and tests. */
export interface UpdateFeed {
  /** Asks the feed; resolves once the check is done (a download may go on). Problems arrive
   *  as an 'error' event (a rejection is read as one too). */
  check(): Promise<void>;
  /** Installs the downloaded update and restarts the app. */
  install(): void;
  onEvent(listener: (event: FeedEvent) => void): () => void;
}

export interface UpdateChecksOptions {
  feed?: UpdateFeed;
  clock: Clock;
  /** Settings -> "Check for updates". */
  enabled(): boolean;
  /** A batch or a watch folder's file is converting: no restart now. */
  busy(): boolean;
  /** Whenever what the window shows changes. */
  changed(status: UpdateStatus): void;
}

export interface UpdateChecks {
  status(): UpdateStatus;
  /** The engine's status changed: the restart offer may come or go. */
  busyChanged(): void;
  /** Settings changed: checks may have been switched on or off. */
  settingsChanged(): void;
  /** "Restart to update": refused with a sentence while busy or with nothing downloaded. */
  restart(): Result<void>;
  close(): void;
}

export function createUpdateChecks(options: UpdateChecksOptions): UpdateChecks {
  const { feed, clock } = options;
  const startedAt = clock.now();
  let state: UpdateState = initialUpdateState(options.enabled());
  let lastAttemptAt: number | undefined;
  let last = JSON.stringify(updateStatus(state, options.busy()));
  const closed = new AbortController();
  // Aborted to cut the current wait short (checks switched on again).
  let wake = new AbortController();

  const status = () => updateStatus(state, options.busy());
  function publish(): void {
    // Without a feed the window shows nothing about updates, so there is nothing to tell it.
    if (!feed) return;
    const next = status();
    const text = JSON.stringify(next);
    if (text === last) return;
    last = text;
    options.changed(next);
  }
  function apply(event: FeedEvent): void {
    state = nextUpdateState(state, event, clock.now());
    publish();
  }

  const offFeed = feed?.onEvent(apply);

  async function checkNow(): Promise<void> {
    lastAttemptAt = clock.now();
    try {
      await feed?.check();
    } catch (error) {
      apply({ kind: 'error', ...codeOf(error) });
    }
  }

  async function run(): Promise<void> {
    while (!closed.signal.aborted) {
      const now = clock.now();
      const dueAt = nextCheckAt(lastAttemptAt, startedAt);
      if (now >= dueAt && checkDue(state, lastAttemptAt, now)) {
        await checkNow();
        continue;
      }
      // Off, downloading or waiting for a restart: look again in a day, or when woken.
      const waitMs = now >= dueAt ? CHECK_EVERY_MS : dueAt - now;
      await clock.sleep(waitMs, AbortSignal.any([closed.signal, wake.signal]));
      if (wake.signal.aborted) wake = new AbortController();
    }
  }
  // Without a feed (not an installed app) there is nothing to ask: no loop, no timer.
  if (feed) void run();

  return {
    status,
    busyChanged: publish,
    settingsChanged() {
      const enabled = options.enabled();
      if (enabled === (state.phase !== 'off')) return;
      state = withChecksEnabled(state, enabled);
      // Switched on again: due checks run now rather than at the end of the current wait.
      if (enabled) wake.abort();
      publish();
    },
    restart() {
      const refused = restartRefusal(state, options.busy());
      if (refused) return fail(refused);
      feed?.install();
      return ok(undefined);
    },
    close() {
      closed.abort();
      offFeed?.();
    },
  };
}

function codeOf(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : {};
}
