// What the installers carry: no NSServices for macOS (the app cannot answer them), and the
// committed build/installer.nsh and electron-builder.yml blocks equal to what the generators
// make from the current formats table (a changed table fails here until `npm run shell-menus`
// is run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { desktopActions } from '../../../electron/app-service/shell-menus/linux-desktop.ts';
import { menuSources, packagedConversions } from '../../../electron/app-service/shell-menus/menu-formats.ts';
import {
  BUILDER_YML,
  INSTALLER_NSH,
  packagedMenus,
  withBlocks,
} from '../../../electron/app-service/shell-menus/packaged-files.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const yml = readFileSync(join(root, BUILDER_YML), 'utf8');
interface Config {
  productName: string;
  fileAssociations: { ext: string | string[] }[];
  mac: { extendInfo?: { NSServices?: unknown } };
  nsis: { include: string };
  linux: {
    desktop: { entry: Record<string, string>; desktopActions: Record<string, Record<string, string>> };
  };
}
const config = load(yml) as Config;
const conversions = packagedConversions();

describe('macOS carries no services the app cannot answer', () => {
  it("declares no NSServices in the app's Info.plist (Finder's Quick Actions are installed from Settings)", () => {
    // Electron registers no service provider object: an NSServices item in the app's own
    // Info.plist would be listed by Finder and do nothing (see finder-menu.ts).
    expect(config.mac).toBeDefined();
    expect(config.mac.extendInfo?.NSServices).toBeUndefined();
    expect(yml).not.toMatch(/^\s*-?\s*NSServices\s*:/m);
  });

  it('keeps "Open With" through the file associations, for every type the menus offer', () => {
    const declared = config.fileAssociations.flatMap((entry) =>
      Array.isArray(entry.ext) ? entry.ext : [entry.ext],
    );
    for (const source of menuSources(conversions)) {
      expect(declared).toContain(source.extensions[0]);
    }
  });
});

describe('the menus the installers carry', () => {
  const menus = packagedMenus(conversions);

  it('build/installer.nsh is what the generator makes now, and electron-builder includes it', () => {
    expect(readFileSync(join(root, INSTALLER_NSH), 'utf8')).toBe(menus.installerNsh);
    expect(config.nsis.include).toBe(INSTALLER_NSH);
  });

  it("electron-builder.yml's generated blocks are what the generators make now", () => {
    expect(withBlocks(yml, menus.blocks)).toBe(yml);
    expect(config.linux.desktop.desktopActions).toEqual(desktopActions(conversions));
    expect(config.linux.desktop.entry.Actions).toBe(`${Object.keys(desktopActions(conversions)).join(';')};`);
    expect(config.linux.desktop.entry.StartupWMClass).toBe('iFileConverter Desktop');
  });

  it('a changed formats table makes different files (so the checks above fail until regenerated)', () => {
    const changed = packagedMenus({ ...conversions, pdf: [...(conversions.pdf ?? []), 'docx'] });
    expect(changed.installerNsh).not.toBe(menus.installerNsh);
    expect(withBlocks(yml, changed.blocks)).not.toBe(yml);
  });

  it('names the deb launcher the .desktop actions run', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    for (const action of Object.values(config.linux.desktop.desktopActions)) {
      expect(action.Exec!.split(' ')[0]).toBe(pkg.name);
    }
  });
});
