// Files arriving in a watched folder: each new or changed file of a wanted format waits until
// it stops changing, is hashed, and is then either handed on as a candidate or skipped (empty,
// or bytes this rule already took). A later event for a file still settling is absorbed by the
// wait itself, which sees the change when it polls. Both that wait and a later look after a
// failure run on the watch's clock, so a test moves time instead of waiting it out.
import type { Clock } from '../../../shared/clock.ts';
import type { SkipReason } from './watch-events.ts';
import { sha256OfFile } from './content-hash.ts';
import { type FileFacts, readFacts, type StableOptions, sameFacts, waitUntilStable } from './stable-file.ts';

/** A complete file, ready to be sent unless its bytes were taken meanwhile. */
export interface Candidate {
  path: string;
  /** The ledger key: target format + content hash. */
  key: string;
  facts: FileFacts;
}

export interface ArrivalsDeps {
  stable: Omit<StableOptions, 'signal' | 'clock'>;
  /** The watch's clock (the system's, or one a test moves). */
  clock: Clock;
  /** Whether the rule takes this path at all (its format). */
  wants(path: string): boolean;
  /** At most this many files are waited for and hashed at once (a first scan of a big folder). */
  maxConcurrent: number;
  /** True for a file this rule already took and that has not changed since: not even hashed. */
  unchanged(path: string, facts: FileFacts): boolean;
  keyFor(sha256: string): string;
  /** Why these bytes are not taken again, if they are not. */
  alreadyHandled(key: string): SkipReason | undefined;
  complete(candidate: Candidate): void;
  skip(path: string, reason: SkipReason): void;
  changed(): void;
}

export class Arrivals {
  private readonly deps: ArrivalsDeps;
  private readonly settling = new Map<string, AbortController>();
  /** Noticed while `maxConcurrent` others were settling; taken in arrival order. */
  private readonly waiting = new Set<string>();
  /** Looks planned by retryLater(); stop() aborts them. */
  private readonly retryWaits = new Set<AbortController>();
  private readonly retries = new Map<string, number>();
  private stopped = false;

  constructor(deps: ArrivalsDeps) {
    this.deps = deps;
  }

  /** Files still being written or waiting to be looked at. */
  get size(): number {
    return this.settling.size + this.waiting.size;
  }

  /** A new or changed file (or one to look at again). */
  consider(path: string): void {
    if (this.stopped || this.settling.has(path) || this.waiting.has(path) || !this.deps.wants(path)) return;
    if (this.settling.size >= this.deps.maxConcurrent) {
      this.waiting.add(path);
      this.deps.changed();
      return;
    }
    const controller = new AbortController();
    this.settling.set(path, controller);
    this.deps.changed();
    void this.settle(path, controller.signal).finally(() => {
      if (this.settling.get(path) === controller) this.settling.delete(path);
      const next = this.waiting.values().next();
      if (!next.done) {
        this.waiting.delete(next.value);
        this.consider(next.value);
      }
      this.deps.changed();
    });
  }

  /** The file went away: stop waiting for it. */
  forget(path: string): void {
    this.waiting.delete(path);
    this.settling.get(path)?.abort();
  }

  /** Looks at `path` again after `delayMs`, at most `maxTries` times per path. */
  retryLater(path: string, delayMs: number, maxTries: number): void {
    const tries = (this.retries.get(path) ?? 0) + 1;
    this.retries.set(path, tries);
    if (tries > maxTries || this.stopped) return;
    const wait = new AbortController();
    this.retryWaits.add(wait);
    void this.deps.clock.sleep(delayMs, wait.signal).then(() => {
      this.retryWaits.delete(wait);
      // A sleep ends quietly when aborted: stop() cleared it.
      if (!wait.signal.aborted) this.consider(path);
    });
  }

  /** Used again after a stop (a restarted watch). */
  open(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    this.waiting.clear();
    for (const controller of this.settling.values()) controller.abort();
    for (const wait of this.retryWaits) wait.abort();
    this.retryWaits.clear();
  }

  private async settle(path: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const outcome = await waitUntilStable(path, { ...this.deps.stable, clock: this.deps.clock, signal });
      if (outcome.kind !== 'stable') return;
      if (outcome.facts.bytes === 0) return this.deps.skip(path, 'empty');
      // The original we converted, still where it was: nothing new to say or to do.
      if (this.deps.unchanged(path, outcome.facts)) return;
      let hash: string;
      try {
        hash = await sha256OfFile(path);
      } catch {
        return; // gone or unreadable meanwhile: a later event brings it back
      }
      const after = await readFacts(path);
      if (typeof after !== 'object' || this.stopped) return;
      if (!sameFacts(after, outcome.facts)) continue; // written while hashing: wait again
      const key = this.deps.keyFor(hash);
      const handled = this.deps.alreadyHandled(key);
      if (handled) return this.deps.skip(path, handled);
      this.deps.complete({ path, key, facts: outcome.facts });
      return;
    }
  }
}
