import { describe, expect, it } from 'vitest';
import { describeJob, jobPercent } from '../../../renderer/src/view/job-phase.ts';
import { summarizeQueue } from '../../../renderer/src/view/queue-summary.ts';
import { job } from './job-fixtures.ts';

describe('what a queue row says', () => {
  it('names each phase with its own percentage', () => {
    expect(describeJob(job('a', { state: 'uploading', progress: 0.42 }), 0).label).toBe('Uploading 42%');
    expect(describeJob(job('a', { state: 'uploading', progress: 1 }), 0).label).toBe(
      'Waiting for the server',
    );
    expect(describeJob(job('a', { state: 'processing', progress: 0 }), 0)).toMatchObject({
      label: 'Waiting for the server',
      indeterminate: true,
    });
    expect(describeJob(job('a', { state: 'processing', progress: 0.5 }), 0).label).toBe('Converting 50%');
    expect(describeJob(job('a', { state: 'downloading', progress: 1 }), 0).label).toBe('Downloading 100%');
  });

  it('counts down a server-busy wait in whole seconds', () => {
    const busy = job('a', { state: 'pending', wait: { kind: 'rate-limited', until: 20_000 } });
    expect(describeJob(busy, 8_000).label).toBe('Waiting: server busy 12 sec');
    expect(describeJob(busy, 25_000).label).toBe('Waiting: server busy 0 sec');
  });

  it('says what to do when waiting for tokens or a key', () => {
    expect(describeJob(job('a', { state: 'pending', wait: { kind: 'tokens' } }), 0)).toMatchObject({
      label: 'Waiting for tokens',
      detail: expect.stringContaining('Top up'),
      retryLabel: 'Resume',
    });
    expect(describeJob(job('a', { state: 'pending', wait: { kind: 'needs-key' } }), 0).label).toBe(
      'Waiting for an API key',
    );
  });

  it('shows a failure in its plain sentence and offers retry only when it can help', () => {
    const locked = job('a', {
      state: 'failed',
      error: {
        code: 'encrypted_input',
        message: 'This file is password-protected. Remove the password and try again.',
      },
    });
    expect(describeJob(locked, 0)).toMatchObject({
      label: 'Failed',
      detail: 'This file is password-protected. Remove the password and try again.',
      retryLabel: 'Retry',
      canCancel: false,
      canRemove: true,
    });
    const unsupported = job('a', {
      state: 'failed',
      error: { code: 'unsupported_conversion', message: 'No.' },
    });
    expect(describeJob(unsupported, 0).retryLabel).toBeUndefined();
  });

  it('says "Cancelling…" until main reports the job stopped, with no second cancel', () => {
    expect(describeJob(job('a', { state: 'uploading', progress: 1 }), 0, true)).toMatchObject({
      label: 'Cancelling…',
      canCancel: false,
    });
    expect(describeJob(job('a', { state: 'cancelled' }), 0, true).label).toBe('Cancelled');
  });

  it('offers "Check again" for a stalled job, never a plain resubmit', () => {
    expect(describeJob(job('a', { state: 'stalled' }), 0)).toMatchObject({
      label: 'Stalled',
      retryLabel: 'Check again',
    });
  });

  it('fills the bar across phases so it never runs backwards', () => {
    const values = [
      jobPercent(job('a', { state: 'uploading', progress: 1 })),
      jobPercent(job('a', { state: 'processing', progress: 0 })),
      jobPercent(job('a', { state: 'processing', progress: 1 })),
      jobPercent(job('a', { state: 'downloading', progress: 0 })),
      jobPercent(job('a', { state: 'completed', progress: 0 })),
    ];
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values.at(-1)).toBe(100);
  });

  it('sums up the queue for the batch header', () => {
    const summary = summarizeQueue([
      job('a', { state: 'completed' }),
      job('b', { state: 'failed' }),
      job('c', { state: 'uploading', progress: 0.5 }),
      job('d', { state: 'queued' }),
    ]);
    expect(summary).toMatchObject({ total: 4, done: 1, failed: 1, active: 1, waiting: 1, finished: 2 });
    expect(summary.percent).toBe(Math.floor((100 + 100 + 15 + 0) / 4));
  });
});
