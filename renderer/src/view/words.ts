// Formats and sizes in the words a person uses ("Word document", "1.2 MB"), not file-format
// jargon. Unknown formats fall back to their extension in capitals.

const FORMAT_NAMES: Record<string, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  doc: 'Word 97 document',
  xlsx: 'Excel workbook',
  xls: 'Excel 97 workbook',
  pptx: 'PowerPoint',
  odt: 'OpenDocument text',
  ods: 'OpenDocument sheet',
  csv: 'CSV table',
  json: 'JSON data',
  txt: 'Plain text',
  md: 'Markdown',
  html: 'Web page',
  rtf: 'Rich text',
  png: 'PNG image',
  jpg: 'JPEG image',
  webp: 'WebP image',
  gif: 'GIF image',
  tiff: 'TIFF image',
  avif: 'AVIF image',
  svg: 'SVG image',
};

/** "Word document (.docx)": the name a person knows, plus the extension they will see. */
export function formatLabel(format: string): string {
  const name = FORMAT_NAMES[format];
  return name && name !== format.toUpperCase() ? `${name} (.${format})` : format.toUpperCase();
}

/** Short form for tight places (the row's "PDF -> DOCX"). */
export function formatShort(format: string): string {
  return format.toUpperCase();
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** 5,000 rather than 5000: counts read the same everywhere in the window. */
export function formatCount(count: number): string {
  return count.toLocaleString('en');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

export function formatTokens(tokens: number): string {
  return plural(tokens, 'token');
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
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  return new Date(then).toLocaleDateString();
}
