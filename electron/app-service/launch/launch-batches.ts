// A file manager starts the app once per selected file (Explorer runs the verb's command line
// for each file; a second launch hands its argv to the running app). Launches that arrive
// close together and ask for the same thing become ONE batch: ten files converted to PDF are
// one batch, one notification. Launches that come before the app is ready are held.
import type { LaunchRequest } from './launch-args.ts';

/**
 * Quiet spell that ends a batch. Explorer starts the per-file launches at once, but each is a
 * whole Electron start-up before it reaches the running app: on a busy machine they trickle in.
 */
export const LAUNCH_QUIET_MS = 1000;

/** setTimeout/clearTimeout, injectable so tests decide when time passes. */
export interface Scheduler {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LaunchBatches {
  add(request: LaunchRequest): void;
  /** From now on, batches go to `deliver`. */
  ready(deliver: (request: LaunchRequest) => void): void;
  close(): void;
}

const keyOf = (request: LaunchRequest) => (request.action === 'convert' ? `convert:${request.to}` : 'open');

export function createLaunchBatches(
  options: { quietMs?: number; scheduler?: Scheduler } = {},
): LaunchBatches {
  const quietMs = options.quietMs ?? LAUNCH_QUIET_MS;
  const scheduler = options.scheduler ?? realScheduler;
  // Insertion order: batches go out in the order their first launch came.
  let waiting = new Map<string, LaunchRequest>();
  let deliver: ((request: LaunchRequest) => void) | undefined;
  let timer: unknown;
  const send = () => {
    timer = undefined;
    if (!deliver) return;
    const batches = [...waiting.values()];
    waiting = new Map();
    for (const batch of batches) deliver(batch);
  };
  const schedule = () => {
    if (!deliver) return;
    if (timer !== undefined) scheduler.clear(timer);
    timer = scheduler.set(send, quietMs);
  };
  return {
    add(request) {
      const key = keyOf(request);
      const held = waiting.get(key);
      if (held) {
        for (const file of request.files) if (!held.files.includes(file)) held.files.push(file);
      } else {
        waiting.set(key, { ...request, files: [...new Set(request.files)] });
      }
      schedule();
    },
    ready(next) {
      deliver = next;
      if (waiting.size > 0) schedule();
    },
    close() {
      if (timer !== undefined) scheduler.clear(timer);
      timer = undefined;
      deliver = undefined;
      waiting = new Map();
    },
  };
}
