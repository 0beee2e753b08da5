// Plain lines for logs and pipes: one line per state change, no progress noise.
import { basename } from 'node:path';
import type { BatchSummary, JobView } from '../../shared/jobs.ts';
import type { Output, Reporter } from './reporter.ts';
import { skippedLines, summaryLine } from './reporter.ts';

export function jobStateLine(view: JobView): string {
  const name = basename(view.source);
  switch (view.state) {
    case 'completed':
      return `completed   ${name} -> ${view.output ?? ''}`;
    case 'failed':
      return `failed      ${name}: ${view.error?.message ?? ''}`;
    case 'stalled':
      return `stalled     ${name}: ${view.error?.message ?? ''}`;
    default:
      return `${view.state.padEnd(11)} ${name}`;
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
