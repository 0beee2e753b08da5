// Fault injection for tests: off unless set in code (startLocalServer({ faults }) or
// server.faults.set(...)) or by `--fault` flags. Counted faults decrement as they fire.
import type { FaultController, FaultPlan, RouteName } from './types.ts';
import type { Clock } from '../../shared/clock.ts';

/** A fault's `path` names a route ('convert', 'status', ...) or is a URL path prefix. */
function pathMatches(spec: string, route: RouteName, path: string): boolean {
  return spec === route || (spec.startsWith('/') && path.startsWith(spec));
}

function nameMatches(match: string | undefined, sourceName: string): boolean {
  return match === undefined || sourceName.includes(match);
}

export class Faults implements FaultController {
  private plan: Partial<FaultPlan> = {};
  private acceptedSincePlan = 0;

  private readonly clock: Clock;

  constructor(initial: Partial<FaultPlan> | undefined, clock: Clock) {
    this.clock = clock;
    if (initial) this.set(initial);
  }

  set(plan: Partial<FaultPlan>): void {
    const copy = structuredClone(plan);
    this.plan = { ...this.plan, ...copy };
    if (copy.drainAfterJobs !== undefined) this.acceptedSincePlan = 0;
  }

  clear(): void {
    this.plan = {};
    this.acceptedSincePlan = 0;
  }

  current(): Partial<FaultPlan> {
    return structuredClone(this.plan);
  }

  /** Retry-After value if this request is to be answered 429 by the fault plan. */
  takeRateLimit(route: RouteName): string | undefined {
    const fault = this.plan.rateLimit;
    if (!fault || fault.count <= 0) return undefined;
    if (fault.paths && !(fault.paths as string[]).includes(route)) return undefined;
    fault.count -= 1;
    if (!fault.asDate) return String(fault.retryAfterSeconds);
    // An HTTP-date has whole seconds: round up so the wait is never shorter than asked.
    const at = Math.ceil((this.clock.now() + fault.retryAfterSeconds * 1000) / 1000) * 1000;
    return new Date(at).toUTCString();
  }

  takeServerError(route: RouteName, path: string): 500 | 502 | 503 | undefined {
    for (const fault of this.plan.serverError ?? []) {
      if (fault.count > 0 && pathMatches(fault.path, route, path)) {
        fault.count -= 1;
        return fault.status;
      }
    }
    return undefined;
  }

  delayFor(route: RouteName, path: string): number {
    const fault = this.plan.slow;
    return fault && pathMatches(fault.path, route, path) ? fault.delayMs : 0;
  }

  takeResetUpload(): boolean {
    return this.takeCount(this.plan.resetUpload);
  }

  takeTruncateDownload(): boolean {
    return this.takeCount(this.plan.truncateDownload);
  }

  hostileNames(): boolean {
    return this.plan.hostileNames === true;
  }

  /** Error code this job must fail with, if any. */
  takeFailJob(sourceName: string): string | undefined {
    const fault = this.plan.failJobs;
    if (!fault || !nameMatches(fault.match, sourceName)) return undefined;
    if (fault.count !== undefined) {
      if (fault.count <= 0) return undefined;
      fault.count -= 1;
    }
    return fault.code;
  }

  takeDamagedResult(sourceName: string): boolean {
    const fault = this.plan.damagedResult;
    if (!fault || !nameMatches(fault.match, sourceName)) return false;
    if (fault.count !== undefined) {
      if (fault.count <= 0) return false;
      fault.count -= 1;
    }
    return true;
  }

  takeNeverFinish(sourceName: string): boolean {
    const fault = this.plan.neverFinish;
    if (!fault || !nameMatches(fault.match, sourceName)) return false;
    if (fault.count !== undefined) {
      if (fault.count <= 0) return false;
      fault.count -= 1;
    }
    return true;
  }

  /** 'spin' or 'hog' when this job's conversion process must run away (loop or allocate). */
  takeRunawayConversion(sourceName: string): 'spin' | 'hog' | undefined {
    const fault = this.plan.runawayConversion;
    if (!fault || !nameMatches(fault.match, sourceName)) return undefined;
    if (fault.count !== undefined) {
      if (fault.count <= 0) return undefined;
      fault.count -= 1;
    }
    return fault.kind;
  }

  /** Called once per accepted job; true when the balance must now drop to 0. */
  jobAccepted(): boolean {
    this.acceptedSincePlan += 1;
    const limit = this.plan.drainAfterJobs;
    return limit !== undefined && this.acceptedSincePlan >= limit;
  }

  /** Where the next download is sent instead, if a redirect fault is armed. */
  takeRedirectDownload(): string | undefined {
    const fault = this.plan.redirectDownload;
    if (!fault || !this.takeCount(fault)) return undefined;
    return fault.toOrigin;
  }

  /** The content coding of the next download, if an encoding fault is armed. */
  takeEncodeDownload(): 'gzip' | 'x-unknown' | undefined {
    const fault = this.plan.encodeDownload;
    if (!fault || !this.takeCount(fault)) return undefined;
    return fault.coding ?? 'gzip';
  }

  expiresAtEarlierMs(): number {
    return this.plan.expiresAtEarlierMs ?? 0;
  }

  immediateExpiry(): boolean {
    return this.plan.immediateExpiry === true;
  }

  statusRetryAfter(): number | undefined {
    return this.plan.statusRetryAfterSeconds;
  }

  private takeCount(fault: { count: number } | undefined): boolean {
    if (!fault || fault.count <= 0) return false;
    fault.count -= 1;
    return true;
  }
}
