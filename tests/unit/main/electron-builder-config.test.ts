// electron-builder.yml against electron-builder's own JSON schema, plus the facts the desktop
// shell depends on (icons present, native modules unpacked, "Open with" for the input formats).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  fileAssociations: { ext: string | string[]; rank?: string; role?: string; mimeType?: string }[];
  mac: {
    target: string[];
    icon: string;
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
  };
  win: { target: string; icon: string };
  linux: { target: string[]; icon: string };
  electronFuses: Record<string, boolean>;
}
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
// Compiling the (large) schema takes seconds on a busy machine: once, outside any test's timer.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a wrong setting (so the test above can fail)', () => {
    expect(validate({ ...config, mac: { ...config.mac, hardenedRuntime: 'yes' } })).toBe(false);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('flips every Electron fuse the app does not need (checked against the schema too)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Each name is one electron-builder knows: a misspelt fuse is a schema error, not a no-op.
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } })).toBe(false);
  });

  it('ships nothing that needs the RunAsNode fuse', () => {
    const sources = ['electron/main', 'electron/app-service', 'electron/engine', 'electron/cli'];
    for (const folder of sources) {
      for (const file of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(join(root, folder, file), 'utf8');
        expect(text, `${folder}/${file}`).not.toMatch(/ELECTRON_RUN_AS_NODE|child_process['"][^;]*\bfork\b/);
      }
    }
  });

  it('names the app and packs only the build output and the icons', () => {
    expect(config.appId).toBe('uk.co.ifileconverter.desktop');
    expect(config.productName).toBe('iFileConverter Desktop');
    expect(config.files).toContain('out/**');
    expect(config.files.every((entry) => /^(!|out\/|package\.json|resources\/)/.test(entry))).toBe(true);
  });

  it('unpacks the native keychain and image modules from the asar archive', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/@napi-rs/keyring/**', 'node_modules/sharp/**']),
    );
  });

  it('builds AppImage + deb, a hardened-runtime dmg and an NSIS installer from committed resources', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    // The zip beside the dmg: macOS updates download it (electron-updater's MacUpdater).
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.target).toBe('nsis');
    for (const file of [
      config.mac.icon,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.win.icon,
      join(config.linux.icon, '256x256.png'),
      join(config.linux.icon, '512x512.png'),
    ]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });

  it('offers "Open with" for every format the app converts from, without becoming the default', () => {
    const extensions = config.fileAssociations.flatMap((association) =>
      Array.isArray(association.ext) ? association.ext : [association.ext],
    );
    expect(extensions).toEqual(
      expect.arrayContaining([
        'pdf',
        'docx',
        'xlsx',
        'csv',
        'json',
        'md',
        'txt',
        'html',
        'png',
        'jpg',
        'jpeg',
        'webp',
      ]),
    );
    for (const association of config.fileAssociations) {
      expect(association).toMatchObject({ rank: 'Alternate', role: 'Viewer', mimeType: expect.any(String) });
    }
  });
});
