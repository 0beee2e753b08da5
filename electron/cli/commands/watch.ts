// `ifc watch <folder> --to <format>`: convert each new file once, until Ctrl-C. The watching
// itself (stable files, the "already converted" memory, after-success moves) is the engine's
// watch module, the same one the desktop's watch folders run.
import { t } from '../../../shared/i18n/index.ts';
import { basename, resolve } from 'node:path';
import { createFolderWatch, parseWatchRule, ruleIdFor, type WatchEngine } from '../../engine/watch/index.ts';
import type { Command } from '../args.ts';
import { EXIT, exitCodeForFailure } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { createReporter, printError } from '../reporter.ts';
import { openInvoiceStep } from '../invoice-step.ts';
import { startSession } from '../session.ts';

export async function watchCommand(
  cmd: Extract<Command, { name: 'watch' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const folder = resolve(cmd.folder);
  const rule = parseWatchRule({
    id: ruleIdFor(folder, cmd.to),
    folder,
    recursive: cmd.recursive,
    to: cmd.to,
    after: cmd.after,
    ...(cmd.out ? { outDir: resolve(cmd.out) } : {}),
  });
  if (!rule.ok) {
    printError(io, rule.error.code);
    return EXIT.usage;
  }
  const reporter = await createReporter(cmd.common.json, io);
  const opened = await startSession(cmd.common, reporter, io, env);
  if (!opened.ok) return opened.exitCode;
  const { session, stateDir } = opened;
  const { engine } = session;
  const step = await openInvoiceStep(session, cmd.invoices, {
    stateDir,
    json: cmd.common.json,
    io,
    reporter,
    env,
  });
  if (!step.ok) return step.exitCode;
  const invoices = step.step;
  const taken: string[] = [];
  // --max-tokens: every file the watch sends is a batch of its own, refused past the limit.
  const limit = cmd.maxTokens;
  const sender: WatchEngine =
    limit === undefined
      ? engine
      : {
          on: (event, listener) => engine.on(event, listener),
          jobs: () => engine.jobs(),
          formats: () => engine.formats(),
          balance: () => engine.balance(),
          retry: (jobId) => engine.retry(jobId),
          submit: (items, options) => engine.submit(items, { ...options, caps: { batch: limit } }),
        };
  const watch = createFolderWatch(sender, rule.value, { stateDir });
  watch.on('taken', (event) => taken.push(event.jobId));
  watch.on('skipped', (event) => reporter.note(`skipped     ${basename(event.source)} (${event.reason})`));
  watch.on('paused', (event) => {
    if (event.reason === 'tokens') reporter.note(event.message);
  });
  watch.on('error', (event) => printError(io, event.error.code));
  try {
    // Jobs a previous run left (this watch's among them) are finished first.
    await engine.resumeJournal();
    const started = await watch.start();
    if (!started.ok) {
      printError(io, started.error.code);
      return exitCodeForFailure(started.error.code);
    }
    reporter.note(t('cli.watching', { folder, to: cmd.to }));
    const how = await session.stopped;
    await watch.stop();
    await invoices?.close();
    await session.end();
    reporter.summary(engine.summaryFor(taken, 'watch'));
    if (how === 'needs-key') {
      printError(io, 'invalid_api_key');
      return EXIT.auth;
    }
    return EXIT.interrupted;
  } finally {
    await invoices?.close();
    await watch.stop();
    await session.end();
  }
}
