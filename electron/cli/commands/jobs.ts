// `ifc jobs`: what the journal holds, read without taking the lock (the snapshot is replaced
// atomically and its log only grows, so a read sees the state as of one write; while the
// running engine folds its log into a new snapshot, possibly one a few writes old).
import { t } from '../../../shared/i18n/index.ts';
import type { JobRecord } from '../../engine/index.ts';
import { readJournal } from '../../engine/index.ts';
import type { Command } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { jobLine } from '../render-json.ts';
import { describeJob } from '../render-plain.ts';
import type { Output } from '../reporter.ts';
import { printError } from '../reporter.ts';
import { stateDirOf } from '../session.ts';

export async function jobsCommand(
  cmd: Extract<Command, { name: 'jobs' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let jobs: JobRecord[] = [];
  try {
    jobs = (await readJournal(stateDirOf(cmd.common.stateDir, env)))?.jobs ?? [];
  } catch {
    printError(io, 'journal_corrupt');
    return EXIT.usage;
  }
  for (const job of jobs) {
    if (cmd.common.json) io.stdout.write(`${JSON.stringify(jobLine(job))}\n`);
    else io.stdout.write(`${describeJob(job)}\n`);
  }
  if (!cmd.common.json && jobs.length === 0) io.stdout.write(`${t('cli.noJobs')}\n`);
  return EXIT.ok;
}
