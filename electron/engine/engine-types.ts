// The engine's public option and record types (index.ts re-exports them).
import type { ConflictPolicy, EngineStatus } from '../../shared/ipc/contract.ts';
import type { BatchSummary, JobView, TokenBalance } from '../../shared/jobs.ts';
import type { RemoteResult } from './api/api-client.ts';
import type { ProxySetting } from './api/network.ts';
import type { PollTiming } from './jobs/poll-schedule.ts';
import type { RetryTiming } from './api/retry-policy.ts';
import type { Clock } from '../../shared/clock.ts';
import type { CapVerdict, SpendCaps } from './spend/spend-cap.ts';

export type { ConflictPolicy, EngineStatus };

export interface EngineTiming {
  poll?: Partial<PollTiming>;
  retry?: Partial<RetryTiming>;
  /** ?wait= for files up to the server's syncMaxBytes; 0 turns the sync path off. */
  syncWaitSeconds?: number;
  /** At most one progress event per job per this many ms (state changes are never held). */
  progressIntervalMs?: number;
  /** Journal writes start at least this many ms apart (journal.ts); default 50. */
  journalSpacingMs?: number;
}

export interface EngineOptions {
  api: { url: string; key: string };
  stateDir: string;
  concurrency?: { upload?: number; poll?: number; download?: number };
  /** Default: next to each source file. */
  output?: { dir?: string };
  conflict?: ConflictPolicy;
  /** The local server: balance events say offline (free). */
  offline?: boolean;
  /** Which proxy the engine's one HTTP stack uses (default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY). */
  proxy?: ProxySetting;
  timing?: EngineTiming;
  /** The engine's time: the system clock unless a test hands one it controls. */
  clock?: Clock;
}

/** One job as the journal keeps it: the view plus what is needed to resume it safely. */
export interface JobRecord extends Omit<JobView, 'wait'> {
  wait?: JobView['wait'];
  /** The API base URL the job was sent to; a resume only touches jobs of its own endpoint. */
  endpoint: string;
  outDir?: string;
  conflict: ConflictPolicy;
  /** Newer batches first: files the person just added jump the queue. */
  priority: number;
  /** Sent with every POST of this job; a re-send uses the same one (no double charge). */
  idempotencyKey?: string;
  result?: RemoteResult;
  /** The temp file of a download in flight, removed on resume if a crash left it. */
  partPath?: string;
  /** The final path a finished download is being renamed to, with its size and sha256, on
   *  disk BEFORE the rename: after a crash, a file found there that matches is adopted. */
  placing?: { path: string; bytes: number; sha256: string };
  /** Tokens were taken and not given back (accepted, not failed, not cancelled early). */
  charged?: boolean;
  acceptedAt?: number;
  deadlineAt?: number;
  /** Held by the person (pause on the job), not by the engine. */
  heldByUser?: boolean;
}

export interface BatchRecord {
  id: string;
  createdAt: number;
  jobIds: string[];
  skipped: { source: string; reason: string }[];
}

export interface EngineEvents {
  job: JobView;
  balance: TokenBalance;
  status: EngineStatus;
  batch: BatchSummary;
}
export type EngineEventName = keyof EngineEvents;

export interface ExpandedFile {
  path: string;
  name: string;
  bytes: number;
  from: string;
  targets: string[];
}
export interface SkippedInput {
  path: string;
  name: string;
  /** A key of shared/messages.ts. */
  code: string;
  reason: string;
  /** The person named this very file (not a folder it sits in) and it cannot be taken at all
   *  (missing, unreadable, wrong format): for `ifc`, bad input. */
  named?: true;
}

export interface EstimateResult {
  total: number;
  balance: number;
  shortfall: number;
  fitCount: number;
  fitTokens: number;
  /** Each item's cost in the order given (the pricing rule); null for a file gone meanwhile. */
  costs: (number | null)[];
  /** Set when the batch passes a spend cap (spend/spend-cap.ts). */
  cap?: CapVerdict;
}

/** Spend caps for one batch, with what the month has spent so far (the caller keeps that). */
export interface BatchCaps extends SpendCaps {
  monthSpent?: number;
}

export interface SubmitItem {
  source: string;
  to: string;
  outDir?: string;
}
export interface SubmitOptions {
  /** Convert the files that fit the balance (in the order given), leave the rest pending. */
  partial?: boolean;
  conflict?: ConflictPolicy;
  /** Files the caller already set aside (e.g. unconvertible ones), for the batch summary. */
  skipped?: { source: string; reason: string }[];
  /** Refuse a batch past a spend cap before any upload (with `partial`: only what fits is sent,
   *  the rest set aside as skipped). */
  caps?: BatchCaps;
}
