// What the installers carry: Finder's NSServices checked against Apple's Info.plist keys, and
// the committed build/installer.nsh and electron-builder.yml blocks equal to what the
// generators make from the current formats table (a changed table fails here until
// `npm run shell-menus` is run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { desktopActions } from '../../../electron/app-service/shell-menus/linux-desktop.ts';
import { macServices, SERVICE_MESSAGE } from '../../../electron/app-service/shell-menus/mac-services.ts';
import { APP_NAME, packagedConversions } from '../../../electron/app-service/shell-menus/menu-formats.ts';
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
  mac: { extendInfo: { NSServices: Record<string, unknown>[] } };
  nsis: { include: string };
  linux: {
    desktop: { entry: Record<string, string>; desktopActions: Record<string, Record<string, string>> };
  };
}
const config = load(yml) as Config;
const conversions = packagedConversions();

describe("Finder's services (Info.plist NSServices)", () => {
  const services = config.mac.extendInfo.NSServices;

  it("has Apple's keys on every service: NSMessage, NSPortName, NSMenuItem default, send file types, context", () => {
    expect(services.length).toBeGreaterThan(1);
    for (const service of services) {
      // NSMessage: an Objective-C selector part (messageName:userData:error:).
      expect(service.NSMessage).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      // NSPortName: the application's name, as the app registers its service provider.
      expect(service.NSPortName).toBe(config.productName);
      // NSMenuItem: a dictionary with exactly one key, `default` (no submenus since 10.6).
      expect(Object.keys(service.NSMenuItem as object)).toEqual(['default']);
      expect((service.NSMenuItem as { default: string }).default).not.toContain('/');
      // NSSendFileTypes: Uniform Type Identifiers (reverse-DNS), what Finder matches files on.
      const types = service.NSSendFileTypes as string[];
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) expect(type).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i);
      // NSRequiredContext present: the service shows without a trip to System Settings.
      expect(service.NSRequiredContext).toEqual({});
      expect(typeof service.NSUserData).toBe('string');
      // Only Apple's documented keys.
      const known = [
        'NSMenuItem',
        'NSMessage',
        'NSPortName',
        'NSSendFileTypes',
        'NSRequiredContext',
        'NSUserData',
      ];
      expect(Object.keys(service).filter((key) => !known.includes(key))).toEqual([]);
    }
    const labels = services.map((service) => (service.NSMenuItem as { default: string }).default);
    expect(new Set(labels).size).toBe(labels.length); // Finder would add the app's name to twins
  });

  it('offers each target only for the types that can become it', () => {
    const pdf = macServices(conversions).find((service) => service.NSUserData === 'pdf')!;
    expect(pdf).toMatchObject({ NSMessage: SERVICE_MESSAGE, NSPortName: APP_NAME });
    expect(pdf.NSMenuItem.default).toBe('Convert with iFileConverter to PDF');
    expect(pdf.NSSendFileTypes).toEqual(
      expect.arrayContaining(['public.png', 'public.jpeg', 'public.plain-text']),
    );
    expect(pdf.NSSendFileTypes).not.toContain('com.adobe.pdf');
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
    expect(config.mac.extendInfo.NSServices).toEqual(JSON.parse(JSON.stringify(macServices(conversions))));
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
