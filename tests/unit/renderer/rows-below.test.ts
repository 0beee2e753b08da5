import { describe, expect, it } from 'vitest';
import { rowsBelow } from '../../../renderer/src/view/rows-below.ts';

describe('the "N more files below" hint', () => {
  it('counts the rows ending past the visible bottom, forgiving rounding', () => {
    expect(rowsBelow([40, 80, 120, 160], 100)).toBe(2);
    expect(rowsBelow([40, 100.4], 100)).toBe(0);
    expect(rowsBelow([], 100)).toBe(0);
  });
});
