// Picking up a journal after a stop (crash, SIGKILL, Ctrl-C, quit): accepted jobs are polled
// again (never re-uploaded), results still inside retention are downloaded, expired ones are
// marked, leftover temp files are removed, and jobs that were never accepted are sent again
// with their original idempotency key. Jobs left pending for lack of tokens go through the
// preflight once more: those that fit the balance now are queued, the rest stay pending.
import { unlink } from 'node:fs/promises';
import type { FormatsInfo } from '../../../shared/formats.ts';
import { estimateBatch } from '../../../shared/formats.ts';
import type { TokenBalance } from '../../../shared/jobs.ts';
import type { Result } from '../../../shared/result.ts';
import { ok } from '../../../shared/result.ts';
import type { JobRecord } from '../engine-types.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { JobStore } from '../jobs/job-store.ts';
import { adoptPlaced } from '../results/journaled-place.ts';

export interface ResumeContext {
  endpoint: string;
  /** This run converts on this computer (a local server started for it). */
  offline?: boolean;
  store: JobStore;
  runner: JobRunner;
  formats(): Promise<Result<FormatsInfo>>;
  balance(): Promise<Result<TokenBalance>>;
}

function sameEndpoint(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** A job sent to a local server on this computer (a loopback address). Such a server lives
 *  only as long as the run that started it, so its job ids die with it. */
export function wasLocal(job: Pick<JobRecord, 'endpoint'>): boolean {
  try {
    const host = new URL(job.endpoint).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/** The jobs a resume on `endpoint` takes up: its own, and, when it converts on this computer,
 *  those an earlier local server of a stopped run had (sent again: local conversion is free). */
export function isResumableBy(job: JobRecord, endpoint: string, offline: boolean): boolean {
  return sameEndpoint(job.endpoint, endpoint) || (offline && wasLocal(job));
}

/** How `ifc jobs` shows a job while no run holds the journal: one a resume would take up
 *  again (it was on its way when the run stopped) is pending, exactly as `ifc resume` sees it. */
export function stateAtRest(job: JobRecord): JobRecord['state'] {
  return MOVING_STATES.has(job.state) ? 'pending' : job.state;
}

const MOVING_STATES = new Set<JobRecord['state']>([
  'queued',
  'uploading',
  'processing',
  'downloading',
  'stalled',
]);

export async function resumeJobs(
  ctx: ResumeContext,
): Promise<Result<{ jobIds: string[]; pendingIds: string[] }>> {
  const { store, runner } = ctx;
  const mine = store
    .all()
    .filter((job) => isResumableBy(job, ctx.endpoint, ctx.offline ?? false) && !runner.isRunning(job.id));
  const start: { job: JobRecord; pollSoon: boolean }[] = [];
  const waiting: JobRecord[] = [];
  const stillPending: string[] = [];
  const now = store.clock.now();
  for (const job of mine) {
    if (!sameEndpoint(job.endpoint, ctx.endpoint)) {
      if (!MOVING_STATES.has(job.state) && job.state !== 'pending') continue;
      // An earlier local server's job: that server and its job ids are gone with its run, so
      // the file is sent again to this one, as a new job.
      store.update(job, {
        endpoint: ctx.endpoint,
        state: 'queued',
        progress: 0,
        serverJobId: undefined,
        idempotencyKey: undefined,
        result: undefined,
        charged: undefined,
        error: undefined,
        wait: undefined,
      });
    }
    if (job.partPath) {
      await unlink(job.partPath).catch(() => undefined);
      store.update(job, { partPath: undefined });
    }
    switch (job.state) {
      case 'queued':
      case 'uploading':
        store.update(job, { state: 'queued', progress: 0, wait: undefined });
        start.push({ job, pollSoon: false });
        break;
      case 'processing':
      case 'stalled':
        if (job.serverJobId) {
          store.update(job, {
            state: 'processing',
            error: undefined,
            wait: undefined,
            deadlineAt: now + runner.stallAfterMs,
          });
          start.push({ job, pollSoon: true });
        } else {
          store.update(job, { state: 'queued', progress: 0, error: undefined });
          start.push({ job, pollSoon: false });
        }
        break;
      case 'downloading':
        // Killed between the rename and saving `completed`: the result is in place already.
        if (await adoptPlaced(store, job)) break;
        // Even past its expiresAt by our clock: the server says whether it is gone (410).
        store.update(job, { progress: 0, wait: undefined });
        start.push({ job, pollSoon: false });
        break;
      case 'pending':
        if (!job.heldByUser && job.wait?.kind !== 'paused') waiting.push(job);
        break;
      default:
        break;
    }
  }
  if (waiting.length > 0) {
    const [info, balance] = await Promise.all([ctx.formats(), ctx.balance()]);
    if (!info.ok) return info;
    if (!balance.ok) return balance;
    // Oldest first, as they were given; only as many as the balance covers now.
    waiting.sort((a, b) => a.createdAt - b.createdAt || a.priority - b.priority);
    const estimate = estimateBatch(info.value.pricing, waiting, balance.value.tokens);
    waiting.forEach((job, index) => {
      if (index < estimate.fitCount) {
        store.update(job, {
          state: 'queued',
          wait: undefined,
          error: undefined,
          tokens: estimate.perItem[index],
        });
        start.push({ job, pollSoon: false });
      } else {
        stillPending.push(job.id);
        store.update(job, {
          wait: { kind: 'tokens', required: estimate.total, balance: balance.value.tokens },
        });
      }
    });
  }
  await store.flush();
  for (const { job, pollSoon } of start) runner.start(job, { pollSoon });
  return ok({ jobIds: start.map(({ job }) => job.id), pendingIds: stillPending });
}
