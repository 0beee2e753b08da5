import { describe, expect, it } from 'vitest';
import { rowsBelow } from '../../../renderer/src/view/rows-below.ts';

const row = (top: number, bottom: number) => ({ top, bottom });

describe('the "N more files below" hint', () => {
  it('counts the rows whose middle is past the visible bottom', () => {
    expect(rowsBelow([row(0, 40), row(40, 80), row(80, 110), row(110, 150), row(150, 190)], 100)).toBe(2);
    // Cut by two pixels at the edge: still seen.
    expect(rowsBelow([row(0, 40), row(40, 102)], 100)).toBe(0);
    expect(rowsBelow([], 100)).toBe(0);
  });
});
