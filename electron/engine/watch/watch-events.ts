// What a running watch tells its owner (the desktop's AppService, `ifc watch`): one typed
// event per thing a person may want to know. Jobs themselves are reported by the engine's own
// 'job' events, so a watched file shows in the queue and the history like any other.
import type { JobError } from '../../../shared/jobs.ts';
import type { Failure } from '../../../shared/result.ts';
import type { WatchStatus } from '../../../shared/watch.ts';
import type { AfterOutcome } from './after-success.ts';

export type SkipReason =
  | 'already-converted' // the same bytes were taken by this rule before (a restart, a rename, a re-save)
  | 'failed-before' // the same bytes failed as a document (corrupt, encrypted ...): not retried
  | 'cancelled-before' // the person cancelled the same bytes in the queue
  | 'empty'; // 0 bytes once writing stopped

export interface FolderWatchEvents {
  /** A complete file was handed to the engine. */
  taken: { ruleId: string; source: string; jobId: string; batchId: string; bytes: number; tokens: number };
  skipped: { ruleId: string; source: string; reason: SkipReason };
  /** Its result is saved; `after` says what happened to the original. */
  converted: {
    ruleId: string;
    source: string;
    jobId: string;
    output?: string;
    tokens?: number;
    after: AfterOutcome;
  };
  /** `retry` true: not the document's fault (network, disk ...); it is taken again later. */
  failed: { ruleId: string; source: string; jobId: string; error: JobError; retry: boolean };
  /** Sent once when the rule stops sending (tokens, or the person), not on every re-check. */
  paused:
    | { ruleId: string; reason: 'tokens'; required: number; balance: number; message: string }
    | { ruleId: string; reason: 'user' };
  resumed: { ruleId: string; reason: 'tokens' | 'user' };
  /** Something went wrong outside a job. The watch keeps going and retries by itself. */
  error: { ruleId: string; error: Failure; source?: string };
  status: WatchStatus;
}
export type FolderWatchEventName = keyof FolderWatchEvents;

type Listener<K extends FolderWatchEventName> = (payload: FolderWatchEvents[K]) => void;

export class FolderWatchEmitter {
  private readonly listeners = new Map<FolderWatchEventName, Set<Listener<FolderWatchEventName>>>();

  on<K extends FolderWatchEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<FolderWatchEventName>);
    return () => set.delete(listener as Listener<FolderWatchEventName>);
  }

  emit<K extends FolderWatchEventName>(event: K, payload: FolderWatchEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A listener's bug must not stop the watch or the other listeners.
      }
    }
  }
}
