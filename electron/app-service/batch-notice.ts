// What the OS notification says when batches finish, and the rule that there is ONE
// notification per batch, never one per file. Batches that end within a short window of each
// other (a drop of two folders, a resume at launch) are told together in one notification.
import { t } from '../../shared/i18n/index.ts';
import type { BatchSummary } from '../../shared/jobs.ts';

export interface Notice {
  title: string;
  body: string;
}

export const NOTICE_WINDOW_MS = 1500;

/** "12 converted, 1 failed" (and what is still waiting), or undefined if nothing happened. */
export function batchNotice(summaries: readonly BatchSummary[]): Notice | undefined {
  let completed = 0;
  let failed = 0;
  let pending = 0;
  // Left out before sending (gone since it was added, or its result exists and the setting
  // says skip): counted like the others, so a batch never reads as all done when it was not.
  let skipped = 0;
  for (const summary of summaries) {
    completed += summary.completed.length;
    failed += summary.failed.length;
    pending += summary.pending.length;
    skipped += summary.skipped.length;
  }
  if (completed + failed + pending + skipped === 0) return undefined;
  const parts = [t('desktop.notice.converted', { count: completed })];
  if (failed > 0) parts.push(t('desktop.notice.failedCount', { count: failed }));
  if (pending > 0) parts.push(t('desktop.notice.waiting', { count: pending }));
  if (skipped > 0) parts.push(t('desktop.notice.notConverted', { count: skipped }));
  const title =
    failed === 0 && pending === 0 && skipped === 0
      ? t('desktop.notice.finished')
      : completed === 0 && pending === 0 && skipped === 0
        ? t('desktop.notice.failed')
        : t('desktop.notice.problems');
  return { title, body: parts.join(', ') };
}

/** Collects finished batches and shows one notice per quiet window. */
export function createBatchNoticeQueue(windowMs: number, show: (notice: Notice) => void) {
  let waiting: BatchSummary[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    const notice = batchNotice(waiting);
    waiting = [];
    if (notice) show(notice);
  };
  return {
    add(summary: BatchSummary) {
      waiting.push(summary);
      timer ??= setTimeout(send, windowMs);
    },
    flush() {
      if (timer) clearTimeout(timer);
      send();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      waiting = [];
    },
  };
}
