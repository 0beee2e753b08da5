// How `ifc` tells what happens: NDJSON with --json, progress bars on a terminal, plain lines
// otherwise. Errors always go to stderr as one plain sentence from shared/messages.ts.
import { basename } from 'node:path';
import type { BatchSummary, JobView } from '../../shared/jobs.ts';
import { t } from '../../shared/i18n/index.ts';
import { messageFor } from '../../shared/messages.ts';
import { JsonReporter } from './render-json.ts';
import { PlainReporter, stateWord } from './render-plain.ts';

export interface Output {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream;
}

export interface Reporter {
  job(view: JobView): void;
  summary(summary: BatchSummary): void;
  /** A line of information for people (never on stdout with --json). */
  note(text: string): void;
  close(): void;
}

/** Loads the live TTY renderer only for a terminal: its text-width libraries cost every other
 *  command (formats, jobs, anything piped) more start-up time than the i18n catalogues do. */
export async function createReporter(json: boolean, out: Output): Promise<Reporter> {
  if (json) return new JsonReporter(out);
  if (out.stdout.isTTY) return new (await import('./render-tty.ts')).TtyReporter(out);
  return new PlainReporter(out);
}

/** The one sentence for `code`, with optional facts after it (numbers, a path). */
export function printError(out: Output, code: string, facts?: string): void {
  out.stderr.write(`${messageFor(code)}${facts ? ` (${facts})` : ''}\n`);
}

export function summaryLine(summary: BatchSummary): string {
  const counts = {
    completed: summary.completed.length,
    failed: summary.failed.length,
    pending: summary.pending.length,
    skipped: summary.skipped.length,
    spent: summary.tokensSpent,
  };
  return summary.balance !== undefined
    ? t('cli.summaryBalance', { ...counts, balance: summary.balance })
    : t('cli.summary', counts);
}

/** One line per file set aside, with its reason. */
export function skippedLines(summary: BatchSummary): string {
  return summary.skipped
    .map((entry) => `${stateWord('skipped')} ${basename(entry.source)}: ${entry.reason}\n`)
    .join('');
}
