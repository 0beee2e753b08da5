// The queue: a header with counts, overall progress and batch actions, then one row per
// file in a virtualized list so thousands of rows scroll and update smoothly.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { summarizeQueue } from '../view/queue-summary.ts';
import { formatCount, plural } from '../view/words.ts';
import { Icon } from './icons.tsx';
import { QueueRow } from './QueueRow.tsx';

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
  const paused = useAppState((state) => state.engine.paused);
  const { pauseAll, resumeAll, clearFinished } = useActions();
  const summary = useMemo(() => summarizeQueue(byId.values()), [byId]);
  const counts = [
    plural(summary.total, 'file'),
    `${formatCount(summary.done)} done`,
    summary.failed > 0 && `${formatCount(summary.failed)} failed`,
    summary.cancelled > 0 && `${formatCount(summary.cancelled)} cancelled`,
    summary.active > 0 && `${formatCount(summary.active)} in progress`,
    summary.waiting > 0 && `${formatCount(summary.waiting)} waiting`,
  ].filter(Boolean);
  const unfinished = summary.total - summary.finished;
  return (
    <div className="batch-header">
      <div className="batch-title">
        <h2 id="queue-title">{paused && unfinished > 0 ? 'Queue (paused)' : 'Queue'}</h2>
        <p className="batch-counts" data-testid="batch-counts">
          {counts.join(' · ')}
        </p>
      </div>
      <div className="batch-progress">
        <progress id="overall-progress" max={100} value={summary.percent} aria-label="Overall progress" />
        <span aria-hidden="true">{summary.percent} %</span>
      </div>
      <div className="button-row">
        {paused ? (
          <button type="button" className="button secondary" onClick={() => void resumeAll()}>
            <Icon name="play" />
            <span>Resume all</span>
          </button>
        ) : (
          // Enabled with nothing running too: files added while paused wait.
          <button type="button" className="button secondary" onClick={() => void pauseAll()}>
            <Icon name="pause" />
            <span>Pause all</span>
          </button>
        )}
        <button
          type="button"
          className="button secondary"
          onClick={() => void clearFinished()}
          disabled={summary.finished === 0}
        >
          <Icon name="check" />
          <span>Clear finished</span>
        </button>
      </div>
    </div>
  );
}

const ROW_ESTIMATE_PX = 84;

function QueueList() {
  const order = useAppState((state) => state.jobs.order);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey: (index) => order[index] ?? index,
    overscan: 6,
  });
  return (
    <div className="queue-scroll" ref={scroller} data-testid="queue-scroll">
      <ul
        className="queue-list"
        aria-label="Files in the queue"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => (
          <li
            key={item.key}
            className="queue-item"
            data-index={item.index}
            ref={virtualizer.measureElement}
            aria-setsize={order.length}
            aria-posinset={item.index + 1}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <QueueRow id={order[item.index]!} />
          </li>
        ))}
      </ul>
    </div>
  );
}
