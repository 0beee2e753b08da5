// One engine-wide "send nothing before" instant. A 429's Retry-After moves it forward (never
// back), every request waits on it right before it is sent, and the wait is never capped:
// a server that asks for an hour gets an hour. Node timers overflow past 2^31-1 ms, so long
// waits are slept in clamped steps.
//
// Pacing, so that a large batch rarely meets that 429 at all: every answer's X-RateLimit-Limit,
// -Remaining and -Reset (api-contract.md) say how many requests the account may still send and
// when its allowance is whole again. While some of it is left (less what is already on its way)
// requests go at once, so a small batch is not slowed; once it is used up, requests go one per
// Reset/Limit, the server's own average rate. For a token bucket (the local server) that is the
// rate tokens come back, so no 429 follows; for a fixed window it is at most one 429 per window,
// whose Retry-After (the backstop) then closes the gate until the window turns.

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

/** What one answer's X-RateLimit-* headers say. */
export interface Allowance {
  limit: number;
  remaining: number;
  /** Until the allowance is whole again. */
  resetMs: number;
}

/** X-RateLimit-Reset is seconds from now; a value that can only be a Unix time is read as one. */
const EPOCH_SECONDS = 1_000_000_000;

/** The X-RateLimit-* headers of an answer, if it carries all three and they make sense. */
export function paceFromHeaders(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): Allowance | undefined {
  const number = (name: string): number | undefined => {
    const raw = headers[name];
    const text = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!text || !/^\d+(\.\d+)?$/.test(text)) return undefined;
    return Number(text);
  };
  const limit = number('x-ratelimit-limit');
  const remaining = number('x-ratelimit-remaining');
  const reset = number('x-ratelimit-reset');
  if (limit === undefined || remaining === undefined || reset === undefined || limit < 1) return undefined;
  const resetMs = reset >= EPOCH_SECONDS ? Math.max(0, reset * 1000 - now) : reset * 1000;
  return { limit, remaining: Math.min(remaining, limit), resetMs };
}

export class RateGate {
  private until = 0;
  private readonly listeners = new Set<(notBefore: number | undefined) => void>();
  /** Requests that may still go at once (the server's Remaining less those sent since);
   *  undefined until an answer said. */
  private allowance: number | undefined;
  /** Once the allowance is used up: one request per this many ms, at `nextSlot` and after. */
  private spacingMs = 0;
  private nextSlot = 0;
  /** Let through and not yet answered. */
  private inFlight = 0;

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

  /** Waits until the gate is open and, when the allowance is used up, for this request's
   *  slot; re-checks after each sleep because a new 429 may move the gate. Every wait that
   *  returns counts as a request on its way until sent() says it was answered. */
  async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      while (this.until > Date.now() && !signal?.aborted) await sleepUntil(this.until, signal);
      if (signal?.aborted) return;
      if (this.allowance === undefined || this.allowance > 0) {
        if (this.allowance !== undefined) this.allowance -= 1;
        break;
      }
      const now = Date.now();
      const slot = Math.max(now, this.nextSlot);
      this.nextSlot = slot + this.spacingMs;
      await sleepUntil(slot, signal);
      if (this.until <= Date.now()) break;
    }
    if (!signal?.aborted) this.inFlight += 1;
  }

  /** The request let through by wait() (not aborted) was answered, or failed. */
  sent(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** An answer's X-RateLimit-* headers: what is left, less what is on its way already. */
  pace(allowance: Allowance, now = Date.now()): void {
    this.spacingMs = allowance.resetMs / allowance.limit;
    this.allowance = allowance.remaining - this.inFlight;
    if (this.allowance > 0) this.nextSlot = now;
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
