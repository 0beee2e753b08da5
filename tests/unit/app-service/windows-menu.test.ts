// Explorer's right-click menu: the registry entries as data, the .reg file the Settings switch
// imports with reg.exe (applied to a registry in memory), the installer's NSIS include compiled
// by makensis, and removal leaving none of our keys behind.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchFromArgv } from '../../../electron/app-service/launch/launch-args.ts';
import { explorerMenu } from '../../../electron/app-service/shell-menus/explorer-menu.ts';
import { packagedConversions } from '../../../electron/app-service/shell-menus/menu-formats.ts';
import { createMenuSync } from '../../../electron/app-service/shell-menus/menu-sync.ts';
import { NSIS_EXE, nsisInclude } from '../../../electron/app-service/shell-menus/nsis-include.ts';
import {
  CLASSES_ROOT,
  commandLine,
  regFileText,
  registryEntries,
  verbKey,
} from '../../../electron/app-service/shell-menus/windows-registry.ts';
import { FakeRegistry } from '../../support/fake-registry.ts';

// These run other programs (validators, scripts, makensis): a busy machine may take seconds.
const SPAWNS = { timeout: 30_000 };
const EXE =
  'C:\\Users\\Zoë Müller\\AppData\\Local\\Programs\\iFileConverter Desktop\\iFileConverter Desktop.exe';
const table = { pdf: ['xlsx', 'txt'], jpg: ['png', 'pdf'], csv: ['xlsx'] };

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-winmenu-'));
  temps.push(dir);
  return dir;
}

