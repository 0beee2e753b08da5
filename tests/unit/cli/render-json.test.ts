// `ifc --json`: one JSON object per line on stdout and nothing else there (notes go to
// stderr), in cli.md's words (a stalled job is "pending"), progress to three places, and one
// summary line. The lines are parsed back as a script would.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BatchSummary, JobView } from '../../../shared/jobs.ts';
import { JsonReporter } from '../../../electron/cli/render-json.ts';

function capture() {
  const text = { out: '', err: '' };
  // A Writable hands each write to write() at once (nothing queued before it): what was
  // written is in `text` when the call returns.
  const sink = (key: 'out' | 'err') =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text[key] += chunk.toString();
        done();
      },
    });
  return { out: { stdout: sink('out'), stderr: sink('err') }, text };
}

const view = (patch: Partial<JobView>): JobView => ({
  id: 'j1',
  batchId: 'b',
  source: '/in/a.pdf',
  sourceName: 'a.pdf',
  bytes: 1,
  from: 'pdf',
  to: 'xlsx',
  state: 'uploading',
  progress: 0.123456,
  createdAt: 0,
  updatedAt: 0,
  ...patch,
});

describe('ifc --json', () => {
  it('writes one parseable object per line: jobs in cli.md’s words, then the summary', () => {
    const { out, text } = capture();
    const reporter = new JsonReporter(out);
    reporter.job(view({}));
    reporter.job(
      view({ state: 'stalled', progress: 0, error: { code: 'stalled', message: 'No answer yet.' } }),
    );
    reporter.job(
      view({ state: 'completed', progress: 1, output: '/in/a.xlsx', note: 'Merged cells were split.' }),
    );
    reporter.note('Using the offline converter.');
    const summary: BatchSummary = {
      batchId: 'b',
      completed: [{ source: '/in/a.pdf', output: '/in/a.xlsx', tokens: 4 }],
      failed: [],
      pending: [{ source: '/in/b.pdf', state: 'stalled' }],
      skipped: [{ source: '/in/c.zip', reason: 'Not a format we convert.' }],
      tokensSpent: 4,
      balance: 96,
    };
    reporter.summary(summary);
    reporter.close();

    const lines = text.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { type: 'job', id: 'j1', source: '/in/a.pdf', state: 'uploading', progress: 0.123 },
      {
        type: 'job',
        id: 'j1',
        source: '/in/a.pdf',
        state: 'pending',
        progress: 0,
        error: { code: 'stalled', message: 'No answer yet.' },
      },
      {
        type: 'job',
        id: 'j1',
        source: '/in/a.pdf',
        state: 'completed',
        progress: 1,
        output: '/in/a.xlsx',
        note: 'Merged cells were split.',
      },
      {
        type: 'summary',
        completed: summary.completed,
        failed: [],
        pending: [{ source: '/in/b.pdf', state: 'pending' }],
        skipped: summary.skipped,
        tokensSpent: 4,
        balance: 96,
      },
    ]);
    expect(text.err).toBe('Using the offline converter.\n');
  });

  it('leaves the balance out of the summary when it is not known', () => {
    const { out, text } = capture();
    new JsonReporter(out).summary({
      batchId: 'b',
      completed: [],
      failed: [],
      pending: [],
      skipped: [],
      tokensSpent: 0,
    });
    expect(JSON.parse(text.out)).not.toHaveProperty('balance');
  });
});
