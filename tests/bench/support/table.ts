// The bench's console report: one row per figure with min / median / max, the reference it is
// measured against and the target, in plain aligned columns (no colours: logs stay readable).
import type { Spread } from './stats.ts';

export interface Row {
  figure: string;
  spread: Spread | null;
  unit: string;
  reference: string;
  target: string;
  /** undefined when the figure was not measured (quick run, or it failed). */
  meets?: boolean;
  note?: string;
}

function show(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  const text =
    Number.isInteger(value) || Math.abs(value) >= 100
      ? value.toFixed(0)
      : Math.abs(value) >= 10
        ? value.toFixed(1)
        : value.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['figure', 'min', 'median', 'max', 'n', 'reference', 'target', 'verdict'];
  const body = rows.map((row) => [
    row.figure,
    show(row.spread?.min, row.unit),
    show(row.spread?.median, row.unit),
    show(row.spread?.max, row.unit),
    row.spread ? String(row.spread.n) : '0',
    row.reference,
    row.target,
    row.meets === undefined ? (row.note ?? 'not measured') : row.meets ? 'meets target' : 'MISSES target',
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...body.map((line) => line[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