/** Splits a command line as Windows programs do (CommandLineToArgvW; no `\"` in our lines). */
function windowsArgv(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

describe("Explorer's right-click menu as registry data", () => {
  const keys = registryEntries(table, EXE);
  const byPath = new Map(
    keys.map((key) => [key.path, Object.fromEntries(key.values.map((v) => [v.name, v.data]))]),
  );

  it('puts a cascading "Convert with iFileConverter" verb under each type, for the current user only', () => {
    expect(
      keys.every((key) =>
        key.path.startsWith('HKEY_CURRENT_USER\\Software\\Classes\\SystemFileAssociations\\.'),
      ),
    ).toBe(true);
    const convert = byPath.get(`${CLASSES_ROOT}\\.pdf\\shell\\iFileConverter.Convert`);
    expect(convert).toEqual({
      MUIVerb: 'Convert with iFileConverter',
      SubCommands: '',
      Icon: `${EXE},0`,
      MultiSelectModel: 'Player',
    });
    // The submenu lists exactly what a PDF can become, in the formats list's order.
    const items = keys
      .map((key) => key.path)
      .filter((path) => /\\\.pdf\\shell\\iFileConverter\.Convert\\shell\\[^\\]+$/.test(path));
    expect(items.map((path) => path.split('\\').pop())).toEqual(['01-xlsx', '02-txt']);
    expect(byPath.get(`${items[0]}`)).toEqual({ MUIVerb: 'XLSX', MultiSelectModel: 'Player' });
    expect(byPath.get(`${CLASSES_ROOT}\\.pdf\\shell\\iFileConverter.Open`)).toMatchObject({
      MUIVerb: 'Open in iFileConverter',
    });
  });

  it('gives both spellings of a type the menu (.jpg and .jpeg), and none to a type with no target', () => {
    expect(byPath.has(verbKey('jpeg', 'iFileConverter.Convert'))).toBe(true);
    expect(byPath.has(verbKey('jpg', 'iFileConverter.Convert'))).toBe(true);
    const noTargets = registryEntries({ ...table, bin: [] }, EXE);
    expect(noTargets.some((key) => key.path.includes('\\.bin\\'))).toBe(false);
  });

  it('quotes the executable and the file, so spaces and any Unicode survive', () => {
    const command = byPath.get(
      `${CLASSES_ROOT}\\.pdf\\shell\\iFileConverter.Convert\\shell\\01-xlsx\\command`,
    )!;
    expect(command['']).toBe(`"${EXE}" --convert-to=xlsx "%1"`);
    // What Explorer runs for one selected file, split the way the app's argv is split:
    const file = 'D:\\Scans & Rechnungen\\Überweisung März 2026 (1).pdf';
    const argv = windowsArgv(command['']!.replace('%1', file));
    expect(argv).toEqual([EXE, '--convert-to=xlsx', file]);
    expect(launchFromArgv(argv, { defaultApp: false, cwd: 'C:\\', platform: 'win32' })).toEqual({
      action: 'convert',
      to: 'xlsx',
      files: [file],
    });
    const open = byPath.get(`${CLASSES_ROOT}\\.csv\\shell\\iFileConverter.Open\\command`)!;
    expect(windowsArgv(open['']!.replace('%1', file))).toEqual([EXE, '--open', file]);
    expect(commandLine('C:\\a b\\x.exe', ['--open'])).toBe('"C:\\a b\\x.exe" --open "%1"');
  });

  it('writes a .reg file whose import creates exactly those keys, and whose removal leaves none of ours', () => {
    const unrelated = { [`${CLASSES_ROOT}\\.pdf\\shell\\Print`.toLowerCase()]: { '': 'Print it' } };
    const registry = new FakeRegistry(unrelated);
    const text = regFileText(keys, ['pdf', 'jpg', 'jpeg', 'csv']);
    expect(text).toContain(`@="\\"${EXE.replace(/\\/g, '\\\\')}\\" --convert-to=xlsx \\"%1\\""`);
    registry.import(text);
    for (const key of keys) expect(registry.dump()[key.path.toLowerCase()]).toEqual(byPath.get(key.path));
    // Ours: the entries, and the `shell` keys between them that the import creates on the way.
    const ours = Object.keys(registry.dump()).filter((path) => path.includes('ifileconverter'));
    const expected = keys.map((key) => key.path.toLowerCase());
    expect(ours.filter((path) => !expected.includes(path)).every((path) => path.endsWith('\\shell'))).toBe(
      true,
    );
    expect(ours).toEqual(expect.arrayContaining(expected));

    registry.import(regFileText([], ['pdf', 'jpg', 'jpeg', 'csv']));
    expect(Object.keys(registry.dump()).filter((path) => path.includes('ifileconverter'))).toEqual([]);
    expect(registry.dump()[`${CLASSES_ROOT}\\.pdf\\shell\\Print`.toLowerCase()]).toEqual({ '': 'Print it' });
  });
});

describe('the Settings switch on a portable Windows copy (reg.exe import)', () => {
  function recordingRegExe(registry: FakeRegistry) {
    const calls: string[][] = [];
    const runReg = async (args: string[]) => {
      calls.push(args);
      const bytes = await readFile(args[1]!);
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]); // reg.exe wants UTF-16LE with a BOM
      registry.import(bytes.subarray(2).toString('utf16le'));
      return 0;
    };
    return { calls, runReg };
  }

  it('adds the menu, follows a changed formats list, and removes everything when switched off', async () => {
    const registry = new FakeRegistry();
    const { calls, runReg } = recordingRegExe(registry);
    const sync = createMenuSync({
      backend: explorerMenu({ exePath: EXE, managedByInstaller: false, runReg }),
      userDataDir: await temp(),
      identity: EXE,
    });
    expect(sync).toMatchObject({ kind: 'explorer', switchable: true });
    expect(await sync.update(true, table)).toEqual({ ok: true, value: undefined });
    expect(calls.map((args) => args[0])).toEqual(['import']);
    expect(
      registry.dump()[`${CLASSES_ROOT}\\.pdf\\shell\\iFileConverter.Convert\\shell\\02-txt`.toLowerCase()],
    ).toEqual({ MUIVerb: 'TXT', MultiSelectModel: 'Player' });

    // Nothing changed: no second import.
    await sync.update(true, table);
    expect(calls.length).toBe(1);

    // The service stopped offering pdf -> txt and started offering webp -> png.
    await sync.update(true, { pdf: ['xlsx'], webp: ['png'] });
    const paths = Object.keys(registry.dump());
    expect(paths.some((path) => path.includes('02-txt'))).toBe(false);
    expect(paths.some((path) => path.includes('\\.jpg\\shell\\ifileconverter'))).toBe(false);
    expect(paths).toContain(
      `${CLASSES_ROOT}\\.webp\\shell\\iFileConverter.Convert\\shell\\01-png\\command`.toLowerCase(),
    );

    await sync.update(false, {});
    expect(Object.keys(registry.dump()).filter((path) => path.includes('ifileconverter'))).toEqual([]);
  });

  it('reports a reg.exe failure with one sentence', async () => {
    const sync = createMenuSync({
      backend: explorerMenu({ exePath: EXE, managedByInstaller: false, runReg: async () => 1 }),
      userDataDir: await temp(),
      identity: EXE,
    });
    const result = await sync.update(true, table);
    expect(result.ok === false && result.error.code).toBe('menu_update_failed');
  });

  it("keeps an installed copy's menu without a switch", async () => {
    const registry = new FakeRegistry();
    const { runReg } = recordingRegExe(registry);
    const sync = createMenuSync({
      backend: explorerMenu({ exePath: EXE, managedByInstaller: true, runReg }),
      userDataDir: await temp(),
      identity: EXE,
    });
    expect(sync.switchable).toBe(false);
    await sync.update(false, table);
    expect(Object.keys(registry.dump()).some((path) => path.includes('ifileconverter'))).toBe(true);
  });
});

