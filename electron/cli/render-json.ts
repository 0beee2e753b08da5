// `--json`: one JSON object per line on stdout and nothing else there (cli.md). Job lines on
// every state change (progress is already limited to 4 a second per job by the engine), then
// one summary line.
import type { BatchSummary, JobView } from '../../shared/jobs.ts';
import type { Output, Reporter } from './reporter.ts';

/** cli.md's state words; `stalled` is a kind of pending there (its error says why). */
function cliState(view: JobView): string {
  return view.state === 'stalled' ? 'pending' : view.state;
}

export function jobLine(view: JobView): Record<string, unknown> {
  const line: Record<string, unknown> = {
    type: 'job',
    id: view.id,
    source: view.source,
    state: cliState(view),
    progress: Math.round(view.progress * 1000) / 1000,
  };
  if (view.output) line.output = view.output;
  if (view.error) line.error = { code: view.error.code, message: view.error.message };
  if (view.note) line.note = view.note;
  return line;
}

export function summaryObject(summary: BatchSummary): Record<string, unknown> {
  const line: Record<string, unknown> = {
    type: 'summary',
    completed: summary.completed,
    failed: summary.failed,
    pending: summary.pending.map((entry) => ({
      source: entry.source,
      state: entry.state === 'stalled' ? 'pending' : entry.state,
    })),
    skipped: summary.skipped,
    tokensSpent: summary.tokensSpent,
  };
  if (summary.balance !== undefined) line.balance = summary.balance;
  return line;
}

export class JsonReporter implements Reporter {
  private readonly out: Output;

  constructor(out: Output) {
    this.out = out;
  }

  job(view: JobView): void {
    this.write(jobLine(view));
  }

  summary(summary: BatchSummary): void {
    this.write(summaryObject(summary));
  }

  note(text: string): void {
    this.out.stderr.write(`${text}\n`);
  }

  close(): void {}

  write(line: Record<string, unknown>): void {
    this.out.stdout.write(`${JSON.stringify(line)}\n`);
  }
}
