// File names from outside (the server's suggestion, a source name) made safe to create on any
// of our platforms: no path separators or `..`, no control characters, none of the
// characters or device names Windows refuses, no trailing dots or spaces, at most 255 bytes.

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
const MAX_BYTES = 255;

export function sanitizeFileName(input: string, fallback = 'converted'): string {
  let name = input.normalize('NFC');
  // Keep only the last path segment: a name never chooses a folder.
  name = name.split(/[\\/]/).pop() ?? '';
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '') // bidi controls hide the real extension
    .replace(/[<>:"|?*]/g, '_')
    .trim();
  name = name.replace(/^\.+/, '').replace(/[. ]+$/, '');
  if (name === '' || name === '.' || name === '..') name = fallback;
  const dot = name.indexOf('.');
  const stem = dot === -1 ? name : name.slice(0, dot);
  if (WINDOWS_RESERVED.test(stem.trim())) name = `_${name}`;
  return truncateBytes(name, MAX_BYTES);
}

/** Shortens the stem, keeping the extension, so the UTF-8 name fits in `max` bytes. */
export function truncateBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = ext ? name.slice(0, dot) : name;
  const room = max - Buffer.byteLength(ext);
  while (stem.length > 0 && Buffer.byteLength(stem) > room) stem = Array.from(stem).slice(0, -1).join('');
  return stem + ext;
}

/** Source base name + new extension (cli.md), made safe. */
export function outputNameFor(sourceName: string, to: string): string {
  const base = sourceName.split(/[\\/]/).pop() ?? sourceName;
  const dot = base.lastIndexOf('.');
  const ext = sanitizeFileName(to, 'out').replace(/\./g, '') || 'out';
  // The stem is cleaned on its own so that a name like "..csv" keeps a real extension.
  const stem = sanitizeFileName(dot > 0 ? base.slice(0, dot) : base, 'converted');
  return sanitizeFileName(`${stem}.${ext}`, `converted.${ext}`);
}
