// Formats and sizes in the words a person uses ("Word document", "1.2 MB"), not file-format
// jargon, in the window's language. Unknown formats fall back to their extension in capitals.
import {
  formatBytes as formatSize,
  formatCount as formatNumber,
  type MessageId,
  t,
  timeAgo as relativeTime,
} from '../../../shared/i18n/index.ts';

const NAMED_FORMATS = new Set([
  'pdf',
  'docx',
  'doc',
  'xlsx',
  'xls',
  'pptx',
  'odt',
  'ods',
  'csv',
  'json',
  'txt',
  'md',
  'html',
  'rtf',
  'png',
  'jpg',
  'webp',
  'gif',
  'tiff',
  'avif',
  'svg',
]);

/** "Word document (.docx)": the name a person knows, plus the extension they will see. */
export function formatLabel(format: string): string {
  if (!NAMED_FORMATS.has(format)) return format.toUpperCase();
  const name = t(`app.format.${format}` as MessageId);
  return name !== format.toUpperCase() ? t('app.format.label', { name, ext: format }) : name;
}

/** Short form for tight places (the row's "PDF -> DOCX"). */
export function formatShort(format: string): string {
  return format.toUpperCase();
}

export function formatBytes(bytes: number): string {
  return formatSize(bytes);
}

/** 5,000 rather than 5000, as the window's language writes it. */
export function formatCount(count: number): string {
  return formatNumber(count);
}

/** "1 file" / "3 files" in the window's language. */
export function formatFiles(count: number): string {
  return t('app.files', { count });
}

export function formatTokens(tokens: number): string {
  return t('app.tokens', { count: tokens });
}

/** "invoice.pdf" from "/home/a/invoice.pdf" or "C:\\a\\invoice.pdf". */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The folder part of a path, as shown under a finished row. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

export function timeAgo(then: number, now: number): string {
  return relativeTime(then, now);
}
