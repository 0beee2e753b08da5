// A watch folder in the words of Settings -> Watch folders: what it takes and makes, what
// happens to the originals, what it is doing now, and what the person can do about it.
import type { AfterSuccess, WatchFolderEntry, WatchRule, WatchStatus } from '../../../shared/watch.ts';
import { t } from '../../../shared/i18n/index.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { formatShort, formatTokens } from './words.ts';

export type WatchTone = 'done' | 'active' | 'waiting' | 'failed' | 'cancelled';

export interface WatchStateWords {
  label: string;
  tone: WatchTone;
  /** What it means or what to do, when there is something to say. */
  detail?: string;
}

/** The choices for "After a file is converted", in the window's language. */
export function afterChoices(): readonly { value: AfterSuccess; label: string }[] {
  return [
    { value: 'keep', label: t('watch.after.keep') },
    { value: 'move', label: t('watch.after.move') },
    { value: 'trash', label: t('watch.after.trash') },
  ];
}

/** Every target format the service offers for at least one source format, sorted. */
export function targetsOffered(conversions: Record<string, string[]>): string[] {
  return [...new Set(Object.values(conversions).flat())].sort();
}

/** The short form for a rule's summary line. */
export function afterWords(after: AfterSuccess): string {
  return t(`watch.afterShort.${after}`);
}

/** "PDF → XLSX", or "Any type → XLSX" when the rule takes everything that converts. */
export function formatsWords(rule: Pick<WatchRule, 'from' | 'to'>): string {
  const from = rule.from.length === 0 ? t('watch.anyType') : rule.from.map(formatShort).join(', ');
  return t('watch.formats', { from, to: formatShort(rule.to) });
}

export function outputWords(rule: Pick<WatchRule, 'outDir'>): string {
  return rule.outDir ? t('watch.savedIn', { folder: rule.outDir }) : t('watch.savedNext');
}

export function watchStateWords(entry: WatchFolderEntry): WatchStateWords {
  const { status } = entry;
  if (status.error?.code === 'watch_folder_missing') {
    return { label: t('watch.state.missing'), tone: 'failed', detail: failureMessage(status.error) };
  }
  switch (status.state) {
    case 'watching':
      return { label: t('watch.state.watching'), tone: 'done' };
    case 'starting':
      return { label: t('watch.state.starting'), tone: 'active' };
    case 'paused':
      return {
        label: t('watch.state.paused'),
        tone: 'cancelled',
        detail: t('watch.state.pausedDetail'),
      };
    case 'waiting-tokens':
      return {
        label: t('watch.state.waitingTokens'),
        tone: 'waiting',
        detail: status.waiting
          ? t('watch.state.waitingDetail', {
              required: formatTokens(status.waiting.required),
              balance: formatTokens(status.waiting.balance),
            })
          : t('watch.state.waitingDetailShort'),
      };
    case 'error':
      return {
        label: t('watch.state.error'),
        tone: 'failed',
        ...(status.error ? { detail: failureMessage(status.error) } : {}),
      };
    case 'stopped':
      return {
        label: t('watch.state.stopped'),
        tone: 'cancelled',
        detail: t('watch.state.stoppedDetail'),
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
    status.converted > 0 && t('watch.count.converted', { count: status.converted }),
    status.inFlight > 0 && t('watch.count.converting', { count: status.inFlight }),
    status.settling + status.queued > 0 &&
      t('watch.count.waiting', { count: status.settling + status.queued }),
    status.failed > 0 && t('watch.count.failed', { count: status.failed }),
    status.skipped > 0 && t('watch.count.skipped', { count: status.skipped }),
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
