// What a queue row says about a job: one short phase label, a bar value, and which actions
// make sense. Pure, so the words are tested without a browser.
import { formatPercent, formatSeconds, t } from '../../../shared/i18n/index.ts';
import { failureMessage, messageFor } from '../../../shared/messages.ts';
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

const pct = (progress: number) => formatPercent(Math.round(Math.min(1, Math.max(0, progress)) * 100) / 100);

/** Whole seconds left until `until`, never below 0. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

function waitLabel(job: JobView, now: number): Pick<JobPhase, 'label' | 'detail' | 'retryLabel'> | undefined {
  const wait = job.wait;
  if (!wait) return undefined;
  switch (wait.kind) {
    case 'rate-limited':
      return { label: t('app.phase.rateLimited', { duration: formatSeconds(secondsLeft(wait.until, now)) }) };
    case 'retrying':
      return { label: t('app.phase.retrying', { duration: formatSeconds(secondsLeft(wait.until, now)) }) };
    case 'tokens':
      // After a top-up the person sends it again; nothing was charged for it.
      return {
        label: t('app.phase.waitingTokens'),
        detail: messageFor('insufficient_tokens'),
        retryLabel: t('app.action.resume'),
      };
    case 'paused':
      return { label: t('app.phase.paused') };
    case 'needs-key':
      return { label: t('app.phase.needsKey'), detail: messageFor('no_api_key') };
  }
}

export function describeJob(job: JobView, now: number, cancelling = false): JobPhase {
  const percent = jobPercent(job);
  const base = { percent, indeterminate: false, canCancel: false, canRemove: false };
  if (cancelling && !FINAL_STATES.has(job.state)) {
    return { ...base, label: t('app.phase.cancelling'), tone: 'waiting', indeterminate: true };
  }
  switch (job.state) {
    case 'completed':
      return { ...base, label: t('app.phase.done'), tone: 'done', canRemove: true };
    case 'failed': {
      const code = job.error?.code ?? 'internal';
      return {
        ...base,
        label: t('app.phase.failed'),
        tone: 'failed',
        detail: job.error ? failureMessage(job.error) : messageFor(code),
        retryLabel: NOT_RETRYABLE.has(code) ? undefined : t('app.action.retry'),
        canRemove: true,
      };
    }
    case 'cancelled':
      return {
        ...base,
        label: t('app.phase.cancelled'),
        tone: 'cancelled',
        retryLabel: t('app.action.retry'),
        canRemove: true,
      };
    case 'stalled':
      return {
        ...base,
        label: t('app.phase.stalled'),
        tone: 'stalled',
        detail: messageFor('stalled'),
        retryLabel: t('app.action.checkAgain'),
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
        ? {
            ...base,
            label: t('app.phase.waitingServer'),
            tone: 'active',
            indeterminate: true,
            canCancel: true,
          }
        : {
            ...base,
            label: t('app.phase.uploading', { percent: pct(job.progress) }),
            tone: 'active',
            canCancel: true,
          };
    case 'processing':
      return job.progress > 0
        ? {
            ...base,
            label: t('app.phase.converting', { percent: pct(job.progress) }),
            tone: 'active',
            canCancel: true,
          }
        : {
            ...base,
            label: t('app.phase.waitingServer'),
            tone: 'active',
            indeterminate: true,
            canCancel: true,
          };
    case 'downloading':
      return {
        ...base,
        label: t('app.phase.downloading', { percent: pct(job.progress) }),
        tone: 'active',
        canCancel: true,
      };
    case 'pending':
      return { ...base, label: t('app.phase.onHold'), tone: 'waiting', canCancel: true, canRemove: true };
    default:
      return { ...base, label: t('app.phase.waiting'), tone: 'idle', canCancel: true, canRemove: true };
  }
}
