// `ifc jobs`: what the journal holds, read without taking the lock (the file is replaced
// atomically, so a read sees one whole version).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobRecord } from '../../engine/index.ts';
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
    const text = await readFile(join(stateDirOf(cmd.common.stateDir, env), 'journal.json'), 'utf8');
    jobs = (JSON.parse(text) as { jobs?: JobRecord[] }).jobs ?? [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      printError(io, 'journal_corrupt');
      return EXIT.usage;
    }
  }
  for (const job of jobs) {
    if (cmd.common.json) io.stdout.write(`${JSON.stringify(jobLine(job))}\n`);
    else io.stdout.write(`${describeJob(job)}\n`);
  }
  if (!cmd.common.json && jobs.length === 0) io.stdout.write('The journal holds no jobs.\n');
  return EXIT.ok;
}
