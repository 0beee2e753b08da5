// One engine-wide "send nothing before" instant. A 429's Retry-After moves it forward (never
// back), every request waits on it right before it is sent, and the wait is never capped:
// a server that asks for an hour gets an hour. The gate keeps the engine's clock (the system's,
// or one a test controls), so every wait of the API side is measured on the same time.
import { type Clock, sleepUntil, systemClock } from '../../../shared/clock.ts';

export { MAX_TIMER_MS } from '../../../shared/clock.ts';

export class RateGate {
  readonly clock: Clock;
  private until = 0;
  private readonly listeners = new Set<(notBefore: number | undefined) => void>();

  constructor(clock: Clock = systemClock) {
    this.clock = clock;
  }

  /** Epoch ms before which nothing may be sent, if that is still in the future. */
  get notBefore(): number | undefined {
    return this.until > this.clock.now() ? this.until : undefined;
  }

  /** Push the gate to `epochMs` (a later value wins; an earlier one is ignored). */
  closeUntil(epochMs: number): void {
    if (!(epochMs > this.until)) return;
    this.until = epochMs;
    for (const listener of this.listeners) listener(this.until);
  }

  /** Waits until the gate is open; re-checks after each sleep because a new 429 may move it. */
  async wait(signal?: AbortSignal): Promise<void> {
    while (this.until > this.clock.now() && !signal?.aborted) {
      await sleepUntil(this.clock, this.until, signal);
    }
  }

  onChange(listener: (notBefore: number | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Retry-After: delta-seconds ("7") or an HTTP-date; milliseconds from `now`, or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names a weekday and a month; Date.parse alone would read "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
