// Runs each conversion in a child process (conversion-child.ts), bounded by time, V8 heap and
// result size, and killed at once on cancel or close. Processes rather than worker threads:
// terminating a thread while native code (libvips via sharp) is working can bring the whole
// process down, and a killed process always gives everything back. Loading a converter's
// libraries takes a process up to a second or more (several on a busy machine), so a process
// whose job completed goes back to an idle pool for the next one, up to JOBS_PER_PROCESS jobs; one whose
// job failed, hit a limit or was cancelled, or that crashed, is killed and never reused.
// The idle pool belongs to the Node process, not to one server: a conversion process keeps
// nothing of a job once it has answered (it is reused for the next job of the same server
// anyway), so a server started after another one closed (the desktop switching its endpoint,
// every test that starts its own server) takes the warm process instead of loading the
// converters again. Processes with different heap limits are never mixed.
import { type ChildProcess, fork } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { ChildJob, ChildMessage } from './conversion-child.ts';

export interface ConversionLimits {
  /** Wall-clock time one conversion may take, child start-up included. */
  timeMs: number;
  /** V8 heap (old generation) of the conversion process, in MiB. */
  memoryMb: number;
  /** Largest result file, in bytes. Results are also held to RESULT_PER_INPUT_BYTE times the
   *  input (at least RESULT_FLOOR_BYTES), so a small bomb stops long before this. */
  outputBytes: number;
}

export const DEFAULT_CONVERSION_LIMITS: ConversionLimits = {
  timeMs: 30 * 60_000,
  memoryMb: 2048,
  outputBytes: 4 * 1024 ** 3,
};

export type ConversionOutcome = { ok: true } | { ok: false; code: string; detail: string };

export interface ConversionHooks {
  progress(fraction: number): void;
  note(text: string): void;
  signal: AbortSignal;
}

// The built bundles (out/cli/ifc.js, out/main/index.js) have conversion-child.js next to them
// (a second entry in vite.cli.config.ts and electron.vite.config.ts); from source it is the
// .ts file beside this one, which Node runs with type stripping.
const CHILD = new URL(
  import.meta.url.endsWith('.ts') ? './conversion-child.ts' : './conversion-child.js',
  import.meta.url,
);

// How often a running conversion's result size is looked at: a runaway writer is stopped
// within this interval (plus whatever it writes meanwhile); the size is checked again exactly
// when the conversion ends.
const OUTPUT_CHECK_MS = 200;
const STDERR_KEPT = 8192;
// No honest conversion here grows a file 200-fold past 256 MiB (fonts embedded in a short
// text's PDF stay far below the floor); a 110 KB workbook that expands to 12 GB of csv does.
const RESULT_PER_INPUT_BYTE = 200;
const RESULT_FLOOR_BYTES = 256 * 1024 ** 2;
// An idle process holds the converters it has loaded in memory (up to ~170 MB resident); one
// unused this long is let go. A process is retired after this many jobs, so one document's
// leftovers (caches, fragmentation) cannot pile up for long.
const IDLE_MS = 60_000;
const JOBS_PER_PROCESS = 1000;
// At most this many idle processes wait in the whole Node process; one more is let go at once.
const IDLE_KEPT = 4;

interface Worker {
  child: ChildProcess;
  jobs: number;
  /** Its V8 heap limit: only a server with the same limit may take it from the idle pool. */
  memoryMb: number;
  idleTimer?: NodeJS.Timeout;
}

/** Processes waiting for a job, shared by every server of this Node process. */
const idle: Worker[] = [];

function heapExhausted(stderr: string): boolean {
  return /heap out of memory|Reached heap limit|Allocation failed/i.test(stderr);
}

export class ConversionProcesses {
  private readonly limits: ConversionLimits;
  private readonly running = new Set<Worker>();
  private closed = false;

  constructor(limits: ConversionLimits) {
    this.limits = limits;
  }

  /** Process ids of the conversions running now (not idle processes). */
  pids(): number[] {
    return [...this.running]
      .map((worker) => worker.child.pid)
      .filter((pid): pid is number => pid !== undefined);
  }

