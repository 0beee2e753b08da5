// `ifc jobs`: what the journals hold, read without taking a lock (a snapshot is replaced
// atomically and its log only grows, so a read sees the state as of one write; while the
// running engine folds its log into a new snapshot, possibly one a few writes old).
// ifc's own jobs first, then the desktop app's from its journal in the same per-user state
// folder, marked as the app's: read-only here (`ifc resume` finishes only ifc's).
import { t } from '../../../shared/i18n/index.ts';
import { type JobRecord, journalDirOf, journalInUse, readJournal, stateAtRest } from '../../engine/index.ts';
import type { Command } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { jobLine } from '../render-json.ts';
import { jobStateLine } from '../render-plain.ts';
import type { Output } from '../reporter.ts';
import { printError } from '../reporter.ts';
import { stateDirOf } from '../session.ts';

/** A journal's jobs. While no run holds it, a job that was on its way when its run stopped is
 *  shown as pending: exactly the jobs `ifc resume` takes up again. */
async function jobsIn(dir: string): Promise<JobRecord[] | 'corrupt'> {
  let jobs: JobRecord[];
  try {
    jobs = (await readJournal(dir))?.jobs ?? [];
  } catch {
    return 'corrupt';
  }
  if (await journalInUse(dir)) return jobs;
  return jobs.map((job) => ({ ...job, state: stateAtRest(job) }));
}

export async function jobsCommand(
  cmd: Extract<Command, { name: 'jobs' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const ownDir = stateDirOf(cmd.common.stateDir, env);
  const own = await jobsIn(ownDir);
  if (own === 'corrupt') {
    printError(io, 'journal_corrupt');
    return EXIT.usage;
  }
  const appDir = journalDirOf('app', env);
  // A damaged app journal is the app's to report; ifc still lists its own.
  const app = appDir === ownDir ? [] : await jobsIn(appDir);
  const appJobs = app === 'corrupt' ? [] : app;
  for (const job of own) {
    if (cmd.common.json) io.stdout.write(`${JSON.stringify(jobLine(job))}\n`);
    else io.stdout.write(`${jobStateLine(job)}\n`);
  }
  for (const job of appJobs) {
    if (cmd.common.json) io.stdout.write(`${JSON.stringify({ ...jobLine(job), owner: 'app' })}\n`);
    else io.stdout.write(`app: ${jobStateLine(job)}\n`);
  }
  if (!cmd.common.json && own.length === 0 && appJobs.length === 0) io.stdout.write(`${t('cli.noJobs')}\n`);
  return EXIT.ok;
}