describe("the installer's NSIS include", SPAWNS, () => {
  // electron-builder defines APP_EXECUTABLE_FILENAME and inserts the two macros; this stands in.
  const harness = (include: string) => `!define APP_EXECUTABLE_FILENAME "iFileConverter Desktop.exe"
Unicode true
Name "menu test"
OutFile "menu-test.exe"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\\Programs\\iFileConverter Desktop"
!include "${include}"
Section "install"
  !insertmacro customInstall
  WriteUninstaller "$INSTDIR\\uninstall.exe"
SectionEnd
Section "Uninstall"
  !insertmacro customUnInstall
SectionEnd
`;

  async function compile(nsh: string): Promise<{ ok: boolean; output: string }> {
    const dir = await temp();
    await writeFile(join(dir, 'installer.nsh'), nsh);
    await writeFile(join(dir, 'test.nsi'), harness(join(dir, 'installer.nsh')));
    try {
      const output = execFileSync('makensis', ['-V2', '-WX', join(dir, 'test.nsi')], {
        encoding: 'utf8',
        cwd: dir,
      });
      return { ok: true, output };
    } catch (error) {
      return { ok: false, output: String((error as { stdout?: string }).stdout) };
    }
  }

  it('compiles with makensis (warnings are errors) and writes the same keys as the switch', async () => {
    const nsh = nsisInclude(packagedConversions());
    expect(await compile(nsh)).toMatchObject({ ok: true });
    const writes = [...nsh.matchAll(/^ {2}WriteRegStr HKCU `([^`]*)` `([^`]*)` `([^`]*)`$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    const expected = registryEntries(packagedConversions(), NSIS_EXE).flatMap((key) =>
      key.values.map((value) => [key.path.replace('HKEY_CURRENT_USER\\', ''), value.name, value.data]),
    );
    expect(writes).toEqual(expected);
    // Uninstall takes our two verbs off every type under SystemFileAssociations.
    expect(nsh).toMatch(/EnumRegKey \$R1 HKCU "Software\\Classes\\SystemFileAssociations" \$R0/);
    expect(nsh).toContain(
      'DeleteRegKey HKCU "Software\\Classes\\SystemFileAssociations\\$R1\\shell\\iFileConverter.Convert"',
    );
  });

  it('makensis rejects a broken include (so the check above can fail)', async () => {
    const broken = nsisInclude(packagedConversions()).replace('!macroend', '');
    expect((await compile(broken)).ok).toBe(false);
  });
});
