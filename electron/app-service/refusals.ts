// A file refused for its type gets a next step in the window: after the code's sentence, the
// types the converter in use does take (from its own format list, so offline and the service
// each name theirs). The CLI prints the bare sentence and has `ifc formats` for the list.
import { formatsTakenSentence } from '../../shared/messages.ts';
import type { SkippedInput } from '../engine/index.ts';

const TYPE_REFUSALS = new Set(['unsupported_format', 'unknown_format']);

/** The source types that can become something, sorted. */
export function typesTaken(conversions: Record<string, readonly string[]>): string[] {
  return Object.entries(conversions)
    .filter(([, targets]) => targets.length > 0)
    .map(([from]) => from)
    .sort();
}

/** True when some file was refused for its type (only then is the format list needed). */
export function refusedForType(skipped: readonly SkippedInput[]): boolean {
  return skipped.some((entry) => TYPE_REFUSALS.has(entry.code));
}

export function withNextStep(
  skipped: readonly SkippedInput[],
  conversions: Record<string, readonly string[]>,
): SkippedInput[] {
  const taken = typesTaken(conversions);
  if (taken.length === 0) return [...skipped];
  const nextStep = formatsTakenSentence(taken);
  return skipped.map((entry) =>
    TYPE_REFUSALS.has(entry.code) ? { ...entry, reason: `${entry.reason} ${nextStep}` } : entry,
  );
}
