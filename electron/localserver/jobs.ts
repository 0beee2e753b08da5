// Conversions run here, off the request path: a FIFO queue drained by at most `concurrency`
// workers. Each job ends completed (result hashed, expiry scheduled) or failed (tokens
// refunded); listeners hear every final state (for ?wait= and webhooks).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Account } from './account.ts';
import {
  type ConversionHooks,
  type ConversionLimits,
  type ConversionOutcome,
  ConversionProcesses,
} from './conversion-process.ts';
import { ConversionFailure } from './converters/converter.ts';
import type { ConverterTable, TableEntry } from './converters/table.ts';
import type { Faults } from './faults.ts';
import { wireMessage } from './http-util.ts';
import { isFinal, type JobRecord } from './job-record.ts';
import type { JobLedger } from './ledger.ts';
import { createResultNamer } from './result-names.ts';
import type { Clock } from '../../shared/clock.ts';

export interface ConversionQueueOptions {
  table: ConverterTable;
  account: Account;
  ledger: JobLedger;
  faults: Faults;
  concurrency: number;
  retentionMs: number;
  clock: Clock;
  limits: ConversionLimits;
  onFinal(job: JobRecord): void;
}

export function newJobId(): string {
  return `j_${randomBytes(12).toString('hex')}`;
}

