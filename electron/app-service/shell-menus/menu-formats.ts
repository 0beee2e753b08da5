// What the right-click menus offer, from a formats table ({ from: [to, ...] } as /api/formats
// gives it): per source format its file extensions, MIME type and Apple type, and the targets
// it can become. Every platform's generator starts here, so Explorer, Finder and the Linux
// file managers always offer the same thing.
// The offline server's facts, not the server: main builds menus at start and must not load it.
import { localFormats } from '../../localserver/facts.ts';

export type Conversions = Record<string, string[]>;

export interface MenuSource {
  /** The format as the API names it ('jpg'). */
  from: string;
  /** File extensions without the dot ('jpg', 'jpeg'); the first is the format's own. */
  extensions: string[];
  mimeType: string;
  /** Apple's Uniform Type Identifier, for Finder services. */
  uti: string;
  targets: string[];
}

export const APP_NAME = 'iFileConverter Desktop';
export const CONVERT_MENU_LABEL = 'Convert with iFileConverter';
export const OPEN_MENU_LABEL = 'Open in iFileConverter';

// Facts about file types, not product logic: the API names formats by extension only.
// Formats missing here still get menus on Windows (by extension); Linux and macOS need a type.
const KNOWN_TYPES: Record<string, { extensions?: string[]; mimeType: string; uti: string }> = {
  pdf: { mimeType: 'application/pdf', uti: 'com.adobe.pdf' },
  docx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    uti: 'org.openxmlformats.wordprocessingml.document',
  },
  xlsx: {
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    uti: 'org.openxmlformats.spreadsheetml.sheet',
  },
  csv: { mimeType: 'text/csv', uti: 'public.comma-separated-values-text' },
  json: { mimeType: 'application/json', uti: 'public.json' },
  md: { extensions: ['md', 'markdown'], mimeType: 'text/markdown', uti: 'net.daringfireball.markdown' },
  txt: { mimeType: 'text/plain', uti: 'public.plain-text' },
  html: { extensions: ['html', 'htm'], mimeType: 'text/html', uti: 'public.html' },
  png: { mimeType: 'image/png', uti: 'public.png' },
  jpg: { extensions: ['jpg', 'jpeg'], mimeType: 'image/jpeg', uti: 'public.jpeg' },
  webp: { mimeType: 'image/webp', uti: 'org.webmproject.webp' },
  gif: { mimeType: 'image/gif', uti: 'com.compuserve.gif' },
  tiff: { extensions: ['tiff', 'tif'], mimeType: 'image/tiff', uti: 'public.tiff' },
  bmp: { mimeType: 'image/bmp', uti: 'com.microsoft.bmp' },
};

/** A format name safe to put in a registry key, a file name and a command line. */
export const FORMAT_NAME = /^[a-z0-9]{1,16}$/;

/** The menu's sources, in a stable order (by format name) so generated files do not churn. */
export function menuSources(conversions: Conversions): MenuSource[] {
  return Object.keys(conversions)
    .filter((from) => FORMAT_NAME.test(from))
    .sort()
    .map((from) => {
      const known = KNOWN_TYPES[from];
      const targets = [...new Set(conversions[from] ?? [])].filter(
        (to) => FORMAT_NAME.test(to) && to !== from,
      );
      return {
        from,
        extensions: known?.extensions ?? [from],
        mimeType: known?.mimeType ?? `application/x-${from}`,
        uti: known?.uti ?? `public.${from}`,
        targets,
      };
    })
    .filter((source) => source.targets.length > 0);
}

/** Every target any source can become, sorted. */
export function menuTargets(conversions: Conversions): string[] {
  return [...new Set(menuSources(conversions).flatMap((source) => source.targets))].sort();
}

export function targetLabel(to: string): string {
  return to.toUpperCase();
}

/** One target's item where a menu has no submenus (Finder's Quick Actions, Nemo). */
export function convertToLabel(to: string): string {
  return `${CONVERT_MENU_LABEL} to ${targetLabel(to)}`;
}

/**
 * The table packaged installers are built with: the offline converter's, which every
 * installation has. The running app rewrites its menus from the live table of the service it
 * uses (menu-sync.ts).
 */
export function packagedConversions(): Conversions {
  return localFormats().conversions;
}
