// "Combine into one PDF" in the window: the staged files, in the order the person set, become
// one PDF with a bookmark per file. PDFs are taken as they are (never uploaded); every other
// file becomes PDF through the engine as one batch (one estimate covers all of them before
// any upload, and each shows in the queue while it converts); then the parts are joined on
// this computer. A part that fails fails the whole with its own sentence and file name, and
// nothing half-written is left: parts live in a private temp folder, the result is renamed in.
// The same steps as `ifc merge` (cli/commands/merge.ts), over the app's long-lived engine.
import type { BatchSummary } from '../../shared/jobs.ts';
import { type ErrorCode, messageFor } from '../../shared/messages.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { type Engine, joinMergeParts, makePartsFolder, splitMergeParts } from '../engine/index.ts';

export interface CombineOutcome {
  path: string;
  pages: number;
  parts: number;
}

/** The part that stopped the combine: its code's sentence, and the file in the details (the
 *  window names it before the sentence). */
function partFailure(code: string, source: string): Result<never> {
  return fail({ code: code as ErrorCode, message: messageFor(code), details: { source } });
}

/** Waits for the batch's summary (the engine announces every batch once it settles). */
function batchSettled(engine: Engine, batchId: string): Promise<BatchSummary> {
  return new Promise((resolve) => {
    const off = engine.on('batch', (summary) => {
      if (summary.batchId !== batchId) return;
      off();
      resolve(summary);
    });
  });
}

/** What the app does around the parts' batch: keep it out of History and notifications
 *  (the combined PDF is the result), and take its rows out of the window afterwards. */
export interface CombineHooks {
  partsStarted(batchId: string): void;
  partsDone(jobIds: string[]): void;
}

export async function combineIntoPdf(
  engine: Engine,
  sources: string[],
  target: string,
  hooks: CombineHooks,
): Promise<Result<CombineOutcome>> {
  const split = await splitMergeParts(sources);
  if (!split.ok) return partFailure(split.code, split.source);
  const { pdfs: pdfBytes, toConvert } = split;
  const parts = await makePartsFolder();
  try {
    const converted = new Map<string, string>();
    if (toConvert.length > 0) {
      const submitted = await engine.submit(
        toConvert.map((source) => ({ source, to: 'pdf', outDir: parts.dir })),
        { partial: false, conflict: 'rename' },
      );
      if (!submitted.ok) return submitted;
      hooks.partsStarted(submitted.value.batchId);
      const summary = await batchSettled(engine, submitted.value.batchId);
      // The parts were only a means: their rows leave the queue once the combine is decided
      // (their files are in the temp folder, which goes too).
      const forget = () => {
        hooks.partsDone(submitted.value.jobIds.filter((jobId) => engine.remove(jobId).ok));
      };
      const failed = summary.failed[0];
      if (failed) {
        forget();
        return partFailure(failed.code, failed.source);
      }
      for (const done of summary.completed) converted.set(done.source, done.output);
      const missing = toConvert.find((source) => !converted.has(source));
      if (missing) {
        // Pending (tokens ran out, or the queue was paused) or cancelled: no whole PDF.
        for (const jobId of submitted.value.jobIds) await engine.cancel(jobId);
        forget();
        return partFailure('combine_incomplete', missing);
      }
      forget();
    }
    const joined = await joinMergeParts(sources, pdfBytes, converted, target);
    if (!joined.ok) {
      return joined.stage === 'part'
        ? partFailure(joined.code, joined.source)
        : fail({ code: joined.code as ErrorCode, message: messageFor(joined.code) });
    }
    const pages = joined.merged.pages.reduce((sum, count) => sum + count, 0);
    return ok({ path: target, pages, parts: sources.length });
  } finally {
    await parts.remove();
  }
}