  async run(job: Omit<ChildJob, 'type'>, hooks: ConversionHooks): Promise<ConversionOutcome> {
    if (this.closed) return { ok: false, code: 'cancelled', detail: 'server closing' };
    const maxOutput = await this.outputLimit(job.input);
    if (this.closed || hooks.signal.aborted) return { ok: false, code: 'cancelled', detail: 'cancelled' };
    const worker = this.take();
    worker.jobs += 1;
    this.running.add(worker);
    const { child } = worker;
    return new Promise<ConversionOutcome>((resolve) => {
      let outcome: ConversionOutcome | undefined;
      let killed = false;
      let settled = false;
      let stderr = '';
      const stop = (result: ConversionOutcome): void => {
        outcome ??= result;
        killed = true;
        child.kill('SIGKILL');
      };
      const onAbort = () => stop({ ok: false, code: 'cancelled', detail: 'cancelled' });
      const timer = setTimeout(
        () => stop({ ok: false, code: 'conversion_timeout', detail: `over ${this.limits.timeMs} ms` }),
        this.limits.timeMs,
      );
      const sizeWatch = setInterval(() => {
        void this.oversized(job.output, maxOutput).then((over) => {
          if (over && !settled) stop({ ok: false, code: 'result_too_large', detail: over });
        });
      }, OUTPUT_CHECK_MS);
      const onStderr = (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
      };
      const settle = (result: ConversionOutcome, alive: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(sizeWatch);
        hooks.signal.removeEventListener('abort', onAbort);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.stderr?.off('data', onStderr);
        this.running.delete(worker);
        if (alive) this.release(worker);
        if (!result.ok) {
          resolve(result);
          return;
        }
        // The size is checked once more when the result is complete, so the limit holds exactly.
        void this.oversized(job.output, maxOutput).then((over) =>
          resolve(over ? { ok: false, code: 'result_too_large', detail: over } : result),
        );
      };
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'progress') hooks.progress(message.fraction);
        else if (message.type === 'note') hooks.note(message.text);
        else if (killed)
          return; // being killed for a limit: that outcome stands
        else if (message.type === 'done') settle({ ok: true }, true);
        // A failed converter may leave work behind (a stream that errors later would take down
        // the next job), so its process is not reused.
        else if (message.type === 'failed') {
          settle({ ok: false, code: message.code, detail: message.detail }, false);
          child.kill('SIGKILL');
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        settle(
          outcome ?? {
            ok: false,
            code: heapExhausted(stderr) ? 'conversion_memory' : 'conversion_error',
            detail: `conversion process ended (${signal ?? code}) without an answer: ${stderr.slice(-500)}`,
          },
          false,
        );
      };
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      child.stderr?.on('data', onStderr);
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null)
        return onExit(child.exitCode, child.signalCode);
      child.ref();
      child.channel?.ref();
      child.send({ type: 'job', ...job } satisfies ChildJob, (error) => {
        if (error) stop({ ok: false, code: 'conversion_error', detail: error.message });
      });
    });
  }

  /** Kills this server's running conversions and waits until their processes are gone. Idle
   *  processes stay in the shared pool (unref'd: they never keep Node alive, and they end with
   *  it, conversion-child.ts exits when its parent goes). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.running].map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            // Its exit must be waited for even if it was unref'd, or Node could end here.
            child.ref();
            child.kill('SIGKILL');
          }),
      ),
    );
  }

  private take(): Worker {
    const { memoryMb } = this.limits;
    for (let index = idle.length - 1; index >= 0; index -= 1) {
      const worker = idle[index]!;
      if (worker.memoryMb !== memoryMb) continue;
      idle.splice(index, 1);
      clearTimeout(worker.idleTimer);
      if (worker.child.exitCode === null && worker.child.signalCode === null && worker.child.connected)
        return worker;
      worker.child.kill('SIGKILL');
    }
    return { child: this.spawn(), jobs: 0, memoryMb };
  }

  /** A process whose job completed waits for the next, unless it has done enough. */
  private release(worker: Worker): void {
    if (this.closed) {
      worker.child.kill('SIGKILL');
      return;
    }
    if (worker.jobs >= JOBS_PER_PROCESS) {
      // Retired; its successor starts now, so the next job does not wait for a fresh one.
      worker.child.kill('SIGKILL');
      this.release({ child: this.spawn(), jobs: 0, memoryMb: worker.memoryMb });
      return;
    }
    if (idle.length >= IDLE_KEPT) {
      worker.child.kill('SIGKILL');
      return;
    }
    this.unref(worker.child);
    worker.idleTimer = setTimeout(() => {
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      worker.child.kill('SIGKILL');
    }, IDLE_MS);
    worker.idleTimer.unref();
    idle.push(worker);
  }

  private spawn(): ChildProcess {
    const child = fork(CHILD, [], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      // Electron's binary runs as plain Node with this; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    child.on('error', () => undefined);
    if (process.env.IFC_DEBUG_CONVERSIONS) child.stderr?.pipe(process.stderr);
    this.unref(child);
    return child;
  }

  /** An idle process must not keep `ifc` alive once its work is done. */
  private unref(child: ChildProcess): void {
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
  }

  private async outputLimit(input: string): Promise<number> {
    try {
      const { size } = await stat(input);
      return Math.min(this.limits.outputBytes, Math.max(RESULT_FLOOR_BYTES, size * RESULT_PER_INPUT_BYTE));
    } catch {
      return this.limits.outputBytes;
    }
  }

  private async oversized(path: string, limit: number): Promise<string | undefined> {
    try {
      const { size } = await stat(path);
      return size > limit ? `result ${size} bytes > ${limit}` : undefined;
    } catch {
      return undefined;
    }
  }
}
