import { describe, expect, it } from 'vitest';
import { describeJob, jobPercent, phaseWords } from '../../../renderer/src/view/job-phase.ts';
import { failuresFirst, keepOrder, summarizeQueue } from '../../../renderer/src/view/queue-summary.ts';
import { messageFor } from '../../../shared/messages.ts';
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

  it('speaks of this computer when converting offline: Queued, Converting, Saving', () => {
    const offline = (overrides: Parameters<typeof job>[1]) =>
      describeJob(job('a', overrides), 0, false, 'local');
    expect(offline({ state: 'queued' }).label).toBe('Queued');
    expect(offline({ state: 'uploading', progress: 0 }).label).toBe('Converting');
    expect(offline({ state: 'uploading', progress: 1 })).toMatchObject({
      label: 'Converting',
      indeterminate: true,
    });
    expect(offline({ state: 'processing', progress: 0 }).label).toBe('Converting');
    expect(offline({ state: 'processing', progress: 0.5 }).label).toBe('Converting 50%');
    expect(offline({ state: 'downloading', progress: 0 }).label).toBe('Saving');
    expect(offline({ state: 'completed' }).label).toBe('Done');
    // Every moving word offline, side by side: nothing about a server, uploads or downloads.
    const words = phaseWords('local');
    const said = [
      words.queued,
      words.sending('0%'),
      words.working,
      words.converting('1%'),
      words.fetching('0%'),
    ];
    expect(said.filter((word) => /server|upload|download/i.test(word))).toEqual([]);
  });

  it("tells an offline failure to reach the converter as this computer's, not the internet's", () => {
    const unreachable = job('a', { state: 'failed', error: { code: 'network', message: 'No network.' } });
    expect(describeJob(unreachable, 0, false, 'local').detail).toBe(messageFor('local_converter_stopped'));
    expect(describeJob(unreachable, 0, false, 'cloud').detail).toBe(messageFor('network'));
    const slow = job('a', { state: 'stalled' });
    expect(describeJob(slow, 0, false, 'local').detail).not.toMatch(/token|service/i);
    expect(describeJob(slow, 0, false, 'cloud').detail).toBe(messageFor('stalled'));
  });

  it('keeps the service words for the service', () => {
    const cloud = (overrides: Parameters<typeof job>[1]) =>
      describeJob(job('a', overrides), 0, false, 'cloud');
    expect(cloud({ state: 'queued' }).label).toBe('Waiting');
    expect(cloud({ state: 'uploading', progress: 0.1 }).label).toBe('Uploading 10%');
    expect(cloud({ state: 'downloading', progress: 0 }).label).toBe('Downloading 0%');
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
    // A damaged file stays damaged however often it is sent: no Retry, the sentence says what to do.
    const damaged = job('a', { state: 'failed', error: { code: 'corrupt_input', message: 'Damaged.' } });
    expect(describeJob(damaged, 0)).toMatchObject({ retryLabel: undefined, canRemove: true });
    const tooBig = job('a', { state: 'failed', error: { code: 'conversion_memory', message: 'Split it.' } });
    expect(describeJob(tooBig, 0).retryLabel).toBeUndefined();
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
    // The failed file adds nothing: the bar shows what was converted, not what ended.
    expect(summary.percent).toBe(Math.floor((100 + 0 + 15 + 0) / 4));
  });

  it('never shows a full bar with a failure in it; a cancelled file is left out', () => {
    const ended = summarizeQueue([job('a', { state: 'completed' }), job('b', { state: 'failed' })]);
    expect(ended.percent).toBe(50);
    const chosen = summarizeQueue([job('a', { state: 'completed' }), job('b', { state: 'cancelled' })]);
    expect(chosen.percent).toBe(100);
  });

  it('lists failed files first, the rest in their order', () => {
    const jobs = [
      job('a', { state: 'completed' }),
      job('b', { state: 'failed' }),
      job('c', { state: 'queued' }),
      job('d', { state: 'failed' }),
    ];
    const byId = new Map(jobs.map((entry) => [entry.id, entry]));
    expect(failuresFirst(['a', 'b', 'c', 'd'], byId)).toEqual(['b', 'd', 'a', 'c']);
    const calm = ['a', 'c'];
    expect(failuresFirst(calm, byId)).toBe(calm);
  });

  it('keeps the shown order when an update lists the same ids in the same order', () => {
    const shown = ['b', 'd', 'a'];
    expect(keepOrder(shown, ['b', 'd', 'a'])).toBe(shown);
    const moved = ['d', 'b', 'a'];
    expect(keepOrder(shown, moved)).toBe(moved);
    const longer = ['b', 'd', 'a', 'c'];
    expect(keepOrder(shown, longer)).toBe(longer);
    expect(keepOrder(undefined, shown)).toBe(shown);
  });
});
