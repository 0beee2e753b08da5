// `ifc resume`: finish what a stopped run left in the journal (polls and downloads accepted
// jobs, never re-uploads them; sends pending ones that the balance now covers).
import type { Command } from '../args.ts';
import { exitCodeFor, exitCodeForFailure } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { createReporter, printError } from '../reporter.ts';
import { startSession } from '../session.ts';

export async function resumeCommand(
  cmd: Extract<Command, { name: 'resume' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const reporter = await createReporter(cmd.common.json, io);
  const opened = await startSession(cmd.common, reporter, io, env);
  if (!opened.ok) return opened.exitCode;
  const { session } = opened;
  const { engine } = session;
  let ended = false;
  try {
    const resumed = await engine.resumeJournal();
    if (!resumed.ok) {
      printError(io, resumed.error.code);
      return exitCodeForFailure(resumed.error.code);
    }
    const ids = [...resumed.value.jobIds, ...resumed.value.pendingIds];
    const how = await Promise.race([engine.idle().then(() => 'settled' as const), session.stopped]);
    const stop = { interrupted: how === 'interrupted', needsKey: how === 'needs-key' };
    await session.end();
    ended = true;
    const summary = engine.summaryFor(ids, 'resume');
    if (stop.needsKey) printError(io, 'invalid_api_key');
    if (stop.interrupted) printError(io, 'interrupted');
    reporter.summary(summary);
    const views = engine.jobs().filter((job) => ids.includes(job.id));
    return exitCodeFor(summary, views, stop);
  } finally {
    if (!ended) await session.end();
  }
}
