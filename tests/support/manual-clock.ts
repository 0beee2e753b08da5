// A clock the test moves. Hand the same one to the local server and the engine: a
// Retry-After, a retention period, a rate window or a poll schedule then passes when the test
// says so, and the request log's times are this clock's, so "nothing was sent before the
// window ended" is checked exactly instead of by waiting real seconds.
import { type Clock, MAX_TIMER_MS } from '../../shared/clock.ts';

interface Sleeper {
  wakeAt: number;
  wake: () => void;
}

/** A Monday morning, far from any DST change or second boundary surprise. */
const START = Date.UTC(2026, 0, 5, 9, 0, 0);

/** Lets everything already scheduled (I/O callbacks, promise chains) run before going on. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ManualClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  private readonly watchers = new Set<() => void>();

  constructor(start = START) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        wakeAt: this.time + Math.max(0, ms),
        wake: () => {
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.sleepers.push(sleeper);
      for (const watcher of this.watchers) watcher();
    });
  }

  /** When each current sleeper wakes, earliest first. */
  get wakeTimes(): number[] {
    return this.sleepers.map((sleeper) => sleeper.wakeAt).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, waking sleepers in time order, each at its own instant. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const next = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.wakeAt);
      next.wake();
      await turn();
    }
    this.time = target;
    await turn();
  }

  /**
   * Resolves once something sleeps on this clock with a wake time `matching`: the positive
   * event a test waits for ("the engine is now waiting out the Retry-After"). Fails, naming
   * `what`, if it has not happened after `giveUpMs` of real time.
   */
  untilSleeping(what: string, matching: (wakeAt: number) => boolean = () => true, giveUpMs = 20_000) {
    return new Promise<number>((resolve, reject) => {
      const check = () => {
        const found = this.wakeTimes.find(matching);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`gave up waiting for: ${what}`));
      }, giveUpMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
      check();
    });
  }

  /**
   * Lets time run while `work` is under way: whenever something sleeps on this clock (and
   * wakes within `horizonMs` of now), time jumps to its wake time. Sleeps beyond the horizon
   * (a 24-hour retention, say) are left alone. Resolves with what `work` resolves to.
   */
  async runUntil<T>(work: Promise<T>, horizonMs = 60_000): Promise<T> {
    let settled = false;
    const result = work.finally(() => {
      settled = true;
      for (const watcher of this.watchers) watcher();
    });
    result.catch(() => undefined);
    const limit = this.time + horizonMs;
    while (!settled) {
      const due = this.wakeTimes.find((at) => at <= limit);
      if (due !== undefined) {
        await this.advance(due - this.time);
        continue;
      }
      // Nothing to wake yet: wait for the next sleeper or for the work to end.
      await new Promise<void>((resolve) => {
        const watcher = () => {
          this.watchers.delete(watcher);
          resolve();
        };
        this.watchers.add(watcher);
      });
    }
    return result;
  }
}

/**
 * Real time that a test may skip forward. `now()` is the system's time plus the skips so far
 * and sleeps are real timers, so everything the test does not skip runs as it would: the local
 * server's conversions (real child processes, real seconds) and the engine's short polls keep
 * pace with each other, which a ManualClock cannot give them. Only a wait the test has seen
 * begin (the engine holding for a Retry-After, a positive event) is skipped, by moving this
 * clock to its end; the request log's times are this clock's, so "nothing was sent inside the
 * window" is still checked on the window's own time.
 */
export class SkippingClock implements Clock {
  private skippedMs = 0;
  private sleepers: (Sleeper & { from: number; timer: NodeJS.Timeout })[] = [];
  private readonly watchers = new Set<() => void>();

  now(): number {
    return Date.now() + this.skippedMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const from = this.now();
      const sleeper = {
        from,
        wakeAt: from + Math.max(0, ms),
        timer: setTimeout(() => this.wakeDue(), Math.min(Math.max(0, ms), MAX_TIMER_MS)),
        wake: () => {
          clearTimeout(sleeper.timer);
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.sleepers.push(sleeper);
      for (const watcher of this.watchers) watcher();
    });
  }

  /** When each current sleeper wakes, earliest first. */
  get wakeTimes(): number[] {
    return this.sleepers.map((sleeper) => sleeper.wakeAt).sort((a, b) => a - b);
  }

  /** The sleeps under way, each with when it began and when it ends on this clock. */
  get sleeps(): { from: number; wakeAt: number }[] {
    return this.sleepers.map(({ from, wakeAt }) => ({ from, wakeAt }));
  }

  /** Jumps to `at` (never back), waking every sleeper whose time has come. */
  skipTo(at: number): void {
    this.skippedMs += Math.max(0, at - this.now());
    this.wakeDue();
  }

  /**
   * While `work` is under way, skips to the end of each sleep `worthSkipping` picks out (say,
   * one that spans the end of a Retry-After) as soon as it begins; every other sleep runs in
   * real time. Resolves with what `work` resolves to.
   */
  async skipWhile<T>(
    work: Promise<T>,
    worthSkipping: (sleep: { from: number; wakeAt: number }) => boolean,
  ): Promise<T> {
    const skip = () => {
      const due = this.sleepers
        .filter(worthSkipping)
        .map((sleeper) => sleeper.wakeAt)
        .sort((a, b) => a - b)
        .at(-1);
      if (due !== undefined) this.skipTo(due);
    };
    this.watchers.add(skip);
    try {
      skip();
      return await work;
    } finally {
      this.watchers.delete(skip);
    }
  }

  /** Looks at the current sleeps again under skipWhile's rule: for a rule that also waits for
   *  something other than a new sleep (the job showing its wait, say). */
  reconsider(): void {
    for (const watcher of this.watchers) watcher();
  }

  /** Wakes the sleepers whose time has come on this clock; re-arms a timer that fired early. */
  private wakeDue(): void {
    const now = this.now();
    for (const sleeper of [...this.sleepers]) {
      if (sleeper.wakeAt <= now) sleeper.wake();
      else {
        clearTimeout(sleeper.timer);
        sleeper.timer = setTimeout(() => this.wakeDue(), Math.min(sleeper.wakeAt - now, MAX_TIMER_MS));
      }
    }
  }
}

/**
 * For SkippingClock.skipWhile: a sleep that spans the end of a wait one of the server's 429s
 * asked for, i.e. the engine holding for a Retry-After of `seconds` from the 429's arrival in
 * the request log (an HTTP-date rounds up to the next whole second, and the engine reads the
 * answer after the server logged it, late on a busy machine). Only a poll or a backoff under
 * way at that moment also spans it, and cutting those short changes nothing: the next request
 * still waits at the engine's gate. A result's retention (hours) never matches.
 */
export function spansARetryAfter(requests: readonly { at: number; status: number }[], seconds: number) {
  return ({ from, wakeAt }: { from: number; wakeAt: number }) =>
    requests.some((entry) => {
      const windowEnd = entry.at + seconds * 1000;
      return entry.status === 429 && from < windowEnd && wakeAt >= windowEnd && wakeAt <= windowEnd + 10_000;
    });
}
