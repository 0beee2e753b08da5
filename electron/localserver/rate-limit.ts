// Per-account rate limit as a token bucket: `perMinute` requests may arrive in a burst, then
// one more every 60/perMinute seconds. Retry-After is therefore exact (time until the next
// request is allowed), and short enough for tests to wait it out.
import type { Clock } from '../../shared/clock.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: whole seconds until one request is allowed (>= 1). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  readonly perMinute: number;
  private readonly buckets = new Map<string, { level: number; at: number }>();

  private readonly clock: Clock;

  constructor(perMinute: number, clock: Clock) {
    this.perMinute = Math.max(1, perMinute);
    this.clock = clock;
  }

  take(account: string, now = this.clock.now()): RateDecision {
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(account) ?? { level: this.perMinute, at: now };
    bucket.level = Math.min(this.perMinute, bucket.level + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(account, bucket);
    const allowed = bucket.level >= 1;
    if (allowed) bucket.level -= 1;
    const missingForOne = Math.max(0, 1 - bucket.level);
    return {
      allowed,
      limit: this.perMinute,
      remaining: Math.floor(bucket.level),
      resetSeconds: Math.ceil((this.perMinute - bucket.level) / ratePerMs / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil(missingForOne / ratePerMs / 1000)),
    };
  }
}
