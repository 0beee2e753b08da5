// Small line icons drawn inline (no image requests, no inline styles: colour is currentColor).
// Decorative only: every control that uses one also has a text label.

type IconName =
  | 'upload'
  | 'folder'
  | 'settings'
  | 'history'
  | 'check'
  | 'alert'
  | 'refresh'
  | 'pause'
  | 'play'
  | 'close'
  | 'open'
  | 'arrow'
  | 'key'
  | 'computer'
  | 'cloud'
  | 'coin'
  | 'help'
  | 'eye';

const PATHS: Record<IconName, string> = {
  upload: 'M12 16V4m0 0-4 4m4-4 4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3',
  folder: 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.5 7.5 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.5 7.5 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z',
  history: 'M3 12a9 9 0 1 0 3-6.7M3 4v4h4m5-1v5l3 2',
  check: 'M5 12.5 10 17l9-10',
  alert: 'M12 8v5m0 3.5v.5M10.3 3.9 2.4 18a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
  refresh: 'M20 11a8 8 0 0 0-14.9-3M4 4v4h4m-4 5a8 8 0 0 0 14.9 3M20 20v-4h-4',
  pause: 'M9 5v14M15 5v14',
  play: 'M7 4.5v15l12-7.5z',
  close: 'M6 6l12 12M18 6 6 18',
  open: 'M14 4h6v6m0-6-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
  arrow: 'M5 12h14m-5-5 5 5-5 5',
  key: 'M15 9a3 3 0 1 1-6 0 3 3 0 0 1 6 0zm-3 3v9m0-4h3m-3 2h2',
  computer: 'M4 5h16v10H4zM9 19h6m-3-4v4',
  cloud: 'M7 18a4 4 0 0 1-.6-8A6 6 0 0 1 18 9a4.5 4.5 0 0 1-.5 9z',
  coin: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-13v8m-2.5-6.5h3.8a1.7 1.7 0 0 1 0 3.5h-2.6a1.7 1.7 0 0 0 0 3.5H14',
  help: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm-2.6-11.5a2.7 2.7 0 1 1 3.6 2.5c-.6.3-1 .8-1 1.5v.5m0 3v.5',
  eye: 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12zm10 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
};

export function Icon(props: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon ${props.className ?? ''}`}
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[props.name]} />
    </svg>
  );
}

/** The file-type badge at the start of a row: the extension, coloured by family. */
export function FormatBadge(props: { format: string }) {
  return (
    <span className={`format-badge format-${formatFamily(props.format)}`} aria-hidden="true">
      {props.format.slice(0, 4).toUpperCase()}
    </span>
  );
}

function formatFamily(format: string): string {
  if (format === 'pdf') return 'pdf';
  if (['doc', 'docx', 'odt', 'rtf', 'txt', 'md', 'html'].includes(format)) return 'text';
  if (['xls', 'xlsx', 'ods', 'csv', 'json'].includes(format)) return 'sheet';
  if (['png', 'jpg', 'webp', 'gif', 'tiff', 'avif', 'svg'].includes(format)) return 'image';
  return 'other';
}
