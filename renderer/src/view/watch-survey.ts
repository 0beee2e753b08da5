// What the Add form makes of the folder it was given: the format to suggest, the files the rule
// would take, and the ones it would leave alone with the reason, so "Any type -> TXT" never
// ignores a file without saying so.
import type { FolderSurvey, WatchRule } from '../../../shared/watch.ts';
import { t } from '../../../shared/i18n/index.ts';
import { formatShort } from './words.ts';

/** When several targets take as many files, the one people most often want comes first. */
const PREFERRED_TARGETS = ['pdf', 'docx', 'xlsx', 'txt', 'html', 'png', 'jpg', 'csv', 'json'];

export interface IgnoredFile {
  name: string;
  reason: string;
}

type Draft = Pick<WatchRule, 'from' | 'to'>;

function rank(format: string): number {
  const at = PREFERRED_TARGETS.indexOf(format);
  return at === -1 ? PREFERRED_TARGETS.length : at;
}

/** True when the rule takes a file of this format (same test the watch itself makes). */
export function ruleTakes(draft: Draft, format: string | undefined, conversions: Record<string, string[]>) {
  if (!format || format === draft.to || !conversions[format]?.includes(draft.to)) return false;
  return draft.from.length === 0 || draft.from.includes(format);
}

/**
 * The target most files in the folder can become (a folder of Word files suggests PDF, a folder
 * of PDFs suggests DOCX); undefined for an empty folder or one with nothing that converts.
 */
export function suggestTarget(
  survey: FolderSurvey,
  conversions: Record<string, string[]>,
): string | undefined {
  const counts = new Map<string, number>();
  for (const file of survey.files) {
    for (const to of (file.format && conversions[file.format]) || []) {
      if (to !== file.format) counts.set(to, (counts.get(to) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]),
  )[0]?.[0];
}

/** How many of the listed files the rule would convert. */
export function takenCount(
  survey: FolderSurvey,
  draft: Draft,
  conversions: Record<string, string[]>,
): number {
  return survey.files.filter((file) => ruleTakes(draft, file.format, conversions)).length;
}

/** Every listed file the rule leaves alone, with why, in the window's language. */
export function ignoredFiles(
  survey: FolderSurvey,
  draft: Draft,
  conversions: Record<string, string[]>,
): IgnoredFile[] {
  const to = formatShort(draft.to);
  return survey.files.flatMap((file): IgnoredFile[] => {
    if (ruleTakes(draft, file.format, conversions)) return [];
    const { name, format } = file;
    if (!format || !conversions[format]) return [{ name, reason: t('watch.ignored.unknown') }];
    if (format === draft.to) return [{ name, reason: t('watch.ignored.same', { to }) }];
    if (!conversions[format].includes(draft.to)) {
      return [{ name, reason: t('watch.ignored.cannot', { from: formatShort(format), to }) }];
    }
    return [{ name, reason: t('watch.ignored.notChosen', { from: formatShort(format) }) }];
  });
}
