// Per-account rate limit as a token bucket: `perMinute` requests may arrive in a burst, then
// one more every 60/perMinute seconds. Retry-After is therefore exact (time until the next
// request is allowed), and short enough for tests to wait it out. Tests and benchmarks may
// scale the minute down (`windowMs`); X-RateLimit-Reset then carries fractions of a second,
// since whole seconds would say nothing about a one-second window.
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
  private readonly windowMs: number;
  private readonly buckets = new Map<string, { level: number; at: number }>();

  private readonly clock: Clock;

  constructor(perMinute: number, clock: Clock, windowMs = 60_000) {
    this.perMinute = Math.max(1, perMinute);
    this.clock = clock;
    this.windowMs = Math.max(1, windowMs);
  }

  /** X-RateLimit-Reset's text: whole seconds for the real minute, else milliseconds' worth. */
  resetHeader(decision: RateDecision): string {
    return this.windowMs === 60_000 ? String(decision.resetSeconds) : decision.resetSeconds.toFixed(3);
  }

  take(account: string, now = this.clock.now()): RateDecision {
    const ratePerMs = this.perMinute / this.windowMs;
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
      resetSeconds: this.rounded((this.perMinute - bucket.level) / ratePerMs / 1000),
      // Retry-After is whole seconds in HTTP, scaled window or not.
      retryAfterSeconds: Math.max(1, Math.ceil(missingForOne / ratePerMs / 1000)),
    };
  }

  /** Up to whole seconds for the real minute; to the millisecond for a scaled window. */
  private rounded(seconds: number): number {
    return this.windowMs === 60_000 ? Math.ceil(seconds) : Math.ceil(seconds * 1000) / 1000;
  }
}
