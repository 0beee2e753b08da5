// Formats and prices, the way the service spells and charges them: one spelling per format
// (jpeg is jpg), a file's format from its last extension, the contract's cost formula with
// its MiB steps and multipliers, and a batch's estimate: which files, in order, fit a balance.
import { describe, expect, it } from 'vitest';
import {
  canConvert,
  conversionCost,
  estimateBatch,
  normalizeFormat,
  type Pricing,
  sourceFormatOf,
  sourcesFor,
  targetsFor,
} from '../../../shared/formats.ts';

const MiB = 1048576;
const PRICING: Pricing = { baseTokens: 1, tokensPerMegabyte: 2, formatMultiplier: { xlsx: 1.5 } };
const INFO = { conversions: { pdf: ['xlsx', 'txt'], jpg: ['pdf'], png: ['pdf'], md: ['html'] } };

describe('format names', () => {
  it('spells a format one way: lower case, no dot, jpeg as jpg', () => {
    expect(['PDF', '.pdf', ' Pdf ', 'JPEG', '.jpeg', 'jpg'].map(normalizeFormat)).toEqual([
      'pdf',
      'pdf',
      'pdf',
      'jpg',
      'jpg',
      'jpg',
    ]);
    expect(normalizeFormat('  ')).toBeUndefined();
    expect(normalizeFormat('.')).toBeUndefined();
  });

  it('reads a file’s format from its last extension, on either kind of path', () => {
    expect(sourceFormatOf('/in/Scan 1.JPEG')).toBe('jpg');
    expect(sourceFormatOf('C:\\in\\report.final.PDF')).toBe('pdf');
    expect(sourceFormatOf('/in.d/README')).toBeUndefined();
    expect(sourceFormatOf('/in/.bashrc')).toBeUndefined();
    expect(sourceFormatOf('/in/trailing.')).toBeUndefined();
  });
});

describe('what converts to what', () => {
  it('answers targets of a source, whether one converts, and the sources of a target, sorted', () => {
    expect(targetsFor(INFO, 'pdf')).toEqual(['xlsx', 'txt']);
    expect(targetsFor(INFO, 'zip')).toEqual([]);
    expect(canConvert(INFO, 'pdf', 'xlsx')).toBe(true);
    expect(canConvert(INFO, 'xlsx', 'pdf')).toBe(false);
    expect(sourcesFor(INFO, 'pdf')).toEqual(['jpg', 'png']);
    expect(sourcesFor(INFO, 'mp3')).toEqual([]);
  });
});

describe('costs', () => {
  it('charges base + per started MiB, times the target’s multiplier, rounded up', () => {
    expect(conversionCost(PRICING, 1, 'txt')).toBe(3); // 1 + 2*1
    expect(conversionCost(PRICING, MiB, 'txt')).toBe(3);
    expect(conversionCost(PRICING, MiB + 1, 'txt')).toBe(5); // a second MiB started
    expect(conversionCost(PRICING, 0, 'txt')).toBe(1);
    expect(conversionCost(PRICING, MiB, 'xlsx')).toBe(5); // 3 * 1.5 = 4.5, rounded up
  });

  it('estimates a batch: the total, each cost, and how many fit the balance in the order given', () => {
    const items = [
      { bytes: 10, to: 'txt' }, // 3
      { bytes: 3 * MiB, to: 'txt' }, // 7
      { bytes: 10, to: 'txt' }, // 3: would fit, but the order stops at the first that does not
    ];
    expect(estimateBatch(PRICING, items, 9)).toEqual({
      total: 13,
      perItem: [3, 7, 3],
      fitCount: 1,
      fitTokens: 3,
      shortfall: 4,
    });
    expect(estimateBatch(PRICING, items, 100)).toMatchObject({ fitCount: 3, fitTokens: 13, shortfall: 0 });
    expect(estimateBatch(PRICING, [], 0)).toEqual({
      total: 0,
      perItem: [],
      fitCount: 0,
      fitTokens: 0,
      shortfall: 0,
    });
  });
});
