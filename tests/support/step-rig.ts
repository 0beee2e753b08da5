// One job step (upload, poll, download) on its own, with the runner's context built from the
// real parts (the local server over real HTTP, the API client, the job store, lanes and the
// rate gate) on a clock the test chooses, and what the context's callbacks were told.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, systemClock } from '../../shared/clock.ts';
import type { FormatLimits } from '../../shared/formats.ts';
import { ApiClient } from '../../electron/engine/api/api-client.ts';
import type { ApiError } from '../../electron/engine/api/api-errors.ts';
import { RateGate } from '../../electron/engine/api/rate-gate.ts';
import type { JobRecord } from '../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../electron/engine/events.ts';
import { JobStore } from '../../electron/engine/jobs/job-store.ts';
import { Lane } from '../../electron/engine/jobs/lanes.ts';
import type { RunnerContext, Runtime } from '../../electron/engine/jobs/step-context.ts';
import type { LocalServer, LocalServerOptions } from '../../electron/localserver/index.ts';
import { startLocalServer } from '../../electron/localserver/index.ts';
import { jobRecord } from './job-record.ts';
import { waitFor } from './wait.ts';
import { FIXTURES } from './fixtures.ts';

export interface StepRig {
  ctx: RunnerContext;
  server: LocalServer;
  store: JobStore;
  /** What the store announces ('job' views, as the window sees them). */
  emitter: EngineEmitter;
  clock: Clock;
  /** A temp folder: `in/` holds the sources, results go next to them unless a job says. */
  dir: string;
  inDir: string;
  authFailures: number;
  outOfTokens: ApiError[];
  charged: number[];
  /** A queued job for a copy of `fixture` (in `in/`, named `as`) converted to `to`. */
  job(fixture: string, to: string, patch?: Partial<JobRecord>, as?: string): Promise<JobRecord>;
  runtime(): Runtime;
  close(): Promise<void>;
}

export interface StepRigOptions {
  clock?: Clock;
  /** The server gets the same clock unless its options say otherwise. */
  server?: LocalServerOptions;
  key?: string;
  syncWaitSeconds?: number;
  limits?: FormatLimits;
  poll?: Partial<RunnerContext['poll']>;
}

/**
 * Resolves once the server has finished `job` (completed or failed). Its conversion runs in
 * real time in the server's own process: a ManualClock jumping from poll to poll meanwhile
 * would pass the job's deadline long before a slow machine finished converting.
 */
export function serverDone(rig: StepRig, job: JobRecord): Promise<unknown> {
  return waitFor(() => {
    const status = rig.server.ledger.entry(job.serverJobId ?? '')?.status;
    return status === 'completed' || status === 'failed';
  }, `the server to finish converting ${job.sourceName}`);
}

export async function stepRig(options: StepRigOptions = {}): Promise<StepRig> {
  const clock = options.clock ?? systemClock;
  const cleanups: (() => Promise<unknown>)[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'ifc-step-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const inDir = join(dir, 'in');
  await mkdir(inDir);
  const server = await startLocalServer({ tokens: 1000, clock, ...options.server });
  cleanups.push(() => server.close());
  const gate = new RateGate(clock);
  const client = new ApiClient({ url: server.url, key: options.key ?? server.key, gate });
  cleanups.push(() => client.close());
  const emitter = new EngineEmitter();
  const store = new JobStore(join(dir, 'state'), emitter, 0, { version: 1, jobs: [], batches: [] }, clock);
  cleanups.push(() => store.close());
  const rig: StepRig = {
    server,
    store,
    emitter,
    clock,
    dir,
    inDir,
    authFailures: 0,
    outOfTokens: [],
    charged: [],
    ctx: {
      client,
      store,
      gate,
      lanes: { upload: new Lane('upload', 2), poll: new Lane('poll', 2), download: new Lane('download', 2) },
      retry: { backoffBaseMs: 1000, maxAttempts: 3, jitter: 0 },
      poll: { firstMs: 500, maxMs: 5000, growth: 2, jitter: 0, stallAfterMs: 3_600_000, ...options.poll },
      syncWaitSeconds: options.syncWaitSeconds ?? 0,
      limits: () => options.limits,
      onAuthFailure: () => {
        rig.authFailures += 1;
      },
      onOutOfTokens: (_job, error) => {
        rig.outOfTokens.push(error);
      },
      onCharged: (tokens) => rig.charged.push(tokens),
    },
    async job(fixture, to, patch = {}, as = fixture) {
      const source = join(inDir, as);
      await copyFile(join(FIXTURES, fixture), source);
      const record = jobRecord(`job-${as}-${to}`, {
        source,
        sourceName: as,
        from: fixture.split('.').pop()!,
        to,
        createdAt: clock.now(),
        updatedAt: clock.now(),
        endpoint: server.url,
        ...patch,
      });
      store.addBatch({ id: record.batchId, createdAt: 0, jobIds: [record.id], skipped: [] }, [record]);
      return record;
    },
    runtime: () => ({
      controller: new AbortController(),
      done: Promise.resolve(),
      pollsDone: 0,
      pollSoon: false,
      bodySent: false,
      cancelRequested: false,
    }),
    async close() {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
  return rig;
}
