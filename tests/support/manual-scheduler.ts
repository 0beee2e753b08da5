// A scheduler for launch batches whose time moves only when a test says so (no real waits).
import type { Scheduler } from '../../electron/app-service/launch/launch-batches.ts';

/** A scheduler whose time moves only when the test says so. */
export function manualScheduler() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const scheduler: Scheduler = {
    set(run, ms) {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clear(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    scheduler,
    pending: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}
