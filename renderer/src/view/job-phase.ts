// What a queue row says about a job: one short phase label, a bar value, and which actions
// make sense. Pure, so the words are tested without a browser.
import { messageFor } from '../../../shared/messages.ts';
import { FINAL_STATES, type JobState, type JobView } from '../../../shared/jobs.ts';

export type PhaseTone = 'idle' | 'active' | 'waiting' | 'done' | 'failed' | 'cancelled' | 'stalled';

export interface JobPhase {
  label: string;
  tone: PhaseTone;
  /** 0..100 across the whole job (so the bar never runs backwards between phases). */
  percent: number;
  /** True while nothing measurable happens (waiting for the server): the bar pulses. */
  indeterminate: boolean;
  /** One plain sentence: what happened and what to do (failed, stalled, waiting for tokens). */
  detail?: string;
  canCancel: boolean;
  /** Label of the retry action when one makes sense ("Retry", "Check again"), else undefined. */
  retryLabel?: string;
  canRemove: boolean;
}

// Share of the bar each phase fills: uploading, then the server's work, then downloading.
const SPANS: Partial<Record<JobState, [number, number]>> = {
  uploading: [0, 30],
  processing: [30, 85],
  downloading: [85, 100],
};

/** Failures a plain retry cannot fix (the file or the choice has to change first). */
const NOT_RETRYABLE = new Set([
  'unsupported_conversion',
  'unsupported_format',
  'unknown_format',
  'is_directory',
  'file_empty',
]);

export function jobPercent(job: JobView): number {
  if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled') return 100;
  const span = SPANS[job.state];
  if (!span) return job.state === 'stalled' ? SPANS.processing![1] : 0;
  const progress = Math.min(1, Math.max(0, job.progress));
  return Math.round(span[0] + (span[1] - span[0]) * progress);
}

const pct = (progress: number) => `${Math.round(Math.min(1, Math.max(0, progress)) * 100)} %`;

/** Whole seconds left until `until`, never below 0. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

function waitLabel(job: JobView, now: number): Pick<JobPhase, 'label' | 'detail' | 'retryLabel'> | undefined {
  const wait = job.wait;
  if (!wait) return undefined;
  switch (wait.kind) {
    case 'rate-limited':
      return { label: `Waiting: server busy ${secondsLeft(wait.until, now)} s` };
    case 'retrying':
      return { label: `Connection problem, trying again in ${secondsLeft(wait.until, now)} s` };
    case 'tokens':
      // After a top-up the person sends it again; nothing was charged for it.
      return { label: 'Waiting for tokens', detail: messageFor('insufficient_tokens'), retryLabel: 'Resume' };
    case 'paused':
      return { label: 'Paused' };
    case 'needs-key':
      return { label: 'Waiting for an API key', detail: messageFor('no_api_key') };
  }
}

export function describeJob(job: JobView, now: number, cancelling = false): JobPhase {
  const percent = jobPercent(job);
  const base = { percent, indeterminate: false, canCancel: false, canRemove: false };
  if (cancelling && !FINAL_STATES.has(job.state)) {
    return { ...base, label: 'Cancelling…', tone: 'waiting', indeterminate: true };
  }
  switch (job.state) {
    case 'completed':
      return { ...base, label: 'Done', tone: 'done', canRemove: true };
    case 'failed': {
      const code = job.error?.code ?? 'internal';
      return {
        ...base,
        label: 'Failed',
        tone: 'failed',
        detail: job.error?.message ?? messageFor(code),
        retryLabel: NOT_RETRYABLE.has(code) ? undefined : 'Retry',
        canRemove: true,
      };
    }
    case 'cancelled':
      return { ...base, label: 'Cancelled', tone: 'cancelled', retryLabel: 'Retry', canRemove: true };
    case 'stalled':
      return {
        ...base,
        label: 'Stalled',
        tone: 'stalled',
        detail: messageFor('stalled'),
        retryLabel: 'Check again',
        canCancel: true,
        canRemove: true,
      };
    default:
      break;
  }
  const waiting = waitLabel(job, now);
  if (waiting) return { ...base, ...waiting, tone: 'waiting', canCancel: true, canRemove: true };
  switch (job.state) {
    case 'uploading':
      // Every byte sent, the answer not in yet: the server has it, not the network.
      return job.progress >= 1
        ? { ...base, label: 'Waiting for the server', tone: 'active', indeterminate: true, canCancel: true }
        : { ...base, label: `Uploading ${pct(job.progress)}`, tone: 'active', canCancel: true };
    case 'processing':
      return job.progress > 0
        ? { ...base, label: `Converting ${pct(job.progress)}`, tone: 'active', canCancel: true }
        : { ...base, label: 'Waiting for the server', tone: 'active', indeterminate: true, canCancel: true };
    case 'downloading':
      return { ...base, label: `Downloading ${pct(job.progress)}`, tone: 'active', canCancel: true };
    case 'pending':
      return { ...base, label: 'On hold', tone: 'waiting', canCancel: true, canRemove: true };
    default:
      return { ...base, label: 'Waiting', tone: 'idle', canCancel: true, canRemove: true };
  }
}
