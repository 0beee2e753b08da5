// A watch folder in the words of Settings -> Watch folders: what it takes and makes, what
// happens to the originals, what it is doing now, and what the person can do about it.
import type { AfterSuccess, WatchFolderEntry, WatchRule, WatchStatus } from '../../../shared/watch.ts';
import { formatShort, formatTokens, plural } from './words.ts';

export type WatchTone = 'done' | 'active' | 'waiting' | 'failed' | 'cancelled';

export interface WatchStateWords {
  label: string;
  tone: WatchTone;
  /** What it means or what to do, when there is something to say. */
  detail?: string;
}

export const AFTER_CHOICES: readonly { value: AfterSuccess; label: string }[] = [
  { value: 'keep', label: 'Leave the original where it is' },
  { value: 'move', label: 'Move the original into a "Converted" folder inside the watched folder' },
  { value: 'trash', label: 'Move the original to the trash' },
];

/** Every target format the service offers for at least one source format, sorted. */
export function targetsOffered(conversions: Record<string, string[]>): string[] {
  return [...new Set(Object.values(conversions).flat())].sort();
}

const AFTER_SHORT: Record<AfterSuccess, string> = {
  keep: 'Originals stay',
  move: 'Originals moved to "Converted"',
  trash: 'Originals moved to the trash',
};

/** The short form for a rule's summary line. */
export function afterWords(after: AfterSuccess): string {
  return AFTER_SHORT[after];
}

/** "PDF → XLSX", or "Any type → XLSX" when the rule takes everything that converts. */
export function formatsWords(rule: Pick<WatchRule, 'from' | 'to'>): string {
  const from = rule.from.length === 0 ? 'Any type' : rule.from.map(formatShort).join(', ');
  return `${from} → ${formatShort(rule.to)}`;
}

export function outputWords(rule: Pick<WatchRule, 'outDir'>): string {
  return rule.outDir ? `Saved in ${rule.outDir}` : 'Saved next to each original';
}

export function watchStateWords(entry: WatchFolderEntry): WatchStateWords {
  const { status } = entry;
  if (status.error?.code === 'watch_folder_missing') {
    return { label: 'Folder missing', tone: 'failed', detail: status.error.message };
  }
  switch (status.state) {
    case 'watching':
      return { label: 'Watching', tone: 'done' };
    case 'starting':
      return { label: 'Starting…', tone: 'active' };
    case 'paused':
      return {
        label: 'Paused',
        tone: 'cancelled',
        detail: 'New files are noticed and wait until you resume.',
      };
    case 'waiting-tokens':
      return {
        label: 'Waiting for tokens',
        tone: 'waiting',
        detail: status.waiting
          ? `The next file needs ${formatTokens(status.waiting.required)} and your balance is ${formatTokens(status.waiting.balance)}. It carries on by itself once you top up.`
          : 'It carries on by itself once you top up.',
      };
    case 'error':
      return {
        label: 'Not watching',
        tone: 'failed',
        ...(status.error ? { detail: status.error.message } : {}),
      };
    case 'stopped':
      return {
        label: 'Not running',
        tone: 'cancelled',
        detail: 'It starts once files can be converted: add an API key, or convert on this computer.',
      };
  }
}

/**
 * The row's first button: pause a running rule, resume a paused one, or try again when the
 * rule could not start or its folder went away (main then looks for the folder afresh).
 */
export function primaryWatchAction(entry: WatchFolderEntry): 'pause' | 'resume' | 'retry' {
  if (entry.rule.paused) return 'resume';
  if (entry.status.state === 'error' || entry.status.error?.code === 'watch_folder_missing') return 'retry';
  return 'pause';
}

/** "3 converted · 1 failed · 2 waiting", only what is not zero; counts since the app started. */
export function countsWords(status: WatchStatus): string | undefined {
  const parts = [
    status.converted > 0 && `${plural(status.converted, 'file')} converted`,
    status.inFlight > 0 && `${status.inFlight} converting`,
    status.settling + status.queued > 0 && `${status.settling + status.queued} waiting`,
    status.failed > 0 && `${status.failed} failed`,
    status.skipped > 0 && `${status.skipped} skipped`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
