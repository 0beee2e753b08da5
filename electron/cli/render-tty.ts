// A terminal: a progress bar for each file that is moving (uploading, converting,
// downloading), one line counting the files still waiting, redrawn in place at most 10 times a
// second; a finished file leaves one permanent line above the bars. A 5,000-file folder thus
// redraws a handful of bars and one count, never 5,000 bars. Names are measured in terminal
// columns (string-width, cli-truncate): a CJK character or an emoji takes two, so a bar never
// wraps and the in-place redraw never drifts.
import { basename } from 'node:path';
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import type { BatchSummary, JobView } from '../../shared/jobs.ts';
import { jobStateLine } from './render-plain.ts';
import type { Output, Reporter } from './reporter.ts';
import { skippedLines, summaryLine } from './reporter.ts';

const MOVING = new Set(['uploading', 'processing', 'downloading']);
const WAITING = new Set(['queued']);
const BAR = 20;
const REDRAW_MS = 100;

function bar(progress: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * BAR);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
}

/** `text` cut or padded to exactly `columns` terminal columns. */
export function fitColumns(text: string, columns: number): string {
  const cut = stringWidth(text) > columns ? cliTruncate(text, columns, { position: 'end' }) : text;
  return cut + ' '.repeat(Math.max(0, columns - stringWidth(cut)));
}

/** The lines of the moving part of the screen: one bar per moving job, one waiting count. */
export function liveLines(moving: Iterable<JobView>, waiting: number, width: number): string[] {
  const nameWidth = Math.max(10, width - BAR - 20);
  const lines: string[] = [];
  for (const view of moving) {
    const percent = `${Math.round(view.progress * 100)}%`.padStart(4);
    lines.push(
      `${fitColumns(basename(view.source), nameWidth)} ${bar(view.progress)} ${percent} ${view.state}`,
    );
  }
  if (waiting > 0) lines.push(`${waiting} ${waiting === 1 ? 'file' : 'files'} waiting`);
  return lines;
}

export class TtyReporter implements Reporter {
  private readonly out: Output;
  private readonly moving = new Map<string, JobView>();
  private readonly waiting = new Set<string>();
  private readonly settled = new Map<string, string>();
  private readonly pendingLines: string[] = [];
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(out: Output) {
    this.out = out;
  }

  job(view: JobView): void {
    this.moving.delete(view.id);
    this.waiting.delete(view.id);
    if (MOVING.has(view.state)) this.moving.set(view.id, view);
    else if (WAITING.has(view.state)) this.waiting.add(view.id);
    else if (this.settled.get(view.id) !== view.state) {
      this.settled.set(view.id, view.state);
      this.pendingLines.push(jobStateLine(view));
    }
    this.schedule();
  }

  summary(summary: BatchSummary): void {
    this.draw();
    this.out.stdout.write(`${skippedLines(summary)}${summaryLine(summary)}\n`);
  }

  note(text: string): void {
    this.pendingLines.push(text);
    this.schedule();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.moving.clear();
    this.waiting.clear();
    this.draw();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, REDRAW_MS);
    this.timer.unref();
  }

  private draw(): void {
    const width = Math.max(40, (this.out.stdout.columns || 80) - 1);
    let text = this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[0J` : '';
    for (const line of this.pendingLines.splice(0)) text += `${fitColumns(line, width).trimEnd()}\n`;
    const live = liveLines(this.moving.values(), this.waiting.size, width);
    for (const line of live) text += `${line}\n`;
    this.drawn = live.length;
    if (text) this.out.stdout.write(text);
  }
}
