// The app's own .desktop entry on Linux: MimeType lists every input type (so "Open With" offers
// the app; electron-builder fills it from fileAssociations) and one Desktop Action per target,
// which launchers and docks show. electron-builder.yml `linux.desktop` holds the Actions key
// and the actions this module generates (tests/unit/app-service/packaged-menus.test.ts keeps them
// equal); desktopEntryText renders the whole file so desktop-file-validate can check it.
import { execLine } from './desktop-exec.ts';
import {
  APP_NAME,
  type Conversions,
  menuSources,
  menuTargets,
  OPEN_MENU_LABEL,
  targetLabel,
} from './menu-formats.ts';

/** The deb's launcher on PATH (/usr/bin/<package name>, a link into /opt). */
export const LINUX_EXECUTABLE = 'ifileconverter-desktop';

export type DesktopActions = Record<string, { Name: string; Exec: string }>;

export function desktopActions(
  conversions: Conversions,
  command: readonly string[] = [LINUX_EXECUTABLE],
): DesktopActions {
  const actions: DesktopActions = {};
  for (const to of menuTargets(conversions)) {
    actions[`convert-${to}`] = {
      Name: `Convert to ${targetLabel(to)}`,
      Exec: execLine(command, [`--convert-to=${to}`], ['%F']),
    };
  }
  actions.open = { Name: OPEN_MENU_LABEL, Exec: execLine(command, ['--open'], ['%F']) };
  return actions;
}

/** The [Desktop Entry] Actions value for `actions`. */
export function actionsKey(actions: DesktopActions): string {
  return `${Object.keys(actions).join(';')};`;
}

export function inputMimeTypes(conversions: Conversions): string[] {
  return [...new Set(menuSources(conversions).map((source) => source.mimeType))];
}

/** The whole entry, as electron-builder writes it for the deb. */
export function desktopEntryText(
  conversions: Conversions,
  command: readonly string[] = [LINUX_EXECUTABLE],
): string {
  const actions = desktopActions(conversions, command);
  const lines = [
    '[Desktop Entry]',
    `Name=${APP_NAME}`,
    `Exec=${execLine(command, [], ['%U'])}`,
    'Terminal=false',
    'Type=Application',
    `Icon=${LINUX_EXECUTABLE}`,
    `MimeType=${inputMimeTypes(conversions).join(';')};`,
    'Categories=Office;',
    `Actions=${actionsKey(actions)}`,
  ];
  for (const [id, action] of Object.entries(actions)) {
    lines.push('', `[Desktop Action ${id}]`, `Name=${action.Name}`, `Exec=${action.Exec}`);
  }
  return `${lines.join('\n')}\n`;
}
