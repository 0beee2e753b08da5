// One engine-wide "send nothing before" instant. A 429's Retry-After moves it forward (never
// back), every request waits on it right before it is sent, and the wait is never capped:
// a server that asks for an hour gets an hour. The gate keeps the engine's clock (the system's,
// or one a test controls), so every wait of the API side is measured on the same time.
//
// Pacing, so that a large batch rarely meets that 429 at all: every answer's X-RateLimit-Limit,
// -Remaining and -Reset (api-contract.md) say how many requests the account may still send and
// when its allowance is whole again. While some of it is left (less what is already on its way)
// requests go at once, so a small batch is not slowed; once it is used up, requests go one per
// Reset / (Limit - Remaining - 1): for a token bucket (the local server) that is the rate tokens
// come back, so no 429 follows; for a fixed window it is at most one 429 per window, whose
// Retry-After (the backstop) then closes the gate until the window turns.

import { type Clock, sleepUntil, systemClock } from '../../../shared/clock.ts';

export { MAX_TIMER_MS } from '../../../shared/clock.ts';

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
  now: number,
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
  readonly clock: Clock;
  private until = 0;
  private readonly listeners = new Set<(notBefore: number | undefined) => void>();
  /** Requests that may still go at once (the server's Remaining less those sent since);
   *  undefined until an answer said. */
  private allowance: number | undefined;
  /** Once the allowance is used up: one request per this many ms, at `nextSlot` and after. */
  private spacingMs = 0;
  private nextSlot = 0;
  /** No slot before this: set by the latest answer that found the allowance used up. */
  private slotFloor = 0;
  /** Requests let through so far, and the latest of them whose answer paced the gate. */
  private sentCount = 0;
  private pacedBy = 0;

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

  /** Waits until the gate is open and, when the allowance is used up, for this request's
   *  slot; re-checks after each sleep because a new 429 may move the gate and a newer answer
   *  may move the slots. Resolves with the request's place in the order of sending (pace()). */
  async wait(signal?: AbortSignal): Promise<number> {
    for (;;) {
      while (this.until > this.clock.now() && !signal?.aborted)
        await sleepUntil(this.clock, this.until, signal);
      if (signal?.aborted || this.takeAllowance()) break;
      const slot = Math.max(this.clock.now(), this.nextSlot, this.slotFloor);
      this.nextSlot = slot + this.spacingMs;
      await sleepUntil(this.clock, slot, signal);
      if (signal?.aborted) break;
      if (this.until > this.clock.now()) continue;
      if (this.takeAllowance() || slot >= this.slotFloor) break;
    }
    this.sentCount += 1;
    return this.sentCount;
  }

  /** The X-RateLimit-* headers of the answer to request `ticket` (wait()'s number). A server
   *  counts a request when it arrives, so the headers say what was left then: the requests
   *  sent after it may not be counted yet and are taken off. An answer to an older request
   *  than one already heard from (a long upload) says less and is ignored. */
  pace(allowance: Allowance, ticket: number, now = this.clock.now()): void {
    if (ticket < this.pacedBy) return;
    this.pacedBy = ticket;
    // What the server gives back per request: the used part of the allowance over the time to
    // have it whole again (a token bucket's refill rate; a fixed window's share of its rest).
    // Remaining is rounded down (a bucket may hold 0.9 of a request), so one more is counted
    // as used: the spacing errs slow by at most one request's worth, never fast.
    this.spacingMs = allowance.resetMs / Math.max(1, allowance.limit - allowance.remaining - 1);
    // One request is kept in hand: one sent before `ticket` may have reached the server after
    // it (a new connection is slower than a kept one) and is not in its count yet.
    this.allowance = allowance.remaining - (this.sentCount - ticket) - 1;
    if (this.allowance > 0) {
      // Slots already handed out stay where they are (nextSlot is not pulled back): two
      // waiters must never share a moment.
      this.slotFloor = 0;
    } else {
      // Nothing left: the next request goes when the server has given back one more than is
      // owed, and the ones after it one spacing apart.
      this.slotFloor = now + (1 - this.allowance) * this.spacingMs;
      this.nextSlot = Math.max(this.nextSlot, this.slotFloor);
    }
  }

  /** Takes one request's worth of what the last answer said is left, if any (or if no answer
   *  has said anything yet). */
  private takeAllowance(): boolean {
    if (this.allowance === undefined) return true;
    if (this.allowance <= 0) return false;
    this.allowance -= 1;
    // That was the last of it: the server has less than one request's worth left, so the
    // next one goes a spacing from now at the earliest.
    if (this.allowance === 0) this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.spacingMs);
    return true;
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
  // HTTP-dates are GMT; the asctime form ("Sun Nov  6 08:49:37 1994") names no zone, and
  // Date.parse would read it in this computer's zone (hours off, or a wait of 0).
  const at = Date.parse(/(gmt|utc|z|[+-]\d{4})$/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
