// A terminal: a progress bar for each file that is moving (uploading, converting,
// downloading), one line counting the files still waiting, redrawn in place at most 10 times a
// second; a finished file leaves one permanent line above the bars. A 5,000-file folder thus
// redraws a handful of bars and one count, never 5,000 bars, and of those only the lines that
// changed since the last draw when no permanent line came in between. The moving part never
// grows taller than the terminal: the cursor cannot move up past the top of the screen, so a
// taller part would be redrawn in the wrong place and pile up in the scrollback (a slow server
// can hold dozens of files in "processing" at once). Bars past the room left are one line,
// "N more files in progress". Names are measured in terminal columns (string-width,
// cli-truncate): a CJK character or an emoji takes two, so a bar never wraps and the in-place
// redraw never drifts. The words are the shell's language (cli.* in shared/locales).
import { basename } from 'node:path';
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import { t } from '../../shared/i18n/index.ts';
import { type BatchSummary, IN_FLIGHT_STATES, type JobView } from '../../shared/jobs.ts';
import { jobStateLine } from './render-plain.ts';
import type { Output, Reporter } from './reporter.ts';
import { skippedLines, summaryLine } from './reporter.ts';

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

/** The lines of the moving part of the screen: one bar per moving job, one waiting count; at
 *  most `height` lines, the bars that do not fit counted in one line. */
export function liveLines(
  moving: Iterable<JobView>,
  waiting: number,
  width: number,
  height = Number.POSITIVE_INFINITY,
): string[] {
  // The name column is as wide as the widest name shown (within the room there is), not the
  // whole terminal: every bar still starts in one column, and a line is not padded with spaces
  // that are written again on every redraw.
  const all = [...moving];
  const countLines = waiting > 0 ? 1 : 0;
  // The first files to move keep their bars (their lines stay put); the rest are counted.
  const fits = all.length + countLines <= height;
  const views = fits ? all : all.slice(0, Math.max(0, height - countLines - 1));
  const room = Math.max(10, width - BAR - 20);
  const widest = views.reduce((most, view) => Math.max(most, stringWidth(basename(view.source))), 10);
  const nameWidth = Math.min(room, widest);
  const lines: string[] = [];
  for (const view of views) {
    const percent = `${Math.round(view.progress * 100)}%`.padStart(4);
    const state = t(`cli.state.${view.state as 'uploading' | 'processing' | 'downloading'}`);
    lines.push(`${fitColumns(basename(view.source), nameWidth)} ${bar(view.progress)} ${percent} ${state}`);
  }
  const unshown = all.length - views.length;
  if (unshown > 0) {
    lines.push(t(views.length > 0 ? 'cli.ttyMoreInProgress' : 'cli.ttyInProgress', { count: unshown }));
  }
  if (waiting > 0) lines.push(t('cli.ttyWaiting', { count: waiting }));
  return lines;
}

export class TtyReporter implements Reporter {
  private readonly out: Output;
  private readonly moving = new Map<string, JobView>();
  private readonly waiting = new Set<string>();
  private readonly settled = new Map<string, string>();
  private readonly pendingLines: string[] = [];
  /** The moving part as it is on the screen now (the lines below the permanent ones). */
  private drawn: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(out: Output) {
    this.out = out;
  }

  job(view: JobView): void {
    this.waiting.delete(view.id);
    // A file already on screen keeps its line (Map.set keeps a key's place): its bar moves,
    // the others stay put and are not redrawn.
    if (IN_FLIGHT_STATES.has(view.state)) this.moving.set(view.id, view);
    else {
      this.moving.delete(view.id);
      if (WAITING.has(view.state)) this.waiting.add(view.id);
      else if (this.settled.get(view.id) !== view.state) {
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
    // The cursor ends on the line below the moving part, so the part gets one line less than
    // the screen has (at least the two count lines).
    const height = Math.max(2, (this.out.stdout.rows || 24) - 1);
    const permanent = this.pendingLines.splice(0);
    const live = liveLines(this.moving.values(), this.waiting.size, width, height);
    // Nothing new above the moving part: only the lines that changed are rewritten (a bar that
    // moved, the waiting count), the rest are stepped over, lines gone are erased.
    // Otherwise the permanent lines go in above and the moving part is drawn again below them.
    let text: string;
    if (permanent.length === 0) text = this.changedLines(live);
    else {
      text = this.drawn.length > 0 ? `\x1b[${this.drawn.length}F\x1b[0J` : '';
      for (const line of permanent) text += `${fitColumns(line, width).trimEnd()}\n`;
      for (const line of live) text += `${line}\n`;
    }
    this.drawn = live;
    if (text) this.out.stdout.write(text);
  }

  /** Up to the first line that changed, then each line rewritten (erased first) or stepped
   *  over, new lines added, lines no longer needed erased; the cursor ends below the part. */
  private changedLines(live: string[]): string {
    const old = this.drawn;
    let first = 0;
    while (first < live.length && first < old.length && live[first] === old[first]) first += 1;
    if (first === live.length && first === old.length) return '';
    let text = old.length > first ? `\x1b[${old.length - first}F` : '';
    for (let index = first; index < live.length; index += 1) {
      text += index < old.length && live[index] === old[index] ? '\x1b[1E' : `\x1b[2K${live[index]}\n`;
    }
    if (live.length < old.length) text += '\x1b[0J';
    return text;
  }
}
