// The updater's decisions, as pure functions: what the feed's events mean for the person, when
// the next check is due, and whether a restart is allowed now. No Electron, no timers: the
// scheduler (update-checks.ts) and main's thin adapter to electron-updater (electron/main/
// update-feed.ts) only feed events in and act on the answers.
import type { UpdatePhase, UpdateStatus } from '../../../shared/updates.ts';
import type { ErrorCode } from '../../../shared/messages.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { Failure } from '../../../shared/result.ts';

/** Checked at start, then once a day while the app runs. */
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
/** The first check waits this long after start: the window, the engine and the journal first. */
export const FIRST_CHECK_DELAY_MS = 30_000;

/** What electron-updater reports, in words this module understands (main translates). */
export type FeedEvent =
  | { kind: 'checking' }
  | { kind: 'current'; version: string }
  | { kind: 'available'; version: string }
  | { kind: 'progress'; percent: number }
  | { kind: 'downloaded'; version: string }
  /** `code` is electron-updater's (ERR_CHECKSUM_MISMATCH...) or Node's (ECONNREFUSED...). */
  | { kind: 'error'; code?: string };

export interface UpdateState {
  phase: UpdatePhase;
  version?: string;
  percent?: number;
  problem?: Failure;
  checkedAt?: number;
}

export function initialUpdateState(enabled: boolean): UpdateState {
  return { phase: enabled ? 'current' : 'off' };
}

function problem(code: ErrorCode, feedCode?: string): Failure {
  return { code, message: messageFor(code), ...(feedCode ? { details: { feedCode } } : {}) };
}

/**
 * The one sentence for a feed error. A checksum mismatch means the file that came is not the
 * one the feed describes: it is refused (electron-updater deletes it) and said so plainly.
 * Anything else while checking or downloading (no network, a 404, a feed that is not YAML)
 * waits for the next daily check; an error once downloaded can only come from installing.
 */
export function problemFor(phase: UpdatePhase, feedCode?: string): Failure {
  if (feedCode === 'ERR_CHECKSUM_MISMATCH') return problem('update_damaged', feedCode);
  if (phase === 'ready') return problem('update_install_failed', feedCode);
  return problem('update_failed', feedCode);
}

/** The state after one feed event at `now`. Events that do not fit the phase change nothing. */
export function nextUpdateState(state: UpdateState, event: FeedEvent, now: number): UpdateState {
  // Switched off: a check already under way may still answer; nothing it says is shown.
  if (state.phase === 'off') return state;
  switch (event.kind) {
    case 'checking':
      // A downloaded update stays offered: a new check does not take the button away.
      return state.phase === 'ready' ? state : { phase: 'checking', ...kept(state) };
    case 'current':
      return state.phase === 'ready' ? state : { phase: 'current', checkedAt: now };
    case 'available':
      return { phase: 'downloading', version: event.version, percent: 0, checkedAt: now };
    case 'progress':
      return state.phase === 'downloading'
        ? { ...state, percent: Math.max(0, Math.min(100, Math.round(event.percent))) }
        : state;
    case 'downloaded':
      return { phase: 'ready', version: event.version, checkedAt: state.checkedAt ?? now };
    case 'error':
      // One failure, one sentence: the check's promise failing after its error event repeats it.
      if (state.phase === 'failed') return state;
      return {
        phase: state.phase === 'ready' ? 'ready' : 'failed',
        ...(state.phase === 'ready' && state.version ? { version: state.version } : {}),
        problem: problemFor(state.phase, event.code),
        checkedAt: now,
      };
  }
}

function kept(state: UpdateState): Pick<UpdateState, 'checkedAt'> {
  return state.checkedAt === undefined ? {} : { checkedAt: state.checkedAt };
}

/** Switching checks off or on in Settings. Off forgets nothing downloaded on disk: the
 *  updater still installs it when the app quits, as it would have anyway. */
export function withChecksEnabled(state: UpdateState, enabled: boolean): UpdateState {
  if (!enabled) return { phase: 'off' };
  return state.phase === 'off' ? { phase: 'current' } : state;
}

/** Whether a check should start now: enabled, nothing under way or waiting, and it is due. */
export function checkDue(state: UpdateState, lastAttemptAt: number | undefined, now: number): boolean {
  if (state.phase === 'off' || state.phase === 'checking' || state.phase === 'downloading') return false;
  if (state.phase === 'ready') return false;
  return lastAttemptAt === undefined || now >= lastAttemptAt + CHECK_EVERY_MS;
}

/** When the next check is due (epoch ms). */
export function nextCheckAt(lastAttemptAt: number | undefined, startedAt: number): number {
  return lastAttemptAt === undefined ? startedAt + FIRST_CHECK_DELAY_MS : lastAttemptAt + CHECK_EVERY_MS;
}

/**
 * A restart installs the update and quits: never while a batch or a watch folder's file is
 * converting (`busy`), whatever the person clicks. Once idle, the offer comes back.
 */
export function restartAllowed(state: UpdateState, busy: boolean): boolean {
  return state.phase === 'ready' && !busy;
}

/** Why "Restart to update" is refused now, or undefined when it may go ahead. */
export function restartRefusal(state: UpdateState, busy: boolean): Failure | undefined {
  if (state.phase !== 'ready') return problem('update_not_ready');
  if (busy) return problem('update_busy');
  return undefined;
}

/** What the window and the tray show. */
export function updateStatus(state: UpdateState, busy: boolean): UpdateStatus {
  return {
    phase: state.phase,
    ...(state.version !== undefined ? { version: state.version } : {}),
    ...(state.percent !== undefined ? { percent: state.percent } : {}),
    ...(state.problem ? { problem: state.problem } : {}),
    ...(state.checkedAt !== undefined ? { checkedAt: state.checkedAt } : {}),
    canRestart: restartAllowed(state, busy),
  };
}
