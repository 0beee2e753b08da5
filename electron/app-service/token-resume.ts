// Files the person sent that wait for tokens go on by themselves once the balance covers them:
// every balance the engine hears of (a refresh, a charge, the "Check again" button) is checked
// against what waits, and while something waits the balance is asked again now and then, so a
// top-up on the service's web page is noticed without a click. Watched folders are left out:
// their send queue restarts its own jobs (engine/watch/send-queue.ts).
import { type JobView, MOVING_STATES, type TokenBalance } from '../../shared/jobs.ts';
import type { Engine } from '../engine/index.ts';

/** States a job is in before the server accepted (and charged) it. */
const NOT_YET_CHARGED = new Set(['queued', 'uploading']);

/** The waiting jobs (oldest first) that fit in `tokens`, after what queued jobs will take. */
export function fundedJobs(
  jobs: readonly JobView[],
  tokens: number,
  isWatched: (batchId: string) => boolean,
): string[] {
  let available = tokens;
  for (const job of jobs) {
    if (NOT_YET_CHARGED.has(job.state) && !job.serverJobId) available -= job.tokens ?? 0;
  }
  const waiting = jobs
    .filter((job) => job.state === 'pending' && job.wait?.kind === 'tokens' && !isWatched(job.batchId))
    .sort((a, b) => a.createdAt - b.createdAt);
  const funded: string[] = [];
  for (const job of waiting) {
    const cost = job.tokens ?? 0;
    // In order: a later, cheaper file does not jump ahead of an earlier one still short.
    if (cost > available) break;
    available -= cost;
    funded.push(job.id);
  }
  return funded;
}

/** True when a file waits for tokens and nothing else is moving: while jobs run, their
 *  charges already report the balance, and extra checks would only take request slots. */
export function shouldRecheck(jobs: readonly JobView[], isWatched: (batchId: string) => boolean): boolean {
  if (jobs.some((job) => MOVING_STATES.has(job.state))) return false;
  return jobs.some(
    (job) => job.state === 'pending' && job.wait?.kind === 'tokens' && !isWatched(job.batchId),
  );
}

/** Default pause between balance checks while files wait for tokens. */
export const TOKEN_RECHECK_MS = 60_000;

/** Resumes funded jobs on every balance; returns the detach function. */
export function attachTokenResume(
  engine: Engine,
  isWatched: (batchId: string) => boolean,
  recheckMs = TOKEN_RECHECK_MS,
): () => void {
  const onBalance = (balance: TokenBalance) => {
    if (balance.offline) return;
    for (const jobId of fundedJobs(engine.jobs(), balance.tokens, isWatched)) engine.retry(jobId);
  };
  const off = engine.on('balance', onBalance);
  // The balance event fires only when the figure moves, so a balance that already covered a
  // job left waiting (e.g. one the person paused, then unpaused) is checked here too.
  const timer = setInterval(() => {
    if (!shouldRecheck(engine.jobs(), isWatched)) return;
    void engine.balance().then((result) => {
      if (result.ok) onBalance(result.value);
    });
  }, recheckMs);
  timer.unref?.();
  return () => {
    off();
    clearInterval(timer);
  };
}
