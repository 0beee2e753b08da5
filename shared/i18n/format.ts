// Numbers, sizes, durations and dates in the active language, all through Intl ("1,5 MB" in
// German, "1,5 Mo" in French), so no module formats a number by hand.
import { intl, t } from './translate.ts';

/** 5,000 / 5.000 / 5 000: counts as the person's locale writes them. */
export function formatCount(count: number): string {
  return intl().formatNumber(count);
}

/** 0.42 -> "42%" / "42 %". */
export function formatPercent(fraction: number): string {
  return intl().formatNumber(Math.min(1, Math.max(0, fraction)), { style: 'percent' });
}

const SIZE_UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Decimal sizes as file managers show them: "930 bytes", "1.5 MB", "120 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return t('app.bytes', { count: bytes });
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 ? 0 : 1;
  return intl().formatNumber(value, {
    style: 'unit',
    unit: SIZE_UNITS[unit],
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** 12 -> "12 sec" / "12 Sek." / "12 秒" (a unit, so 0 reads "0 sec" rather than nothing). */
export function formatSeconds(seconds: number): string {
  return intl().formatNumber(seconds, { style: 'unit', unit: 'second', unitDisplay: 'short' });
}

/** "just now", "3 minutes ago", "vor 2 Stunden", else the date. */
export function timeAgo(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return t('app.time.justNow');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return intl().formatRelativeTime(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return intl().formatRelativeTime(-hours, 'hour');
  return intl().formatDate(then);
}

/** "PDF, CSV and XLSX" with the locale's own "and" and commas. */
export function formatList(items: readonly string[]): string {
  return intl().formatList(items, { type: 'conjunction' }) as string;
}

/** Short parts joined as the locale joins them ("a, b" / "a、b"). */
export function formatUnits(items: readonly string[]): string {
  return intl().formatList(items, { type: 'unit', style: 'short' }) as string;
}
