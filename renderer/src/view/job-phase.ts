// What a queue row says about a job: one short phase label, a bar value, and which actions
// make sense. Pure, so the words are tested without a browser. The words depend on where the
// file is converted: offline nothing leaves the computer, so there is no server to wait for
// and nothing to download (Queued / Converting / Saving); phaseWords is the one place that
// choice is made.
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

/** Where the file is converted: the service, or this computer (the offline converter). */
export type WhereConverted = 'cloud' | 'local';

/** Failures a plain retry cannot fix (the file or the choice has to change first): the row
 *  offers no "Retry" then, only the sentence that says what to do. */
const NOT_RETRYABLE = new Set([
  'unsupported_conversion',
  'unsupported_format',
  'unknown_format',
  'archive_input',
  'is_directory',
  'file_empty',
  'file_too_large',
  'corrupt_input',
  'conversion_timeout',
  'conversion_memory',
  'result_too_large',
]);

interface PhaseWords {
  /** In line, nothing sent yet. */
  queued: string;
  /** Sending the file; `percent` of it sent. */
  sending(percent: string): string;
  /** Sent, the converter has not said how far it is: the bar pulses. */
  working: string;
  converting(percent: string): string;
  /** Fetching the result and writing it next to the source. */
  fetching(percent: string): string;
}

/** Offline, a failure to reach the converter is this computer's, not the internet's. */
const LOCAL_FAILURES: Readonly<Record<string, string>> = {
  network: 'local_converter_stopped',
  server_error: 'local_converter_stopped',
  protocol: 'local_converter_stopped',
};

/** A failed file's sentence, told for where it was converted. */
export function failureDetail(job: JobView, where: WhereConverted): string {
  const code = job.error?.code ?? 'internal';
  const local = where === 'local' ? LOCAL_FAILURES[code] : undefined;
  if (local) return messageFor(local);
  return job.error ? failureMessage(job.error) : messageFor(code);
}

/** The words for the moving phases, by where the file is converted. */
export function phaseWords(where: WhereConverted): PhaseWords {
  if (where === 'local') {
    // Offline the "upload" is a copy on this computer and the "download" is the save.
    return {
      queued: t('app.phase.queued'),
      sending: () => t('app.phase.convertingLocal'),
      working: t('app.phase.convertingLocal'),
      converting: (percent) => t('app.phase.converting', { percent }),
      fetching: () => t('app.phase.saving'),
    };
  }
  return {
    queued: t('app.phase.waiting'),
    sending: (percent) => t('app.phase.uploading', { percent }),
    working: t('app.phase.waitingServer'),
    converting: (percent) => t('app.phase.converting', { percent }),
    fetching: (percent) => t('app.phase.downloading', { percent }),
  };
}

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

export function describeJob(
  job: JobView,
  now: number,
  cancelling = false,
  where: WhereConverted = 'cloud',
): JobPhase {
  const words = phaseWords(where);
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
        detail: failureDetail(job, where),
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
        // Offline nothing was charged: no tokens to keep, only a converter to ask again.
        detail: messageFor(where === 'local' ? 'stalled_local' : 'stalled'),
        retryLabel: t('app.action.checkAgain'),
        canCancel: true,
        canRemove: true,
      };
    default:
      break;
  }
  const waiting = waitLabel(job, now);
  if (waiting) return { ...base, ...waiting, tone: 'waiting', canCancel: true, canRemove: true };
  const moving = { ...base, tone: 'active' as const, canCancel: true };
  switch (job.state) {
    case 'uploading':
      // Every byte sent, the answer not in yet: the converter has it, not the network.
      return job.progress >= 1
        ? { ...moving, label: words.working, indeterminate: true }
        : { ...moving, label: words.sending(pct(job.progress)) };
    case 'processing':
      return job.progress > 0
        ? { ...moving, label: words.converting(pct(job.progress)) }
        : { ...moving, label: words.working, indeterminate: true };
    case 'downloading':
      return { ...moving, label: words.fetching(pct(job.progress)) };
    case 'pending':
      return { ...base, label: t('app.phase.onHold'), tone: 'waiting', canCancel: true, canRemove: true };
    default:
      return { ...base, label: words.queued, tone: 'idle', canCancel: true, canRemove: true };
  }
}
