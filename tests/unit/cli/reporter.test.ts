// How `ifc` tells what happens (reporter.ts): the reporter that fits where the output goes (a
// script's --json, a terminal, a pipe), notes never mixed into --json's stdout, an error always
// one line on stderr (its sentence, then the facts), and the batch's summary and skipped files
// in words, in the shell's language, with non-ASCII file names kept whole.
import { afterEach, describe, expect, it } from 'vitest';
import { JsonReporter } from '../../../electron/cli/render-json.ts';
import { PlainReporter } from '../../../electron/cli/render-plain.ts';
import { TtyReporter } from '../../../electron/cli/render-tty.ts';
import { createReporter, printError, skippedLines, summaryLine } from '../../../electron/cli/reporter.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';
import type { BatchSummary, JobView } from '../../../shared/jobs.ts';
import { messageFor } from '../../../shared/messages.ts';
import { memoryOutput } from '../../support/memory-output.ts';

afterEach(() => {
  setLanguage('en');
});

const job: JobView = {
  id: 'j1',
  batchId: 'b1',
  source: '/daten/Übersicht 日本.txt',
  sourceName: 'Übersicht 日本.txt',
  bytes: 10,
  from: 'txt',
  to: 'pdf',
  state: 'completed',
  progress: 1,
  output: '/daten/Übersicht 日本.pdf',
  createdAt: 1,
  updatedAt: 2,
};

const summary: BatchSummary = {
  batchId: 'b1',
  completed: [{ source: job.source, output: job.output!, tokens: 3 }],
  failed: [{ source: '/daten/kaputt.pdf', code: 'corrupt_input', message: messageFor('corrupt_input') }],
  pending: [],
  skipped: [{ source: '/daten/schon da.pdf', reason: 'exists' }],
  tokensSpent: 3,
};

describe('the reporter for where the output goes', () => {
  it('writes one JSON object per line with --json, and notes go to stderr, never stdout', async () => {
    const io = memoryOutput({ tty: true });
    const reporter = await createReporter(true, io);
    reporter.job(job);
    reporter.note('Hinweis für Menschen');
    reporter.summary(summary);
    reporter.close();
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.type)).toEqual(['job', 'summary']);
    expect(lines[0]).toMatchObject({ source: job.source, state: 'completed', output: job.output });
    expect(io.err()).toBe('Hinweis für Menschen\n');
  });

  it('writes plain lines into a pipe, each job and the summary on lines of their own', async () => {
    const io = memoryOutput();
    const reporter = await createReporter(false, io);
    reporter.job(job);
    reporter.summary(summary);
    reporter.close();
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toContain('Übersicht 日本.txt -> /daten/Übersicht 日本.pdf');
    expect(lines.at(-1)).toBe(summaryLine(summary));
    // No cursor movement or colour in a pipe.
    expect(io.out()).not.toMatch(/\u001b\[/);
  });

  it('picks the live terminal renderer only for a terminal, and JSON whenever asked, even on one', async () => {
    expect(await createReporter(false, memoryOutput({ tty: true, columns: 60 }))).toBeInstanceOf(TtyReporter);
    expect(await createReporter(false, memoryOutput())).toBeInstanceOf(PlainReporter);
    expect(await createReporter(true, memoryOutput({ tty: true }))).toBeInstanceOf(JsonReporter);
    expect(await createReporter(true, memoryOutput())).toBeInstanceOf(JsonReporter);
  });
});

describe('errors and summaries in words', () => {
  it('prints an error as its one sentence, with the facts after it, on stderr only', () => {
    const io = memoryOutput();
    printError(io, 'insufficient_tokens', 'needs 12 tokens, balance 3, short by 9');
    printError(io, 'network');
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      `${messageFor('insufficient_tokens')} (needs 12 tokens, balance 3, short by 9)\n${messageFor('network')}\n`,
    );
  });

  it('counts the batch, and names the balance only when it is known', () => {
    expect(summaryLine(summary)).toBe('1 completed, 1 failed, 0 pending, 1 skipped; 3 tokens spent.');
    expect(summaryLine({ ...summary, tokensSpent: 1, balance: 12_345 })).toBe(
      '1 completed, 1 failed, 0 pending, 1 skipped; 1 token spent, balance 12,345.',
    );
  });

  it('says the summary in the shell language', () => {
    const english = summaryLine(summary);
    setLanguage('de');
    const german = summaryLine(summary);
    expect(german).not.toBe(english);
    expect(german).toMatch(/3/);
  });

  it('names each file set aside with its reason, by file name only', () => {
    expect(skippedLines(summary)).toMatch(/^\S+\s+schon da\.pdf: exists\n$/);
    expect(skippedLines({ ...summary, skipped: [] })).toBe('');
  });
});
