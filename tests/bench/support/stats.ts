// Summary statistics of repeated measurements: the bench reports min / median / max, never a
// single lucky run.

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** How many runs the figure rests on. */
  n: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function spread(values: readonly number[]): Spread | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  return { min: Math.min(...finite), median: median(finite), max: Math.max(...finite), n: finite.length };
}

/** Rounds for the report: ratios to 3 places, everything else to 1. */
export function round(value: number, places = 1): number {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
}

export function roundSpread(value: Spread | null, places = 1): Spread | null {
  if (!value) return null;
  return {
    min: round(value.min, places),
    median: round(value.median, places),
    max: round(value.max, places),
    n: value.n,
  };
}
