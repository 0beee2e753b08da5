// The right-click menus of the common Linux file managers, as files for the person's XDG data
// folder (~/.local/share): GNOME Files (Nautilus) scripts, a KDE Dolphin service menu per source
// type and Cinnamon Nemo actions. Each file names one target and runs the app with the same
// `--convert-to=<format> <file>...` (or `--open <file>...`) command line as every other platform.
import { execLine, shellArg } from './desktop-exec.ts';
import {
  type Conversions,
  CONVERT_MENU_LABEL,
  menuSources,
  menuTargets,
  OPEN_MENU_LABEL,
  targetLabel,
} from './menu-formats.ts';

export interface MenuFile {
  /** Relative to the XDG data folder. */
  path: string;
  content: string;
  /** Nautilus runs only executable scripts; Plasma 6 loads only executable service menus. */
  mode: number;
}

export const NAUTILUS_DIR = 'nautilus/scripts';
export const DOLPHIN_DIR = 'kio/servicemenus';
export const NEMO_DIR = 'nemo/actions';
/** Names of ours in those folders (anything else there belongs to the person). */
export const NAUTILUS_CONVERT_FOLDER = CONVERT_MENU_LABEL;
export const FILE_PREFIX = 'ifileconverter-';

const GENERATED =
  'Written by iFileConverter Desktop (Settings: right-click menu); removed when switched off.';

function nautilusScript(command: readonly string[], args: readonly string[]): string {
  const run = [...command, ...args].map(shellArg).join(' ');
  return [
    '#!/bin/sh',
    `# ${GENERATED}`,
    '# Nautilus lists the selected local files one per line (a name holding a newline cannot be',
    '# told apart; its halves then arrive as missing files and are reported, never guessed).',
    '# Without that list (another caller), the arguments are names in the current folder.',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion.
    'if [ -z "${NAUTILUS_SCRIPT_SELECTED_FILE_PATHS:-}" ]; then',
    '  for name do',
    '    shift',
    '    case $name in /*) set -- "$@" "$name" ;; *) set -- "$@" "$PWD/$name" ;; esac',
    '  done',
    `  exec ${run} "$@"`,
    'fi',
    "IFS='",
    "'",
    'set -f',
    `exec ${run} $NAUTILUS_SCRIPT_SELECTED_FILE_PATHS`,
    '',
  ].join('\n');
}

function nautilusFiles(conversions: Conversions, command: readonly string[]): MenuFile[] {
  // Nautilus cannot show a script only for some types: each target is listed for every file,
  // and the app explains when a file cannot become it.
  return [
    ...menuTargets(conversions).map((to) => ({
      path: `${NAUTILUS_DIR}/${NAUTILUS_CONVERT_FOLDER}/${targetLabel(to)}`,
      content: nautilusScript(command, [`--convert-to=${to}`]),
      mode: 0o755,
    })),
    { path: `${NAUTILUS_DIR}/${OPEN_MENU_LABEL}`, content: nautilusScript(command, ['--open']), mode: 0o755 },
  ];
}

function dolphinFiles(conversions: Conversions, command: readonly string[]): MenuFile[] {
  const sources = menuSources(conversions);
  const convert = sources.map((source) => {
    const actions = source.targets.map((to) => `to-${to}`);
    return {
      path: `${DOLPHIN_DIR}/${FILE_PREFIX}convert-${source.from}.desktop`,
      content: [
        '[Desktop Entry]',
        `# ${GENERATED}`,
        'Type=Service',
        `Name=${CONVERT_MENU_LABEL}`,
        'X-KDE-ServiceTypes=KonqPopupMenu/Plugin',
        `MimeType=${source.mimeType};`,
        `Actions=${actions.join(';')};`,
        `X-KDE-Submenu=${CONVERT_MENU_LABEL}`,
        ...source.targets.flatMap((to) => [
          '',
          `[Desktop Action to-${to}]`,
          `Name=${targetLabel(to)}`,
          `Exec=${execLine(command, [`--convert-to=${to}`], ['%F'])}`,
        ]),
        '',
      ].join('\n'),
      mode: 0o755,
    };
  });
  const open = {
    path: `${DOLPHIN_DIR}/${FILE_PREFIX}open.desktop`,
    content: [
      '[Desktop Entry]',
      `# ${GENERATED}`,
      'Type=Service',
      `Name=${OPEN_MENU_LABEL}`,
      'X-KDE-ServiceTypes=KonqPopupMenu/Plugin',
      `MimeType=${sources.map((source) => `${source.mimeType};`).join('')}`,
      'Actions=open;',
      '',
      '[Desktop Action open]',
      `Name=${OPEN_MENU_LABEL}`,
      `Exec=${execLine(command, ['--open'], ['%F'])}`,
      '',
    ].join('\n'),
    mode: 0o755,
  };
  return [...convert, open];
}

function nemoAction(name: string, command: readonly string[], args: string[], extensions: string[]): string {
  return [
    '[Nemo Action]',
    `# ${GENERATED}`,
    'Active=true',
    `Name=${name}`,
    `Comment=${name}`,
    `Exec=${execLine(command, args, ['%F'])}`,
    'Selection=notnone',
    `Extensions=${extensions.join(';')};`,
    '',
  ].join('\n');
}

function nemoFiles(conversions: Conversions, command: readonly string[]): MenuFile[] {
  const sources = menuSources(conversions);
  return [
    ...menuTargets(conversions).map((to) => ({
      path: `${NEMO_DIR}/${FILE_PREFIX}to-${to}.nemo_action`,
      content: nemoAction(
        `${CONVERT_MENU_LABEL} to ${targetLabel(to)}`,
        command,
        [`--convert-to=${to}`],
        sources.filter((source) => source.targets.includes(to)).flatMap((source) => source.extensions),
      ),
      mode: 0o644,
    })),
    {
      path: `${NEMO_DIR}/${FILE_PREFIX}open.nemo_action`,
      content: nemoAction(
        OPEN_MENU_LABEL,
        command,
        ['--open'],
        sources.flatMap((source) => source.extensions),
      ),
      mode: 0o644,
    },
  ];
}

/** Every file the switch installs, for the app started by `command`. */
export function fileManagerMenuFiles(conversions: Conversions, command: readonly string[]): MenuFile[] {
  return [
    ...nautilusFiles(conversions, command),
    ...dolphinFiles(conversions, command),
    ...nemoFiles(conversions, command),
  ];
}

/** Is this entry of one of the three folders ours? (Used to remove exactly what we wrote.) */
export function isOurs(folder: string, name: string): boolean {
  if (folder === NAUTILUS_DIR) return name === NAUTILUS_CONVERT_FOLDER || name === OPEN_MENU_LABEL;
  return name.startsWith(FILE_PREFIX);
}
