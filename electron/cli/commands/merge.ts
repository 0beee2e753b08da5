// `ifc merge <file>... --out <file.pdf>`: each part becomes PDF through the service (PDFs are
// taken as they are, never uploaded), then the parts are joined here in the order given, one
// bookmark per source file. A part that fails fails the merge with its own sentence, and
// nothing half-written is left: parts go to a private temp folder, the result is renamed in.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { t } from '../../../shared/i18n/index.ts';
import { joinMergeParts, makePartsFolder, splitMergeParts } from '../../engine/index.ts';
import type { Command } from '../args.ts';
import { EXIT, exitCodeFor, exitCodeForFailure } from '../exit-codes.ts';
import type { Output, Reporter } from '../reporter.ts';
import { createReporter, printError } from '../reporter.ts';
import { batchEnd, startSession } from '../session.ts';
import { refusalFacts } from '../spend-step.ts';

export async function mergeCommand(
  cmd: Extract<Command, { name: 'merge' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const sources = cmd.inputs.map((input) => resolve(input));
  const target = resolve(cmd.out);
  const folder = await stat(dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    printError(io, 'output_unwritable', dirname(target));
    return EXIT.usage;
  }
  // PDF parts are read and opened first: a missing, damaged or password-protected one is bad
  // input, refused before anything is uploaded (no tokens spent on a merge that cannot end).
  const split = await splitMergeParts(sources);
  if (!split.ok) {
    printError(io, split.code, split.source);
    return EXIT.usage;
  }
  const { pdfs: pdfBytes, toConvert } = split;
  const converted = new Map<string, string>();
  const reporter = await createReporter(cmd.common.json, io);
  const parts = await makePartsFolder();
  try {
    if (toConvert.length > 0) {
      const exitCode = await convertParts(cmd, io, env, reporter, toConvert, parts.dir, converted);
      if (exitCode !== EXIT.ok) return exitCode;
    }
    const joined = await joinMergeParts(sources, pdfBytes, converted, target);
    if (!joined.ok) {
      printError(io, joined.code, joined.source);
      return EXIT.failed;
    }
    const pages = joined.merged.pages;
    const total = pages.reduce((sum, n) => sum + n, 0);
    if (cmd.common.json) {
      const line = {
        type: 'merge',
        output: target,
        pages: total,
        parts: sources.map((source, index) => ({ source, pages: pages[index] })),
      };
      io.stdout.write(`${JSON.stringify(line)}\n`);
    } else {
      io.stdout.write(`${t('cli.merged', { output: target, pages: total, parts: sources.length })}\n`);
    }
    return EXIT.ok;
  } finally {
    await parts.remove();
  }
}

/** Converts the non-PDF parts into `dir` as one batch (one estimate covering every part,
 *  before any upload); fills `converted` with source -> PDF path. */
async function convertParts(
  cmd: Extract<Command, { name: 'merge' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  toConvert: string[],
  dir: string,
  converted: Map<string, string>,
): Promise<number> {
  const opened = await startSession(cmd.common, reporter, io, env, { conflict: 'rename', outDir: dir });
  if (!opened.ok) return opened.exitCode;
  const { session } = opened;
  const { engine } = session;
  try {
    const expanded = await engine.expandInputs(toConvert, 'pdf');
    if (!expanded.ok) {
      printError(io, expanded.error.code);
      return exitCodeForFailure(expanded.error.code);
    }
    // Every part is named on the command line: one that cannot become PDF is bad input.
    const refused = expanded.value.skipped[0];
    if (refused) {
      printError(io, refused.code, refused.path);
      return EXIT.usage;
    }
    const submitted = await engine.submit(
      toConvert.map((source) => ({ source, to: 'pdf', outDir: dir })),
      {
        partial: false,
        conflict: 'rename',
        ...(cmd.maxTokens !== undefined ? { caps: { batch: cmd.maxTokens } } : {}),
      },
    );
    if (!submitted.ok) {
      const { code, details } = submitted.error;
      printError(io, code, refusalFacts(code, details));
      return exitCodeForFailure(code);
    }
    const { batchId, jobIds } = submitted.value;
    const { stop, summary: summaryOf } = await batchEnd(session, batchId, jobIds);
    await session.end();
    const summary = summaryOf([]);
    if (stop.needsKey) printError(io, 'invalid_api_key');
    if (stop.interrupted) printError(io, 'interrupted');
    // A failed part fails the merge with its own sentence and its file's name.
    for (const failure of summary.failed) printError(io, failure.code, failure.source);
    reporter.summary(summary);
    const views = engine.jobs().filter((job) => job.batchId === batchId);
    const exitCode = exitCodeFor(summary, views, stop);
    if (exitCode !== EXIT.ok) return exitCode;
    for (const done of summary.completed) converted.set(done.source, done.output);
    return toConvert.every((source) => converted.has(source)) ? EXIT.ok : EXIT.failed;
  } finally {
    await session.end();
  }
}
