// When to ask about a job next: the first poll about 2 s after the server accepted it, then
// growing toward 5 s, each with a little jitter so a batch does not poll in lockstep. A
// Retry-After on a status answer is the server's own hint and replaces the schedule once.

export interface PollTiming {
  firstMs: number;
  maxMs: number;
  /** Each later delay is the previous one times this, up to maxMs. */
  growth: number;
  /** +/- this fraction of each scheduled delay (hints are used as given). */
  jitter: number;
  /** A job the server has not finished this long after acceptance is marked `stalled`. */
  stallAfterMs: number;
}

export const DEFAULT_POLL: PollTiming = {
  firstMs: 2000,
  maxMs: 5000,
  growth: 1.25,
  jitter: 0.1,
  stallAfterMs: 30 * 60_000,
};

/** Delay before poll number `pollsDone + 1`. */
export function nextPollDelay(
  pollsDone: number,
  timing: PollTiming,
  hintMs?: number,
  random = Math.random,
): number {
  if (hintMs !== undefined && Number.isFinite(hintMs) && hintMs >= 0) return hintMs;
  const base = Math.min(timing.maxMs, timing.firstMs * timing.growth ** Math.max(0, pollsDone));
  const jittered = base * (1 + timing.jitter * (random() * 2 - 1));
  return Math.max(0, Math.round(jittered));
}
