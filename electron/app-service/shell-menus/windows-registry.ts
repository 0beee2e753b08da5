// Explorer's right-click menu as registry data: per input extension, under the current user's
// SystemFileAssociations (HKCU, so no admin rights and no taking over the type's default app),
// a cascading "Convert with iFileConverter" verb whose submenu lists the targets, and an "Open
// in iFileConverter" verb. The installer (nsis-include.ts) and the Settings switch (a .reg
// file imported with reg.exe) write exactly these entries. Windows 11 shows them under
// "Show more options".
import {
  type Conversions,
  CONVERT_MENU_LABEL,
  menuSources,
  OPEN_MENU_LABEL,
  targetLabel,
} from './menu-formats.ts';

export const CLASSES_ROOT = 'HKEY_CURRENT_USER\\Software\\Classes\\SystemFileAssociations';
export const CONVERT_VERB = 'iFileConverter.Convert';
export const OPEN_VERB = 'iFileConverter.Open';
export const OUR_VERBS = [CONVERT_VERB, OPEN_VERB] as const;

export interface RegistryValue {
  /** '' is the key's default value. */
  name: string;
  data: string;
}

export interface RegistryKey {
  /** Full path starting with HKEY_CURRENT_USER. */
  path: string;
  values: RegistryValue[];
}

/** The key a verb lives under for one extension ('pdf' -> ...\.pdf\shell\<verb>). */
export function verbKey(extension: string, verb: string): string {
  return `${CLASSES_ROOT}\\.${extension}\\shell\\${verb}`;
}

/** Every extension the table gives a menu to. */
export function menuExtensions(conversions: Conversions): string[] {
  return menuSources(conversions).flatMap((source) => source.extensions);
}

/**
 * A command line Explorer runs once per selected file: the executable quoted (its folder may
 * hold spaces or any Unicode), then the arguments, then the file as "%1". Windows paths cannot
 * contain a double quote, so quoting needs no escaping.
 */
export function commandLine(exePath: string, args: readonly string[]): string {
  return [`"${exePath}"`, ...args, '"%1"'].join(' ');
}

export function registryEntries(conversions: Conversions, exePath: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  const icon = { name: 'Icon', data: `${exePath},0` };
  // "Player": every selected file gets the verb; the default ("Document") stops at 15 files.
  const multi = { name: 'MultiSelectModel', data: 'Player' };
  for (const source of menuSources(conversions)) {
    for (const extension of source.extensions) {
      const convert = verbKey(extension, CONVERT_VERB);
      // An empty SubCommands value makes the verb a cascade whose items are its own shell subkeys.
      keys.push({
        path: convert,
        values: [
          { name: 'MUIVerb', data: CONVERT_MENU_LABEL },
          { name: 'SubCommands', data: '' },
          icon,
          multi,
        ],
      });
      source.targets.forEach((to, index) => {
        // Explorer sorts sub-verbs by key name: a number keeps the formats list's order.
        const item = `${convert}\\shell\\${String(index + 1).padStart(2, '0')}-${to}`;
        // Each sub-verb is what Explorer invokes, so it too must accept more than 15 files.
        keys.push({ path: item, values: [{ name: 'MUIVerb', data: targetLabel(to) }, multi] });
        keys.push({
          path: `${item}\\command`,
          values: [{ name: '', data: commandLine(exePath, [`--convert-to=${to}`]) }],
        });
      });
      const open = verbKey(extension, OPEN_VERB);
      keys.push({ path: open, values: [{ name: 'MUIVerb', data: OPEN_MENU_LABEL }, icon, multi] });
      keys.push({ path: `${open}\\command`, values: [{ name: '', data: commandLine(exePath, ['--open']) }] });
    }
  }
  return keys;
}

/** The keys whose removal takes every entry above away (a registry delete takes the subtree). */
export function registryRoots(extensions: readonly string[]): string[] {
  return extensions.flatMap((extension) => OUR_VERBS.map((verb) => verbKey(extension, verb)));
}

const regString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * A .reg file (Registry Editor 5.00 format) that first removes our verbs from `removeFrom`
 * (so a target no longer offered disappears) and then writes `keys`. reg.exe imports it in
 * one call; it must be saved as UTF-16LE with a BOM (see regFileBytes).
 */
export function regFileText(keys: readonly RegistryKey[], removeFrom: readonly string[]): string {
  const lines = ['Windows Registry Editor Version 5.00', ''];
  for (const root of registryRoots(removeFrom)) lines.push(`[-${root}]`, '');
  for (const key of keys) {
    lines.push(`[${key.path}]`);
    for (const value of key.values)
      lines.push(`${value.name === '' ? '@' : regString(value.name)}=${regString(value.data)}`);
    lines.push('');
  }
  return lines.join('\r\n');
}

export function regFileBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** reg.exe's arguments: the key path in reg.exe's short form (HKCU\...). */
export function regExeKey(path: string): string {
  return path.replace(/^HKEY_CURRENT_USER\\/, 'HKCU\\');
}
