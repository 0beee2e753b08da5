// What the window and the tray know about app updates (electron/app-service/updates decides).
import type { Failure } from './result.ts';

export type UpdatePhase =
  /** Checks are switched off in Settings. */
  | 'off'
  /** Nothing to do: no check yet, or this is the newest version. */
  | 'current'
  | 'checking'
  /** A newer version is being downloaded in the background. */
  | 'downloading'
  /** Downloaded and checked (sha512): "Restart to update" (when nothing is converting). */
  | 'ready'
  /** The last check or download failed; the next daily check tries again. */
  | 'failed';

export interface UpdateStatus {
  phase: UpdatePhase;
  /** The newer version (downloading, ready). */
  version?: string;
  /** Download progress 0-100 (downloading). */
  percent?: number;
  /** Ready and nothing converting (no batch, no watch-folder file): a restart loses nothing. */
  canRestart: boolean;
  /** Why the last check or download failed: a code with its one sentence. */
  problem?: Failure;
  /** Epoch ms of the last finished check. */
  checkedAt?: number;
}
