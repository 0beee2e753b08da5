// The terminal view of `ifc convert`: bars only for files that move, one line for the ones
// waiting, and every line within the terminal's width in columns (CJK and emoji take two).
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fitColumns, liveLines, TtyReporter } from '../../../electron/cli/render-tty.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';
import type { BatchSummary, JobView } from '../../../shared/jobs.ts';

function view(id: number, state: JobView['state'], name = `scan-${id}.png`, progress = 0.5): JobView {
  return {
    id: `j${id}`,
    batchId: 'b1',
    source: `/in/${name}`,
    sourceName: name,
    to: 'pdf',
    state,
    progress,
    createdAt: 0,
    updatedAt: 0,
  } as JobView;
}

function terminal(columns: number, rows?: number) {
  let written = '';
  const sink = {
    columns,
    rows,
    write: (text: string) => {
      written += text;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { io: { stdout: sink, stderr: sink }, text: () => written };
}

const EMPTY_SUMMARY: BatchSummary = {
  batchId: 'b1',
  completed: [],
  failed: [],
  pending: [],
  skipped: [],
  tokensSpent: 0,
};

describe('the terminal progress view', () => {
  it('draws a bar per moving file and one line for 5,000 waiting ones', () => {
    const screen = terminal(100);
    const reporter = new TtyReporter(screen.io);
    for (let i = 0; i < 5000; i += 1) reporter.job(view(i, 'queued'));
    reporter.job(view(1, 'uploading'));
    reporter.job(view(2, 'processing'));
    reporter.job(view(3, 'downloading'));
    reporter.summary(EMPTY_SUMMARY);
    reporter.close();
    const lines = screen
      .text()
      .replaceAll(/\x1b\[\d*[A-Z]/g, '')
      .trimEnd()
      .split('\n');
    expect(lines.filter((line) => line.includes('['))).toHaveLength(3);
    expect(lines).toContain('4,997 files waiting');
    expect(lines.length).toBeLessThan(10);
  });

  it("speaks the shell's language in the moving part too", () => {
    setLanguage('de');
    try {
      const moving = [view(1, 'processing'), view(2, 'uploading'), view(3, 'downloading')];
      const lines = liveLines(moving, 1200, 100, 3);
      expect(lines[0]).toMatch(/ 50% konvertieren$/);
      expect(lines.slice(1)).toEqual(['2 weitere Dateien in Arbeit', '1.200 Dateien warten']);
      expect(liveLines(moving, 1, 100, 2)).toEqual(['3 Dateien in Arbeit', '1 Datei wartet']);
    } finally {
      setLanguage('en');
    }
  });

  it('keeps lines with CJK and emoji names inside the terminal width', () => {
    const names = [
      '請求書_2026年3月_東京本社_最終版_コピー_コピー.pdf',
      '📄🧾 receipts 🧾📄 march 2026 final final.pdf',
      '발표자료_최종_진짜최종.docx',
    ];
    const width = 60;
    const lines = liveLines(
      names.map((name, i) => view(i, 'uploading', name, 0.25)),
      0,
      width,
    );
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
    // Every bar starts in the same column, so the redraw lines up.
    const barColumns = lines.map((line) => stringWidth(line.slice(0, line.indexOf(' ['))));
    expect(new Set(barColumns).size).toBe(1);
  });

  it('pads or cuts to exactly the asked columns', () => {
    expect(stringWidth(fitColumns('東京', 10))).toBe(10);
    expect(stringWidth(fitColumns('東京東京東京東京', 9))).toBe(9);
    expect(fitColumns('short', 8)).toBe('short   ');
  });
});

describe('the terminal redraw', () => {
  /** Replays what was written on a screen of lines (the escapes render-tty.ts uses). */
  function replay(written: string): string[] {
    const screen: string[] = [''];
    let row = 0;
    const at = (text: string) => {
      screen[row] = (screen[row] ?? '') + text;
    };
    const parts = written.split(/(\x1b\[\d*[A-Z]|\n)/);
    for (const part of parts) {
      if (part === '\n') {
        row += 1;
        screen[row] ??= '';
        continue;
      }
      const match = /^\x1b\[(\d*)([A-Z])$/.exec(part);
      if (!match) {
        if (part) at(part);
        continue;
      }
      const n = Number(match[1] || '1');
      if (match[2] === 'F') row -= n;
      else if (match[2] === 'E') row += n;
      else if (match[2] === 'K') screen[row] = '';
      else if (match[2] === 'J') {
        screen.splice(row + 1);
        screen[row] = '';
      }
      screen[row] ??= '';
    }
    return screen.slice(0, row);
  }

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('rewrites only the bar that moved, and the screen reads the same as a full redraw', () => {
    const screen = terminal(100);
    const reporter = new TtyReporter(screen.io);
    for (let i = 0; i < 4; i += 1) reporter.job(view(i, 'downloading', `scan-${i}.png`, 0.1));
    for (let i = 4; i < 100; i += 1) reporter.job(view(i, 'queued'));
    vi.advanceTimersByTime(100);
    const before = screen.text().length;
    reporter.job(view(2, 'downloading', 'scan-2.png', 0.9));
    vi.advanceTimersByTime(100);
    const redraw = screen.text().slice(before);
    // One bar line of 99 columns and the cursor moves: far less than the five lines again.
    expect(redraw).toContain('scan-2.png');
    expect(redraw).not.toContain('scan-1.png');
    expect(redraw).not.toContain('waiting');
    expect(redraw.length).toBeLessThan(2 * 100);
    const shown = replay(screen.text());
    expect(shown).toHaveLength(5);
    expect(shown[2]).toContain(' 90% downloading');
    expect(shown[1]).toContain(' 10% downloading');
    expect(shown[4]).toBe('96 files waiting');
  });

  it('never grows the moving part taller than the terminal, so the redraw stays in place', () => {
    // A slow server holds many files in "processing" at once: 30 moving on a 10-row terminal.
    const screen = terminal(100, 10);
    const reporter = new TtyReporter(screen.io);
    for (let i = 0; i < 30; i += 1) reporter.job(view(i, 'processing', `scan-${i}.png`, 0.3));
    for (let i = 30; i < 130; i += 1) reporter.job(view(i, 'queued'));
    vi.advanceTimersByTime(100);
    let shown = replay(screen.text());
    // Nine lines, the cursor on the tenth: the first 7 files keep their bars, the rest counted.
    expect(shown).toHaveLength(9);
    expect(shown.slice(0, 7).map((line) => line.split(' ')[0])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => `scan-${i}.png`),
    );
    expect(shown.slice(7)).toEqual(['23 more files in progress', '100 files waiting']);
    // A file finishes (a permanent line above) and one of the counted ones gets its bar.
    reporter.job(view(3, 'completed'));
    vi.advanceTimersByTime(100);
    shown = replay(screen.text());
    expect(shown[0]).toMatch(/^completed\s+scan-3\.png/);
    expect(shown.slice(1)).toHaveLength(9);
    expect(shown[7]).toMatch(/^scan-7\.png/);
    expect(shown.slice(8)).toEqual(['22 more files in progress', '100 files waiting']);
    // No cursor move ever reaches above the screen.
    const moves = [...screen.text().matchAll(/\x1b\[(\d+)F/g)].map((match) => Number(match[1]));
    expect(Math.max(...moves)).toBeLessThanOrEqual(9);
  });

  it('adds and erases lines as files start and finish, and the screen reads right', () => {
    const screen = terminal(100);
    const reporter = new TtyReporter(screen.io);
    for (let i = 0; i < 3; i += 1) reporter.job(view(i, 'uploading', `scan-${i}.png`, 0.2));
    vi.advanceTimersByTime(100);
    reporter.job(view(3, 'uploading', 'scan-3.png', 0.2));
    vi.advanceTimersByTime(100);
    expect(replay(screen.text()).filter((line) => line.includes('uploading'))).toHaveLength(4);
    reporter.job(view(1, 'queued'));
    reporter.job(view(3, 'queued'));
    vi.advanceTimersByTime(100);
    const shown = replay(screen.text());
    expect(shown.map((line) => line.slice(0, 10).trim())).toEqual(['scan-0.png', 'scan-2.png', '2 files wa']);
    reporter.job(view(0, 'completed'));
    vi.advanceTimersByTime(100);
    const after = replay(screen.text());
    expect(after[0]).toMatch(/^completed\s+scan-0\.png/);
    expect(after.slice(1).map((line) => line.slice(0, 10).trim())).toEqual(['scan-2.png', '2 files wa']);
  });
});
