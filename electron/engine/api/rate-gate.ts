// One engine-wide "send nothing before" instant. A 429's Retry-After moves it forward (never
// back), every request waits on it right before it is sent, and the wait is never capped:
// a server that asks for an hour gets an hour. Node timers overflow past 2^31-1 ms, so long
// waits are slept in clamped steps.

export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms` (any size), or early and quietly when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const until = Date.now() + Math.max(0, ms);
  return sleepUntil(until, signal);
}

export async function sleepUntil(until: number, signal?: AbortSignal): Promise<void> {
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
}

export class RateGate {
  private until = 0;
  private readonly listeners = new Set<(notBefore: number | undefined) => void>();

  /** Epoch ms before which nothing may be sent, if that is still in the future. */
  get notBefore(): number | undefined {
    return this.until > Date.now() ? this.until : undefined;
  }

  /** Push the gate to `epochMs` (a later value wins; an earlier one is ignored). */
  closeUntil(epochMs: number): void {
    if (!(epochMs > this.until)) return;
    this.until = epochMs;
    for (const listener of this.listeners) listener(this.until);
  }

  /** Waits until the gate is open; re-checks after each sleep because a new 429 may move it. */
  async wait(signal?: AbortSignal): Promise<void> {
    while (this.until > Date.now() && !signal?.aborted) {
      await sleepUntil(this.until, signal);
    }
  }

  onChange(listener: (notBefore: number | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Retry-After: delta-seconds ("7") or an HTTP-date; milliseconds from `now`, or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names a weekday and a month; Date.parse alone would read "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
