// A list that scrolls inside its box says so: "3 more files below: scroll the list", as a
// button that scrolls to them. Without it, files past the box's edge look like they are not there.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n.tsx';
import { rowsBelow } from '../view/rows-below.ts';

export function useMoreBelow(rows: number) {
  const listRef = useRef<HTMLUListElement>(null);
  const [below, setBelow] = useState(0);
  const update = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    const box = list.getBoundingClientRect();
    const rows = [...list.querySelectorAll('.staged-row')].map((row) => row.getBoundingClientRect());
    // The inside of the box: its border is not room for a row.
    setBelow(rowsBelow(rows, box.top + list.clientTop + list.clientHeight));
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure when rows come or go
  useEffect(() => {
    const list = listRef.current;
    update();
    if (!list || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(list);
    return () => observer.disconnect();
  }, [update, rows]);
  const scrollDown = useCallback(() => {
    const list = listRef.current;
    list?.scrollBy({ top: list.clientHeight * 0.8 });
  }, []);
  return { listRef, below, update, scrollDown };
}

export function MoreBelow(props: { count: number; onShow(): void }) {
  const t = useT();
  if (props.count === 0) return null;
  return (
    <button
      type="button"
      className="button ghost small more-below"
      onClick={props.onShow}
      data-testid="more-below"
    >
      {t('app.staging.moreBelow', { count: props.count })}
    </button>
  );
}
