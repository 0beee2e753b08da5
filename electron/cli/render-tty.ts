// A terminal: one progress bar per file still moving, redrawn in place at most 10 times a
// second; a finished file leaves one permanent line above the bars.
import { basename } from 'node:path';
import type { BatchSummary, JobView } from '../../shared/jobs.ts';
import { jobStateLine } from './render-plain.ts';
import type { Output, Reporter } from './reporter.ts';
import { skippedLines, summaryLine } from './reporter.ts';

const MOVING = new Set(['queued', 'uploading', 'processing', 'downloading']);
const BAR = 20;

function bar(progress: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * BAR);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
}

export class TtyReporter implements Reporter {
  private readonly out: Output;
  private readonly moving = new Map<string, JobView>();
  private readonly settled = new Map<string, string>();
  private readonly pendingLines: string[] = [];
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(out: Output) {
    this.out = out;
  }

  job(view: JobView): void {
    if (MOVING.has(view.state)) {
      this.moving.set(view.id, view);
    } else {
      this.moving.delete(view.id);
      if (this.settled.get(view.id) !== view.state) {
        this.settled.set(view.id, view.state);
        this.pendingLines.push(jobStateLine(view));
      }
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
    this.draw();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, 100);
    this.timer.unref();
  }

  private draw(): void {
    const width = Math.max(40, (this.out.stdout.columns || 80) - 1);
    let text = this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[0J` : '';
    for (const line of this.pendingLines.splice(0)) text += `${line.slice(0, width)}\n`;
    const nameWidth = Math.max(10, width - BAR - 20);
    const bars = [...this.moving.values()].map((view) => {
      const percent = `${Math.round(view.progress * 100)}%`.padStart(4);
      const name = basename(view.source);
      const shown = name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}~` : name.padEnd(nameWidth);
      return `${shown} ${bar(view.progress)} ${percent} ${view.state}`;
    });
    for (const line of bars) text += `${line}\n`;
    this.drawn = bars.length;
    if (text) this.out.stdout.write(text);
  }
}
