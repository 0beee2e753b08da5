// When the engine asks about an accepted job next.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL, nextPollDelay } from '../../../../electron/engine/jobs/poll-schedule.ts';

describe('nextPollDelay', () => {
  it('starts near 2 s, grows toward 5 s, and takes a Retry-After hint as given', () => {
    const mid = () => 0.5;
    expect(nextPollDelay(0, DEFAULT_POLL, undefined, mid)).toBe(2000);
    const later = [1, 2, 3, 4, 5, 6].map((n) => nextPollDelay(n, DEFAULT_POLL, undefined, mid));
    expect(later).toEqual([...later].sort((a, b) => a - b));
    expect(nextPollDelay(20, DEFAULT_POLL, undefined, mid)).toBe(5000);
    expect(nextPollDelay(0, DEFAULT_POLL, undefined, () => 0)).toBe(1800);
    expect(nextPollDelay(3, DEFAULT_POLL, 12_000)).toBe(12_000);
  });
});
