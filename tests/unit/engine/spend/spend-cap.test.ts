// The cap decision: a batch passing the per-batch or the monthly limit is refused with the
// numbers a person needs, and the files that fit (in order) are counted for "convert what fits".
import { describe, expect, it } from 'vitest';
import { capRoom, checkSpendCaps } from '../../../../electron/engine/spend/spend-cap.ts';

describe('spend caps', () => {
  it('lets a batch through that fits every limit, and one with no limits at all', () => {
    expect(checkSpendCaps([2, 2, 4], { batch: 8, month: 100 }, 92)).toBeUndefined();
    expect(checkSpendCaps([200, 40], {}, 10_000)).toBeUndefined();
  });

  it('refuses past the monthly limit with what the month leaves', () => {
    // "This batch needs 240 tokens; your monthly limit leaves 100."
    const verdict = checkSpendCaps([60, 60, 60, 60], { month: 1000 }, 900);
    expect(verdict).toEqual({
      kind: 'month',
      required: 240,
      limit: 1000,
      left: 100,
      fitCount: 1,
      fitTokens: 60,
    });
  });

  it('refuses past the per-batch limit', () => {
    expect(checkSpendCaps([3, 3, 3], { batch: 7 }, 0)).toEqual({
      kind: 'batch',
      required: 9,
      limit: 7,
      left: 7,
      fitCount: 2,
      fitTokens: 6,
    });
  });

  it('names the limit that leaves least when both are passed, and fits under both', () => {
    const verdict = checkSpendCaps([5, 5, 5, 5], { batch: 15, month: 50 }, 42);
    expect(verdict?.kind).toBe('month');
    expect(verdict?.left).toBe(8);
    expect(verdict?.fitCount).toBe(1);
    // Batch limit tighter than what the month leaves: the batch limit is the one named.
    expect(checkSpendCaps([5, 5, 5, 5], { batch: 9, month: 50 }, 0)?.kind).toBe('batch');
  });

  it('counts only files in the order given, and none once the month is used up', () => {
    expect(checkSpendCaps([9, 1, 1], { batch: 5 }, 0)?.fitCount).toBe(0);
    const spent = checkSpendCaps([1], { month: 100 }, 130);
    expect(spent).toMatchObject({ left: 0, fitCount: 0, fitTokens: 0 });
    expect(capRoom({ month: 100 }, 130)).toEqual({ month: 0 });
  });

  it('takes a batch that needs exactly what is left', () => {
    expect(checkSpendCaps([50, 50], { batch: 100, month: 300 }, 200)).toBeUndefined();
  });
});
