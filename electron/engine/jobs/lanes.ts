// A lane runs tasks of one kind (uploads, polls, downloads) with its own concurrency. Waiting
// tasks start highest priority first, in arrival order within a priority, and only while the
// lane is not held (queue paused, engine stopped for a key).

interface Waiting {
  priority: number;
  seq: number;
  start: () => void;
  abort: (reason: unknown) => void;
  signal?: AbortSignal;
}

export class LaneAborted extends Error {
  constructor() {
    super('lane task aborted before it started');
    this.name = 'LaneAborted';
  }
}

export class Lane {
  readonly name: string;
  private limit: number;
  private active = 0;
  private seq = 0;
  private waiting: Waiting[] = [];
  private holds = new Set<string>();

  constructor(name: string, concurrency: number) {
    this.name = name;
    this.limit = Math.max(1, Math.floor(concurrency));
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  setConcurrency(concurrency: number): void {
    this.limit = Math.max(1, Math.floor(concurrency));
    this.pump();
  }

  /** Stop starting tasks for `reason` (several reasons may hold a lane at once). */
  hold(reason: string): void {
    this.holds.add(reason);
  }

  release(reason: string): void {
    this.holds.delete(reason);
    this.pump();
  }

  isHeld(): boolean {
    return this.holds.size > 0;
  }

  /** Runs `task` when a slot is free; rejects with LaneAborted if `signal` aborts first. */
  run<T>(task: () => Promise<T>, priority = 0, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new LaneAborted());
      const entry: Waiting = {
        priority,
        seq: this.seq++,
        signal,
        abort: reject,
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active += 1;
          task()
            .then(resolve, reject)
            .finally(() => {
              this.active -= 1;
              this.pump();
            });
        },
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(entry);
        if (index !== -1) {
          this.waiting.splice(index, 1);
          reject(new LaneAborted());
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Sorted insert: higher priority first, then arrival order. Searched from the end: a
      // batch's jobs share one priority, so each goes last at once (searching from the front
      // looked at every waiting job: 10,000 files made 50 million comparisons).
      let at = this.waiting.length;
      while (at > 0 && this.waiting[at - 1]!.priority < priority) at -= 1;
      if (at === this.waiting.length) this.waiting.push(entry);
      else this.waiting.splice(at, 0, entry);
      this.pump();
    });
  }

  private pump(): void {
    while (!this.isHeld() && this.active < this.limit && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      next.start();
    }
  }
}
