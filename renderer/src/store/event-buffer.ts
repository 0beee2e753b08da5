// Events from main can come in bursts (thousands of rows changing at once). They are
// collected here and handed over together once per frame, so the store changes (and React
// renders) once per frame, not once per event.

export type Schedule = (run: () => void) => void;

export interface EventBuffer<T> {
  push(item: T): void;
  /** Hands over whatever is waiting right now (used before reading state in tests). */
  flush(): void;
}

export function createEventBuffer<T>(deliver: (items: T[]) => void, schedule: Schedule): EventBuffer<T> {
  let waiting: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (waiting.length === 0) return;
    const items = waiting;
    waiting = [];
    deliver(items);
  };
  return {
    push(item) {
      waiting.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    flush,
  };
}

/** Next animation frame, or a short timer when frames stop (hidden or minimised window). */
export function frameSchedule(run: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  const frame = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  frame?.(once);
  setTimeout(once, 100);
}
