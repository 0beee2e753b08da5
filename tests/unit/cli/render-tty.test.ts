// The terminal view of `ifc convert`: bars only for files that move, one line for the ones
// waiting, and every line within the terminal's width in columns (CJK and emoji take two).
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitColumns, liveLines, TtyReporter } from '../../../electron/cli/render-tty.ts';
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

function terminal(columns: number) {
  let written = '';
  const sink = {
    columns,
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
    expect(lines).toContain('4997 files waiting');
    expect(lines.length).toBeLessThan(10);
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
