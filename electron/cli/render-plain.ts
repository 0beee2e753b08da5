// Plain lines for logs and pipes: one line per state change, no progress noise.
import { basename } from 'node:path';
import { t } from '../../shared/i18n/index.ts';
import type { BatchSummary, JobView } from '../../shared/jobs.ts';
import { failureMessage } from '../../shared/messages.ts';
import type { Output, Reporter } from './reporter.ts';
import { skippedLines, summaryLine } from './reporter.ts';

const STATES = [
  'completed',
  'failed',
  'stalled',
  'skipped',
  'queued',
  'pending',
  'uploading',
  'processing',
  'downloading',
  'cancelled',
] as const;

/** A state word in the shell's language, padded so the names after it line up in one column. */
export function stateWord(state: (typeof STATES)[number]): string {
  const width = Math.max(11, ...STATES.map((each) => t(`cli.state.${each}`).length));
  return t(`cli.state.${state}`).padEnd(width);
}

export function jobStateLine(view: JobView): string {
  const name = basename(view.source);
  const reason = view.error ? failureMessage(view.error) : '';
  switch (view.state) {
    case 'completed':
      return `${stateWord('completed')} ${name} -> ${view.output ?? ''}${view.note ? ` (${view.note})` : ''}`;
    case 'failed':
    case 'stalled':
      return `${stateWord(view.state)} ${name}: ${reason}`;
    default:
      return `${stateWord(view.state)} ${name}`;
  }
}

export class PlainReporter implements Reporter {
  private readonly out: Output;
  private readonly lastState = new Map<string, string>();

  constructor(out: Output) {
    this.out = out;
  }

  job(view: JobView): void {
    if (this.lastState.get(view.id) === view.state) return;
    this.lastState.set(view.id, view.state);
    this.out.stdout.write(`${jobStateLine(view)}\n`);
  }

  summary(summary: BatchSummary): void {
    this.out.stdout.write(`${skippedLines(summary)}${summaryLine(summary)}\n`);
  }

  note(text: string): void {
    this.out.stdout.write(`${text}\n`);
  }

  close(): void {}
}
