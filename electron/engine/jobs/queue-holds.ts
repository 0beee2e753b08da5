// The queue's two engine-wide holds. "Paused": the person paused the queue, so nothing new is
// uploaded (accepted jobs still finish and download). "Needs a key": a 401 stopped every lane
// until a new key comes. Each holds the lanes and marks the waiting jobs so the window can say
// why they wait; lifting it releases both.
import type { JobRunner } from './job-runner.ts';
import type { JobStore } from './job-store.ts';
import type { Lane } from './lanes.ts';

export class QueueHolds {
  private pausedNow = false;
  private needsKeyNow = false;
  private readonly store: JobStore;
  private readonly runner: JobRunner;
  private readonly lanes: { upload: Lane; poll: Lane; download: Lane };
  private readonly changed: () => void;

  constructor(
    store: JobStore,
    runner: JobRunner,
    lanes: { upload: Lane; poll: Lane; download: Lane },
    changed: () => void,
  ) {
    this.store = store;
    this.runner = runner;
    this.lanes = lanes;
    this.changed = changed;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  get needsKey(): boolean {
    return this.needsKeyNow;
  }

  pause(): void {
    if (this.pausedNow) return;
    this.pausedNow = true;
    this.lanes.upload.hold('paused');
    for (const job of this.store.all()) {
      if (job.state === 'queued' && !job.wait) this.store.update(job, { wait: { kind: 'paused' } });
    }
    this.changed();
  }

  resume(): void {
    if (!this.pausedNow) return;
    this.pausedNow = false;
    for (const job of this.store.all()) {
      if (job.state === 'queued' && job.wait?.kind === 'paused') this.store.update(job, { wait: undefined });
    }
    this.lanes.upload.release('paused');
    this.changed();
  }

  /** A 401: every lane stops until a new key comes. */
  holdForKey(): void {
    if (this.needsKeyNow) return;
    this.needsKeyNow = true;
    for (const lane of Object.values(this.lanes)) lane.hold('needs-key');
    this.changed();
  }

  /** A new key: work that waited for it goes on. */
  releaseForKey(): void {
    if (!this.needsKeyNow) return;
    this.needsKeyNow = false;
    for (const lane of Object.values(this.lanes)) lane.release('needs-key');
    for (const job of this.store.all()) {
      if (job.state === 'pending' && job.wait?.kind === 'needs-key') {
        this.store.update(job, { state: 'queued', wait: undefined });
        this.runner.start(job);
      }
    }
    this.changed();
  }
}
