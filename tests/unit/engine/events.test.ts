// Job events: state changes at once, progress coalesced per interval.
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/jobs.ts';
import { ProgressCoalescer } from '../../../electron/engine/events.ts';

describe('ProgressCoalescer', () => {
  const view = (state: JobView['state'], progress: number): JobView => ({
    id: 'j',
    batchId: 'b',
    source: '/a.pdf',
    sourceName: 'a.pdf',
    bytes: 1,
    from: 'pdf',
    to: 'txt',
    state,
    progress,
    createdAt: 0,
    updatedAt: 0,
  });

  it('sends state changes at once and at most one progress event per interval, the latest', async () => {
    const sent: string[] = [];
    const coalescer = new ProgressCoalescer(100, (v) => sent.push(`${v.state}:${v.progress}`));
    coalescer.offer(view('uploading', 0), false);
    for (let step = 1; step <= 50; step += 1) coalescer.offer(view('uploading', step / 50), true);
    coalescer.offer(view('processing', 0), false);
    // The held progress is superseded by the state change, which carries the latest view.
    expect(sent).toEqual(['uploading:0', 'processing:0']);
    coalescer.offer(view('processing', 0.5), true);
    expect(sent.at(-1)).toBe('processing:0');
    await expect.poll(() => sent.at(-1), { message: 'the held progress event' }).toBe('processing:0.5');
  });
});
