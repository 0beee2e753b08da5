// Explorer's right-click menu against real Windows parts, run by Wine: the NSIS installer built
// from build/installer.nsh installs and uninstalls, and the Settings switch's .reg file goes
// through reg.exe import. The registry is read back with `reg export`. Needs Wine (Debian
// package wine64); where it is missing these tests are skipped and say so.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explorerMenu } from '../../../electron/app-service/shell-menus/explorer-menu.ts';
import { packagedConversions } from '../../../electron/app-service/shell-menus/menu-formats.ts';
import { createMenuSync } from '../../../electron/app-service/shell-menus/menu-sync.ts';
import { CLASSES_ROOT, registryEntries } from '../../../electron/app-service/shell-menus/windows-registry.ts';
import { FakeRegistry } from '../../support/fake-registry.ts';

const run = promisify(execFile);
const WINE = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((path) => existsSync(path));
const ROOT = join(import.meta.dirname, '..', '..', '..');
if (!WINE)
  console.log('Skipped: Wine (wine64) is not installed, so the Explorer menu is not run on Windows parts.');

let prefix = '';
const wine = (args: string[]) =>
  run(WINE!, args, { env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' }, timeout: 240_000 });
/** Z: is the Linux root in every Wine prefix. */
const winPath = (path: string) => `Z:${path.replace(/\//g, '\\')}`;
const ROOT_KEY = CLASSES_ROOT.replace('HKEY_CURRENT_USER', 'HKCU');

/** HKCU\...\SystemFileAssociations as data, read with `reg export` (UTF-16 .reg text). */
async function exported(): Promise<Record<string, Record<string, string>>> {
  const file = join(prefix, 'export.reg');
  await rm(file, { force: true });
  await wine(['reg', 'export', ROOT_KEY, winPath(file), '/y']).catch(() => undefined);
  if (!existsSync(file)) return {};
  const bytes = await readFile(file);
  const registry = new FakeRegistry();
  registry.import(bytes.subarray(2).toString('utf16le').replace(/\r\n$/, ''));
  const root = CLASSES_ROOT.toLowerCase();
  return Object.fromEntries(Object.entries(registry.dump()).filter(([path]) => path.startsWith(root)));
}

const ours = (keys: Record<string, unknown>) =>
  Object.keys(keys).filter((path) => path.includes('ifileconverter'));

describe.skipIf(!WINE)("Explorer's right-click menu on Windows parts (Wine)", () => {
  beforeAll(async () => {
    prefix = await mkdtemp(join(tmpdir(), 'ifc-wine-'));
    await wine(['wineboot', '-i']);
  }, 300_000);
  afterAll(async () => {
    if (prefix) {
      await run(WINE!.replace(/wine64$/, 'wineserver'), ['-k'], {
        env: { ...process.env, WINEPREFIX: prefix },
      }).catch(() => undefined);
      await rm(prefix, { recursive: true, force: true });
    }
  });

  it('the installer writes the menu and the uninstaller takes it away, keeping what was there', async () => {
    // Something of the person's own, which must come through both untouched.
    await wine(['reg', 'add', `${ROOT_KEY}\\.pdf\\shell\\Print`, '/ve', '/d', 'mine', '/f']);
    await wine(['reg', 'add', `${ROOT_KEY}\\.txt`, '/v', 'PerceivedType', '/d', 'text', '/f']);
    const before = await exported();

    const nsi = join(prefix, 'menu.nsi');
    await writeFile(
      nsi,
      `Target amd64-unicode
!define APP_EXECUTABLE_FILENAME "iFileConverter Desktop.exe"
Name "menu test"
OutFile "${join(prefix, 'menu-test.exe')}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\\Programs\\iFileConverter Desktop"
SilentInstall silent
!include "${join(ROOT, 'build', 'installer.nsh')}"
Section "install"
  SetOutPath $INSTDIR
  !insertmacro customInstall
  WriteUninstaller "$INSTDIR\\uninstall.exe"
SectionEnd
Section "Uninstall"
  !insertmacro customUnInstall
  Delete "$INSTDIR\\uninstall.exe"
SectionEnd
`,
    );
    await run('makensis', ['-V2', '-WX', nsi]);
    await wine([join(prefix, 'menu-test.exe'), '/S']);

    const installed = await exported();
    const icon = installed[`${CLASSES_ROOT}\\.pdf\\shell\\iFileConverter.Convert`.toLowerCase()]?.Icon ?? '';
    const exe = icon.replace(/,0$/, '');
    expect(exe).toMatch(/\\AppData\\Local\\Programs\\iFileConverter Desktop\\iFileConverter Desktop\.exe$/);
    for (const key of registryEntries(packagedConversions(), exe)) {
      expect(installed[key.path.toLowerCase()]).toEqual(
        Object.fromEntries(key.values.map((v) => [v.name, v.data])),
      );
    }

    const installDir = exe.slice(0, exe.lastIndexOf('\\'));
    await wine([`${installDir}\\uninstall.exe`, '/S', `_?=${installDir}`]);
    expect(await exported()).toEqual(before);
  }, 300_000);

  it("the Settings switch's .reg file goes through reg.exe import, with Unicode paths, and back out", async () => {
    const before = await exported();
    const exePath = 'C:\\Users\\Zoë Müller\\Portable Äpps\\iFileConverter Desktop.exe';
    const sync = createMenuSync({
      backend: explorerMenu({
        exePath,
        managedByInstaller: false,
        runReg: async (args) => {
          await wine(['reg', args[0]!, winPath(args[1]!)]);
          return 0;
        },
      }),
      userDataDir: join(prefix, 'userData'),
      identity: exePath,
    });
    expect(await sync.update(true, { pdf: ['xlsx', 'txt'], jpg: ['png'] })).toEqual({
      ok: true,
      value: undefined,
    });
    const on = await exported();
    expect(
      on[`${CLASSES_ROOT}\\.jpeg\\shell\\iFileConverter.Convert\\shell\\01-png\\command`.toLowerCase()],
    ).toEqual({
      '': `"${exePath}" --convert-to=png "%1"`,
    });
    expect(ours(on).length).toBeGreaterThan(0);
    expect(await sync.update(false, {})).toEqual({ ok: true, value: undefined });
    const off = await exported();
    expect(ours(off)).toEqual([]);
    // Only the empty `shell` keys the import created on its way may remain; nothing of ours.
    expect(Object.keys(before).every((path) => path in off)).toBe(true);
  }, 300_000);
});
