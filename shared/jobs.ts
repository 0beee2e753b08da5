// The one model of a conversion job, shared by the engine, the journal, ifc and the window.

/** Engine states; the `ifc --json` `state` field uses exactly these words (cli.md). */
export const JOB_STATES = [
  'queued', // waiting in our queue, not yet sent
  'uploading',
  'processing', // accepted by the server, being converted (we poll)
  'downloading',
  'completed',
  'failed',
  'pending', // left for later: paused batch, not enough tokens, interrupted before upload
  'cancelled',
  'stalled', // accepted by the server but past its deadline; kept with its job id, never resubmitted
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINAL_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled']);

/** Sent and not yet back: uploading, on the server, or downloading. */
export const IN_FLIGHT_STATES: ReadonlySet<JobState> = new Set(['uploading', 'processing', 'downloading']);

/** Going on by itself: queued to be sent, or in flight (neither held nor final). */
export const MOVING_STATES: ReadonlySet<JobState> = new Set(['queued', ...IN_FLIGHT_STATES]);

/** Why a job is held even though it is not final, shown as "Waiting: ..." in the window. */
export type WaitReason =
  | { kind: 'rate-limited'; until: number } // epoch ms
  | { kind: 'retrying'; until: number; attempt: number }
  | { kind: 'tokens'; required?: number; balance?: number }
  | { kind: 'paused' }
  | { kind: 'needs-key' };

export interface JobError {
  code: string;
  message: string;
}

/** What every consumer sees of a job. Paths are absolute. */
export interface JobView {
  id: string;
  batchId: string;
  source: string;
  sourceName: string;
  bytes: number;
  from: string;
  to: string;
  state: JobState;
  /** 0..1 within the current state (upload bytes, server progress, download bytes). */
  progress: number;
  wait?: WaitReason;
  serverJobId?: string;
  output?: string;
  tokens?: number;
  /** The service charged `tokens` for this job and kept them (absent: an estimate, or refunded). */
  charged?: boolean;
  error?: JobError;
  /** A completed result's note from the service: what the conversion could not keep. */
  note?: string;
  createdAt: number;
  updatedAt: number;
}

export interface BatchSummary {
  batchId: string;
  completed: { source: string; output: string; tokens: number }[];
  failed: { source: string; code: string; message: string }[];
  pending: { source: string; state: JobState }[];
  skipped: { source: string; reason: string }[];
  tokensSpent: number;
  balance?: number;
}

export interface TokenBalance {
  tokens: number;
  /** True for the local server: conversions are free and the UI says "offline, free". */
  offline: boolean;
  checkedAt: number;
}
