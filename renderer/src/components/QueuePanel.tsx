// The queue: a header with counts, overall progress and batch actions, then one row per
// file in a virtualized list so thousands of rows scroll and update smoothly. Failed files
// are listed first and stay until dismissed one by one ("Clear finished" keeps them).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { failuresFirst, keepOrder, summarizeQueue } from '../view/queue-summary.ts';
import { formatFiles } from '../view/words.ts';
import { useT } from '../i18n.tsx';
import { formatPercent } from '../../../shared/i18n/index.ts';
import { Icon } from './icons.tsx';
import { QueueRow } from './QueueRow.tsx';
import { StartingRow } from './StartingRow.tsx';
import { BatchTokens } from './BatchTokens.tsx';

export function QueuePanel() {
  return (
    <section className="panel queue" aria-labelledby="queue-title" data-testid="queue">
      <BatchHeader />
      <QueueList />
    </section>
  );
}

function BatchHeader() {
  const byId = useAppState((state) => state.jobs.byId);
  const checking = useAppState((state) => state.startingRows?.files.length ?? 0);
  const paused = useAppState((state) => state.engine.paused);
  const { pauseAll, resumeAll, clearFinished } = useActions();
  const summary = useMemo(() => summarizeQueue(byId.values(), checking), [byId, checking]);
  const t = useT();
  const counts = [
    formatFiles(summary.total),
    summary.checking > 0 && t('app.queue.checking', { count: summary.checking }),
    t('app.queue.done', { count: summary.done }),
    summary.failed > 0 && t('app.queue.failed', { count: summary.failed }),
    summary.cancelled > 0 && t('app.queue.cancelled', { count: summary.cancelled }),
    summary.active > 0 && t('app.queue.active', { count: summary.active }),
    summary.waiting > 0 && t('app.queue.waiting', { count: summary.waiting }),
  ].filter(Boolean);
  const unfinished = summary.total - summary.finished;
  return (
    <div className="batch-header">
      <div className="batch-title">
        <h2 id="queue-title">
          {paused && unfinished > 0 ? t('app.queue.titlePaused') : t('app.queue.title')}
        </h2>
        <p className="batch-counts" data-testid="batch-counts">
          {counts.join(' · ')}
        </p>
        <BatchTokens />
      </div>
      <div className="batch-progress">
        <progress
          id="overall-progress"
          max={100}
          value={summary.percent}
          aria-label={t('app.queue.progress')}
        />
        <span aria-hidden="true">{formatPercent(summary.percent / 100)}</span>
      </div>
      <div className="button-row">
        {paused ? (
          // Shown while paused even with nothing left: files added meanwhile wait for it.
          <button type="button" className="button secondary" onClick={() => void resumeAll()}>
            <Icon name="play" />
            <span>{t('app.queue.resumeAll')}</span>
          </button>
        ) : (
          // Nothing left to run: nothing to pause.
          unfinished > 0 && (
            <button type="button" className="button secondary" onClick={() => void pauseAll()}>
              <Icon name="pause" />
              <span>{t('app.queue.pauseAll')}</span>
            </button>
          )
        )}
        <button
          type="button"
          className="button secondary"
          onClick={() => void clearFinished()}
          disabled={summary.done + summary.cancelled === 0}
        >
          <Icon name="check" />
          <span>{t('app.queue.clearFinished')}</span>
        </button>
      </div>
    </div>
  );
}

/** A two-line row's height, held exactly by `.job`'s min-height in queue.css: a row measured
 *  at its estimate is placed once, not laid out and rendered again in the same frame. */
const ROW_ESTIMATE_PX = 52;

function QueueList() {
  const jobs = useAppState((state) => state.jobs);
  const starting = useAppState((state) => state.startingRows?.files);
  // Same ids in the same order keep one array and one key function: the virtualizer
  // recomputes every row's offset whenever its key function changes.
  const shown = useRef<readonly string[] | undefined>(undefined);
  const order = useMemo(() => {
    shown.current = keepOrder(shown.current, failuresFirst(jobs.order, jobs.byId));
    return shown.current;
  }, [jobs]);
  // Files on their way in (rows first) come after the jobs, as their jobs will.
  const count = order.length + (starting?.length ?? 0);
  const getItemKey = useCallback(
    (index: number) => order[index] ?? `checking:${starting?.[index - order.length]?.stageId ?? index}`,
    [order, starting],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const t = useT();
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey,
    overscan: 6,
  });
  return (
    <div className="queue-scroll" ref={scroller} data-testid="queue-scroll">
      <ul
        className="queue-list"
        aria-label={t('app.queue.list')}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const id = order[item.index];
          const file = id === undefined ? starting?.[item.index - order.length] : undefined;
          return (
            <li
              key={item.key}
              className="queue-item"
              data-index={item.index}
              ref={virtualizer.measureElement}
              aria-setsize={count}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {id !== undefined ? <QueueRow id={id} /> : file && <StartingRow file={file} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