/** The `damagedResult` fault: the file's first half, so it still starts like its type. */
async function damage(path: string): Promise<void> {
  const bytes = await readFile(path);
  await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

/** Results up to this size are hashed from one read of their own size. */
const HASH_READ_BYTES = 1024 * 1024;

async function sha256Of(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  // Most results are small: a 1 MiB read buffer for each of them (memory outside the heap that
  // the garbage collector answers for) made collection a quarter of the server's CPU in a batch
  // of small files. Large ones go in 1 MiB reads: a 512 MiB result is hashed in a fraction of
  // the time 64 KiB reads take.
  if (bytes <= HASH_READ_BYTES) return hash.update(await readFile(path)).digest('hex');
  for await (const chunk of createReadStream(path, { highWaterMark: HASH_READ_BYTES }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function runInProcess(
  entry: TableEntry,
  job: JobRecord,
  hooks: ConversionHooks,
): Promise<ConversionOutcome> {
  try {
    const converter = await entry.load();
    const result = await converter.run({
      input: job.inputPath,
      output: job.outputPath,
      sourceName: job.sourceName,
      ...hooks,
    });
    if (result?.note) hooks.note(result.note);
    return { ok: true };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: error instanceof ConversionFailure ? error.code : 'conversion_error', detail };
  }
}

export class ConversionQueue {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly queue: JobRecord[] = [];
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Aborted by close(): ends every wait on the server's clock (expiries, ?wait= holds). */
  private readonly closing = new AbortController();
  /** Completed jobs in the order their results expire: retention is the same for every job, so
   *  that is the order they completed in. One sleep waits for the first of them: a sleep per
   *  job put a listener per job on one abort signal, and Node walks a signal's listeners to add
   *  one (1.5 s of the desktop's CPU while 10,000 files were converted on this computer). */
  private readonly expiring: JobRecord[] = [];
  private expiringHead = 0;
  private sweeping = false;
  private running = 0;
  private readonly active = new Set<Promise<void>>();
  private readonly resultName = createResultNamer();
  private closed = false;
  private readonly options: ConversionQueueOptions;
  private readonly processes: ConversionProcesses;

  constructor(options: ConversionQueueOptions) {
    this.options = options;
    this.processes = new ConversionProcesses(options.limits);
  }

  /** Process ids of the conversions running now (tests check they are gone after a cancel). */
  conversionPids(): number[] {
    return this.processes.pids();
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  submit(job: JobRecord): void {
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.pump();
  }

  /**
   * Resolves true when the job is final, false when `ms` passed first (on the server's clock,
   * so a test ends a ?wait= hold by moving time) or the server closed.
   */
  async waitForFinal(job: JobRecord, ms: number): Promise<boolean> {
    if (isFinal(job)) return true;
    if (ms <= 0 || this.closing.signal.aborted) return false;
    const set = this.waiters.get(job.id) ?? new Set();
    this.waiters.set(job.id, set);
    // The job's end aborts the hold's sleep: its timer goes at once, not after `ms`.
    const ended = new AbortController();
    const wake = () => ended.abort();
    set.add(wake);
    await this.options.clock.sleep(ms, AbortSignal.any([ended.signal, this.closing.signal]));
    set.delete(wake);
    if (set.size === 0 && this.waiters.get(job.id) === set) this.waiters.delete(job.id);
    return ended.signal.aborted;
  }

  /** 'cancelled', or 'conflict' when the job had already ended. */
  cancel(job: JobRecord): 'cancelled' | 'conflict' {
    if (isFinal(job)) return 'conflict';
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (!job.started) this.refund(job);
    job.abort.abort();
    this.finish(job, 'cancelled');
    void rm(job.inputPath, { force: true });
    void rm(job.outputPath, { force: true });
    return 'cancelled';
  }

  /** Deletes a completed result now (retention passed). */
  expire(job: JobRecord): void {
    if (job.expired) return;
    job.expired = true;
    void rm(job.outputPath, { force: true });
  }

  /** Stops taking work and kills every conversion process; resolves once they are gone (so
   *  nothing writes into the data folder any more) and running jobs have stopped (up to
   *  `graceMs` for the hashing of a result that had just been written). */
  async close(graceMs = 5000): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const job of this.jobs.values()) job.abort.abort();
    this.closing.abort();
    await this.processes.close();
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      graceTimer = setTimeout(resolve, graceMs).unref();
    });
    // Cleared once the jobs stopped: a closed server leaves no timer behind (the desktop's boot
    // test checks that quitting leaves nothing open).
    await Promise.race([Promise.allSettled([...this.active]), grace]).finally(() => clearTimeout(graceTimer));
  }

  private pump(): void {
    while (!this.closed && this.running < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running += 1;
      const task: Promise<void> = this.run(job).finally(() => {
        this.running -= 1;
        this.active.delete(task);
        this.pump();
      });
      this.active.add(task);
    }
  }

  private async run(job: JobRecord): Promise<void> {
    const { faults, table } = this.options;
    job.started = true;
    job.status = 'processing';
    job.progress = 5;
    if (faults.takeNeverFinish(job.sourceName)) {
      job.progress = 50;
      // Held until cancelled or the server closes, keeping its worker slot as a hung
      // converter would.
      await new Promise((resolve) => job.abort.signal.addEventListener('abort', resolve, { once: true }));
      return;
    }
    const failCode = faults.takeFailJob(job.sourceName);
    if (failCode) return this.fail(job, failCode);
    const entry = table.find(job.from, job.targetFormat);
    if (!entry) return this.fail(job, 'unsupported_conversion');
    const runaway = faults.takeRunawayConversion(job.sourceName);
    const hooks = {
      signal: job.abort.signal,
      progress: (fraction: number) => {
        if (job.status === 'processing') job.progress = 5 + 90 * Math.min(1, Math.max(0, fraction));
      },
      note: (text: string) => {
        job.note = job.note ? `${job.note} ${text}` : text;
      },
    };
    const outcome =
      entry.inProcess && !runaway
        ? await runInProcess(entry, job, hooks)
        : await this.processes.run(
            {
              from: job.from,
              to: job.targetFormat,
              input: job.inputPath,
              output: job.outputPath,
              sourceName: job.sourceName,
              ...(runaway ? { fault: runaway } : {}),
            },
            hooks,
          );
    if (job.status !== 'processing') return; // cancelled meanwhile
    if (!outcome.ok) return this.fail(job, outcome.code);
    try {
      if (faults.takeDamagedResult(job.sourceName)) await damage(job.outputPath);
      const bytes = (await stat(job.outputPath)).size;
      job.resultBytes = bytes;
      job.sha256 = await sha256Of(job.outputPath, bytes);
    } catch {
      if (job.status !== 'processing') return;
      return this.fail(job, 'conversion_error');
    }
    if (job.status !== 'processing') return;
    job.fileName = this.resultName(job.sourceName, job.targetFormat, faults.hostileNames());
    const retention = faults.immediateExpiry() ? 0 : this.options.retentionMs;
    job.expiresAt = this.options.clock.now() + retention;
    job.progress = 100;
    void rm(job.inputPath, { force: true });
    this.scheduleExpiry(job, retention);
    this.finish(job, 'completed');
  }

  private fail(job: JobRecord, code: string): void {
    job.error = { code, message: wireMessage(code) };
    this.refund(job);
    void rm(job.inputPath, { force: true });
    void rm(job.outputPath, { force: true });
    this.finish(job, 'failed');
  }

  private refund(job: JobRecord): void {
    const entry = this.options.ledger.entry(job.id);
    if (entry?.refunded) return;
    this.options.account.refund(job.tokensCharged);
    if (entry) entry.refunded = true;
  }

  private finish(job: JobRecord, status: 'completed' | 'failed' | 'cancelled'): void {
    job.status = status;
    const entry = this.options.ledger.entry(job.id);
    if (entry) entry.status = status;
    for (const wake of this.waiters.get(job.id) ?? []) wake();
    this.waiters.delete(job.id);
    if (status !== 'cancelled') this.options.onFinal(job);
  }

  private scheduleExpiry(job: JobRecord, ms: number): void {
    if (ms <= 0) {
      this.expire(job);
      return;
    }
    this.expiring.push(job);
    if (!this.sweeping) void this.sweepExpired();
  }

  /** Deletes each result once its time is up, in order, on the server's clock (long waits
   *  clamped there); closing the server ends the wait. */
  private async sweepExpired(): Promise<void> {
    const { clock } = this.options;
    const { signal } = this.closing;
    this.sweeping = true;
    try {
      while (this.expiringHead < this.expiring.length && !signal.aborted) {
        await clock.sleep((this.expiring[this.expiringHead]!.expiresAt ?? 0) - clock.now(), signal);
        if (signal.aborted) return;
        const now = clock.now();
        while (this.expiringHead < this.expiring.length) {
          const next = this.expiring[this.expiringHead]!;
          if ((next.expiresAt ?? 0) > now) break;
          this.expiringHead += 1;
          this.expire(next);
        }
        // Expired jobs leave the front of the list now and then, not one by one.
        if (this.expiringHead > 1024 && this.expiringHead * 2 > this.expiring.length) {
          this.expiring.splice(0, this.expiringHead);
          this.expiringHead = 0;
        }
      }
    } finally {
      this.sweeping = false;
    }
  }
}
