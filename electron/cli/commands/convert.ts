// `ifc convert <file|folder>... --to <format>`: expand, preflight, convert, save, summarise.
import { resolve } from 'node:path';
import { sourcesFor } from '../../../shared/formats.ts';
import type { Command } from '../args.ts';
import { EXIT, exitCodeFor, exitCodeForFailure } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { createReporter, printError } from '../reporter.ts';
import { openInvoiceStep } from '../invoice-step.ts';
import { batchEnd, startSession } from '../session.ts';
import { refusalFacts, writeBatchReceipt } from '../spend-step.ts';

export async function convertCommand(
  cmd: Extract<Command, { name: 'convert' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const reporter = await createReporter(cmd.common.json, io);
  const opened = await startSession(cmd.common, reporter, io, env, {
    conflict: cmd.conflict,
    ...(cmd.concurrency ? { concurrency: cmd.concurrency } : {}),
    ...(cmd.out ? { outDir: resolve(cmd.out) } : {}),
  });
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
  let ended = false;
  const end = async (): Promise<void> => {
    if (!ended) await session.end();
    ended = true;
  };
  try {
    const formats = await engine.formats();
    if (!formats.ok) {
      printError(io, formats.error.code);
      return exitCodeForFailure(formats.error.code);
    }
    if (sourcesFor(formats.value, cmd.to).length === 0) {
      printError(io, 'unknown_target_format', cmd.to);
      return EXIT.usage;
    }
    const expanded = await engine.expandInputs(cmd.inputs, cmd.to);
    if (!expanded.ok) {
      printError(io, expanded.error.code);
      return exitCodeForFailure(expanded.error.code);
    }
    // A file named on the command line that cannot be converted is bad input (cli.md): the
    // script asked for exactly that file. Files found by expanding a folder are only skipped.
    const refused = expanded.value.skipped.find((entry) => entry.named);
    if (refused) {
      printError(io, refused.code, refused.path);
      return EXIT.usage;
    }
    const skipped = expanded.value.skipped.map((entry) => ({ source: entry.path, reason: entry.reason }));
    const files = expanded.value.files;
    const submitted = await engine.submit(
      files.map((file) => ({ source: file.path, to: cmd.to })),
      {
        partial: cmd.partial,
        conflict: cmd.conflict,
        skipped,
        ...(cmd.maxTokens !== undefined ? { caps: { batch: cmd.maxTokens } } : {}),
      },
    );
    if (!submitted.ok) {
      const { code, details } = submitted.error;
      printError(io, code, refusalFacts(code, details));
      if (exitCodeForFailure(code) === EXIT.tokens) {
        reporter.summary({
          batchId: '',
          completed: [],
          failed: [],
          pending: files.map((file) => ({ source: file.path, state: 'pending' })),
          skipped,
          tokensSpent: 0,
          ...(typeof details?.balance === 'number' ? { balance: details.balance } : {}),
        });
      }
      return exitCodeForFailure(code);
    }
    const { batchId, jobIds } = submitted.value;
    const { stop, summary: summaryOf } = await batchEnd(session, batchId, jobIds);
    // Every invoice line comes before the summary, which is the last line.
    await invoices?.close();
    await end();
    const summary = summaryOf(skipped);
    if (stop.needsKey) printError(io, 'invalid_api_key');
    if (stop.interrupted) printError(io, 'interrupted');
    const receiptWritten = cmd.receipt ? await writeBatchReceipt(engine, batchId, cmd.receipt) : true;
    if (!receiptWritten) printError(io, 'output_unwritable', cmd.receipt);
    reporter.summary(summary);
    const views = engine.jobs().filter((job) => job.batchId === batchId);
    const exitCode = exitCodeFor(summary, views, stop);
    return exitCode === EXIT.ok && !receiptWritten ? EXIT.failed : exitCode;
  } finally {
    await invoices?.close();
    await end();
  }
}
