// Runs each conversion in a child process of its own (conversion-child.ts), bounded by time,
// V8 heap and result size, and killed at once on cancel or close. Processes rather than worker
// threads: terminating a thread while native code (libvips via sharp) is working can bring the
// whole process down, and a killed process always gives everything back. A fresh child per job
// keeps one document's heap from leaking into the next; one spare child is started ahead so a
// job does not wait for the converters to load (about a second).
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
// A spare holds the converters in memory (~170 MB resident); one unused this long is let go.
const SPARE_IDLE_MS = 60_000;

function heapExhausted(stderr: string): boolean {
  return /heap out of memory|Reached heap limit|Allocation failed/i.test(stderr);
}

export class ConversionProcesses {
  private readonly limits: ConversionLimits;
  private readonly running = new Set<ChildProcess>();
  private spare: ChildProcess | undefined;
  private spareTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(limits: ConversionLimits) {
    this.limits = limits;
  }

  /** Process ids of the conversions running now (not the idle spare). */
  pids(): number[] {
    return [...this.running].map((child) => child.pid).filter((pid): pid is number => pid !== undefined);
  }

  run(job: Omit<ChildJob, 'type'>, hooks: ConversionHooks): Promise<ConversionOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, code: 'cancelled', detail: 'server closing' });
    const child = this.take();
    let maxOutput = this.limits.outputBytes;
    void stat(job.input).then(
      ({ size }) => {
        maxOutput = Math.min(
          this.limits.outputBytes,
          Math.max(RESULT_FLOOR_BYTES, size * RESULT_PER_INPUT_BYTE),
        );
      },
      () => undefined,
    );
    this.keepSpare();
    this.running.add(child);
    return new Promise<ConversionOutcome>((resolve) => {
      let outcome: ConversionOutcome | undefined;
      let stderr = '';
      const stop = (result: ConversionOutcome): void => {
        outcome ??= result;
        child.kill('SIGKILL');
      };
      const onAbort = () => stop({ ok: false, code: 'cancelled', detail: 'cancelled' });
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => stop({ ok: false, code: 'conversion_timeout', detail: `over ${this.limits.timeMs} ms` }),
        this.limits.timeMs,
      );
      const sizeWatch = setInterval(() => {
        void this.oversized(job.output, maxOutput).then((over) => {
          if (over) stop({ ok: false, code: 'result_too_large', detail: over });
        });
      }, OUTPUT_CHECK_MS);
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
      });
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'progress') hooks.progress(message.fraction);
        else if (message.type === 'note') hooks.note(message.text);
        else if (message.type === 'done') outcome ??= { ok: true };
        else if (message.type === 'failed')
          outcome ??= { ok: false, code: message.code, detail: message.detail };
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        clearInterval(sizeWatch);
        hooks.signal.removeEventListener('abort', onAbort);
        this.running.delete(child);
        const ended: ConversionOutcome = outcome ?? {
          ok: false,
          code: heapExhausted(stderr) ? 'conversion_memory' : 'conversion_error',
          detail: `conversion process ended (${signal ?? code}) without an answer: ${stderr.slice(-500)}`,
        };
        if (!ended.ok) return resolve(ended);
        // The size is checked once more when the result is complete, so the limit holds exactly.
        void this.oversized(job.output, maxOutput).then((over) =>
          resolve(over ? { ok: false, code: 'result_too_large', detail: over } : ended),
        );
      });
      if (process.env.IFC_DEBUG_CONVERSIONS) child.stderr?.pipe(process.stderr);
      child.ref();
      child.channel?.ref();
      child.send({ type: 'job', ...job } satisfies ChildJob, (error) => {
        if (error) stop({ ok: false, code: 'conversion_error', detail: error.message });
      });
    });
  }

  /** Kills every conversion process (running or spare) and waits until they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.spareTimer);
    const all = [...this.running, ...(this.spare ? [this.spare] : [])];
    this.spare = undefined;
    await Promise.all(
      all.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            // A spare is unref'd; its exit must still be waited for, or Node could end here.
            child.ref();
            child.kill('SIGKILL');
          }),
      ),
    );
  }

  private take(): ChildProcess {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.exitCode === null && spare.signalCode === null && spare.connected) return spare;
    spare?.kill('SIGKILL');
    return this.spawn();
  }

  private keepSpare(): void {
    this.spare = this.spawn();
    clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => {
      this.spare?.kill('SIGKILL');
      this.spare = undefined;
    }, SPARE_IDLE_MS);
    this.spareTimer.unref();
  }

  private spawn(): ChildProcess {
    const child = fork(CHILD, [], {
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`],
      // Electron's binary runs as plain Node with this; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // An idle spare must not keep `ifc` alive once its work is done.
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    child.on('error', () => undefined);
    return child;
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
