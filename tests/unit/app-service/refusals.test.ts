// A file refused for its type gets a next step in the window: the types the converter in use
// takes, named after the sentence; other refusals are left as they are.
import { describe, expect, it } from 'vitest';
import { refusedForType, typesTaken, withNextStep } from '../../../electron/app-service/refusals.ts';
import type { SkippedInput } from '../../../electron/engine/index.ts';
import { formatsTakenSentence, messageFor } from '../../../shared/messages.ts';

const skipped = (code: string, name: string): SkippedInput => ({
  path: `/in/${name}`,
  name,
  code,
  reason: messageFor(code),
});

describe('refusals with a next step', () => {
  const conversions = { pdf: ['xlsx'], md: ['html', 'pdf'], zip: [] };

  it('names the types that can become something, sorted', () => {
    expect(typesTaken(conversions)).toEqual(['md', 'pdf']);
  });

  it('adds the types taken to type refusals only', () => {
    const list = [
      skipped('unknown_format', 'a.xyz'),
      skipped('file_empty', 'b.pdf'),
      skipped('unsupported_format', 'c.zip'),
    ];
    expect(refusedForType(list)).toBe(true);
    expect(refusedForType([list[1]!])).toBe(false);
    const stepped = withNextStep(list, conversions);
    const next = formatsTakenSentence(['md', 'pdf']);
    expect(next).toContain('MD');
    expect(stepped.map((entry) => entry.reason)).toEqual([
      `${messageFor('unknown_format')} ${next}`,
      messageFor('file_empty'),
      `${messageFor('unsupported_format')} ${next}`,
    ]);
    expect(list[0]?.reason).toBe(messageFor('unknown_format')); // the input is left as it was
  });

  it('adds nothing when the converter takes nothing', () => {
    const list = [skipped('unknown_format', 'a.xyz')];
    expect(withNextStep(list, { zip: [] })).toEqual(list);
  });
});
