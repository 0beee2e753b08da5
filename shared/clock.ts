// Time as the engine and the local server see it. Production uses the system clock; tests
// hand both the same clock they control (tests/support/manual-clock.ts), so a Retry-After,
// a retention period, a rate window or a poll schedule passes when the test says so, not
// after real seconds of waiting.
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` have passed on this clock, or at once (quietly) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node timers overflow past 2^31-1 ms, so longer waits are slept in clamped steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    const until = Date.now() + Math.max(0, ms);
    for (;;) {
      const left = until - Date.now();
      if (left <= 0 || signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, MAX_TIMER_MS));
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  },
};

/** Sleeps until the epoch instant `until` on `clock`. */
export function sleepUntil(clock: Clock, until: number, signal?: AbortSignal): Promise<void> {
  return clock.sleep(Math.max(0, until - clock.now()), signal);
}
