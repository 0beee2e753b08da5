// `ifc` plain lines for logs and pipes: one line per state change (the same state again is not
// repeated), state words padded into one column, a finished line naming the result and its
// note, a failed line its reason.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/jobs.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { jobStateLine, PlainReporter, stateWord } from '../../../electron/cli/render-plain.ts';

function capture() {
  const text = { out: '' };
  // A Writable hands each write to write() at once: the text is there when the call returns.
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.out += chunk.toString();
      done();
    },
  });
  return { out: { stdout, stderr: stdout }, text };
}

const view = (patch: Partial<JobView>): JobView => ({
  id: 'j1',
  batchId: 'b',
  source: '/in/Report 2026.pdf',
  sourceName: 'Report 2026.pdf',
  bytes: 1,
  from: 'pdf',
  to: 'xlsx',
  state: 'uploading',
  progress: 0.5,
  createdAt: 0,
  updatedAt: 0,
  ...patch,
});

describe('ifc plain lines', () => {
  it('pads every state word to one width so the names line up', () => {
    const words = (['completed', 'failed', 'queued', 'downloading'] as const).map(stateWord);
    expect(new Set(words.map((word) => word.length)).size).toBe(1);
    expect(words[0]?.trim().length).toBeGreaterThan(0);
  });

  it('writes one line per state change, naming the result, the note or the reason', () => {
    const { out, text } = capture();
    const reporter = new PlainReporter(out);
    reporter.job(view({ progress: 0.1 }));
    reporter.job(view({ progress: 0.9 })); // same state: no new line
    reporter.job(
      view({ state: 'completed', output: '/in/Report 2026.xlsx', note: 'Merged cells were split.' }),
    );
    const error = { code: 'corrupt_input', message: 'x' };
    reporter.job(view({ id: 'j2', source: '/in/bad.pdf', state: 'failed', error }));
    const lines = text.out.trimEnd().split('\n');
    expect(lines).toEqual([
      `${stateWord('uploading')} Report 2026.pdf`,
      `${stateWord('completed')} Report 2026.pdf -> /in/Report 2026.xlsx (Merged cells were split.)`,
      `${stateWord('failed')} bad.pdf: ${failureMessage(error)}`,
    ]);
    expect(jobStateLine(view({ state: 'stalled', error: { code: 'stalled', message: 'x' } }))).toContain(
      failureMessage({ code: 'stalled', message: 'x' }),
    );
  });
});
