// Typed engine events. Both the desktop main process and `ifc` subscribe here. Job events for
// a state change go out at once; progress-only changes are coalesced to one event per job per
// interval, carrying the latest value (and a pending one is sent before the next state change).
import type { JobView } from '../../shared/jobs.ts';
import type { EngineEventName, EngineEvents } from './engine-types.ts';

type Listener<K extends EngineEventName> = (payload: EngineEvents[K]) => void;

export class EngineEmitter {
  private readonly listeners: { [K in EngineEventName]: Set<Listener<K>> } = {
    job: new Set(),
    balance: new Set(),
    status: new Set(),
    batch: new Set(),
  };

  on<K extends EngineEventName>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners[event] as Set<Listener<K>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends EngineEventName>(event: K, payload: EngineEvents[K]): void {
    for (const listener of this.listeners[event] as Set<Listener<K>>) {
      try {
        listener(payload);
      } catch {
        // A listener's bug must not stop the engine or the other listeners.
      }
    }
  }
}

export class ProgressCoalescer {
  private readonly lastSent = new Map<string, { state: string; at: number }>();
  private readonly held = new Map<string, { view: JobView; timer: NodeJS.Timeout }>();
  private readonly intervalMs: number;
  private readonly send: (view: JobView) => void;

  constructor(intervalMs: number, send: (view: JobView) => void) {
    this.intervalMs = intervalMs;
    this.send = send;
  }

  /** Offer a job's current view; `progressOnly` says only its progress moved. */
  offer(view: JobView, progressOnly: boolean): void {
    const now = Date.now();
    const last = this.lastSent.get(view.id);
    const pending = this.held.get(view.id);
    if (!progressOnly || !last || last.state !== view.state) {
      if (pending) {
        clearTimeout(pending.timer);
        this.held.delete(view.id);
      }
      this.deliver(view, now);
      return;
    }
    if (pending) {
      pending.view = view;
      return;
    }
    const due = last.at + this.intervalMs - now;
    if (due <= 0) {
      this.deliver(view, now);
      return;
    }
    const timer = setTimeout(() => {
      const entry = this.held.get(view.id);
      this.held.delete(view.id);
      if (entry) this.deliver(entry.view, Date.now());
    }, due);
    timer.unref();
    this.held.set(view.id, { view, timer });
  }

  forget(jobId: string): void {
    const pending = this.held.get(jobId);
    if (pending) clearTimeout(pending.timer);
    this.held.delete(jobId);
    this.lastSent.delete(jobId);
  }

  /** Sends every held progress event now (before a summary, at close). */
  flushAll(): void {
    for (const [id, entry] of this.held) {
      clearTimeout(entry.timer);
      this.held.delete(id);
      this.deliver(entry.view, Date.now());
    }
  }

  private deliver(view: JobView, at: number): void {
    this.lastSent.set(view.id, { state: view.state, at });
    this.send(view);
  }
}
