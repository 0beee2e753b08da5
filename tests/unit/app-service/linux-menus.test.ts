// The Linux right-click menus: the app's .desktop entry and the Dolphin service menus checked
// with desktop-file-validate (Debian's desktop-file-utils); the Nautilus, Dolphin and Nemo files
// installed into a temp XDG data folder, each run against a fake app that records its argv,
// and removed leaving the folder as it was.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchFromArgv } from '../../../electron/app-service/launch/launch-args.ts';
import { desktopEntryText } from '../../../electron/app-service/shell-menus/linux-desktop.ts';
import { linuxMenu, xdgDataHome } from '../../../electron/app-service/shell-menus/linux-menu.ts';
import { packagedConversions } from '../../../electron/app-service/shell-menus/menu-formats.ts';
import { createMenuSync } from '../../../electron/app-service/shell-menus/menu-sync.ts';
import { expandExec, readDesktopFile } from '../../support/desktop-files.ts';

// These run other programs (validators, scripts, makensis): a busy machine may take seconds.
const SPAWNS = { timeout: 30_000 };
const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-linuxmenu-'));
  temps.push(dir);
  return dir;
}

function validate(path: string): { status: number | null; output: string } {
  const run = spawnSync('desktop-file-validate', [path], { encoding: 'utf8' });
  if (run.error) throw run.error; // desktop-file-utils missing: say so, never pass
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Every file and folder under `dir`, relative, with its content (files) for comparison. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    out[relative(dir, path)] = (await stat(path)).isDirectory() ? '<dir>' : await readFile(path, 'utf8');
  }
  return out;
}

/**
 * A stand-in for the app: an executable in a folder whose name needs quoting everywhere
 * (space, Unicode, $, a double quote), which appends its argv and working folder to a log.
 */
async function fakeApp(root: string) {
  const dir = join(root, 'Fake Äpp $HOME "x"');
  await mkdir(dir, { recursive: true });
  const log = join(root, 'launches.jsonl');
  const exe = join(dir, 'ifc desktop');
  await writeFile(
    exe,
    `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }) + '\\n');\n`,
  );
  await chmod(exe, 0o755);
  return {
    command: [exe],
    async launches(): Promise<{ argv: string[]; cwd: string }[]> {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
  };
}

/** Files a person selects: spaces, Unicode, quotes, a $ and a leading dash in their names. */
async function selection(root: string): Promise<string[]> {
  const dir = join(root, 'Mes documents');
  await mkdir(dir, { recursive: true });
  const names = ['Überweisung März $1.png', 'scan "final".png', '-rf.png'];
  for (const name of names) await writeFile(join(dir, name), 'x');
  return names.map((name) => join(dir, name));
}

const conversions = packagedConversions();

describe("the app's .desktop entry", SPAWNS, () => {
  it('passes desktop-file-validate, lists the input types and one action per target', async () => {
    const dir = await temp();
    const path = join(dir, 'ifileconverter-desktop.desktop');
    await writeFile(
      path,
      desktopEntryText(conversions, ['/opt/iFileConverter Desktop/ifileconverter-desktop']),
    );
    expect(validate(path)).toEqual({ status: 0, output: '' });
    const entry = readDesktopFile(await readFile(path, 'utf8'));
    expect(entry['Desktop Entry']!.MimeType!.split(';')).toEqual(
      expect.arrayContaining(['application/pdf', 'text/csv', 'image/png', 'image/jpeg']),
    );
    expect(entry['Desktop Entry']!.Actions).toContain('convert-pdf;');
    expect(expandExec(entry['Desktop Action convert-pdf']!.Exec!, ['/a b.png'])).toEqual([
      '/opt/iFileConverter Desktop/ifileconverter-desktop',
      '--convert-to=pdf',
      '/a b.png',
    ]);
  });

  it('desktop-file-validate catches a broken Exec (so the check above can fail)', async () => {
    const dir = await temp();
    const path = join(dir, 'broken.desktop');
    await writeFile(path, desktopEntryText(conversions).replace('--convert-to=pdf', '"--convert-to=pdf'));
    expect(validate(path).status).not.toBe(0);
  });
});

describe('Nautilus, Dolphin and Nemo menus in the XDG data folder', SPAWNS, () => {
  async function installed() {
    const root = await temp();
    const dataHome = join(root, 'home', '.local', 'share');
    // Something of the person's own, which must survive install and removal untouched.
    await mkdir(join(dataHome, 'nautilus', 'scripts'), { recursive: true });
    await writeFile(join(dataHome, 'nautilus', 'scripts', 'My own script'), '#!/bin/sh\n');
    const before = await tree(dataHome);
    const app = await fakeApp(root);
    const sync = createMenuSync({
      backend: linuxMenu({ dataHome, command: app.command }),
      userDataDir: join(root, 'userData'),
      identity: JSON.stringify(app.command),
    });
    expect(await sync.update(true, conversions)).toEqual({ ok: true, value: undefined });
    return { root, dataHome, before, app, sync, files: await selection(root) };
  }

  it('installs a Nautilus script per target that hands the selected files to the app', async () => {
    const { dataHome, app, files, root } = await installed();
    const script = join(dataHome, 'nautilus/scripts/Convert with iFileConverter/PDF');
    expect((await stat(script)).mode & 0o111).not.toBe(0);
    execFileSync(script, [], {
      cwd: root,
      env: { PATH: process.env.PATH, NAUTILUS_SCRIPT_SELECTED_FILE_PATHS: `${files.join('\n')}\n` },
    });
    // Run without Nautilus's list (names in the current folder), as another caller would.
    execFileSync(join(dataHome, 'nautilus/scripts/Open in iFileConverter'), ['scan "final".png'], {
      cwd: join(root, 'Mes documents'),
      env: { PATH: process.env.PATH },
    });
    const [convert, open] = await app.launches();
    expect(convert!.argv).toEqual(['--convert-to=pdf', ...files]);
    expect(launchFromArgv(['app', ...convert!.argv], { defaultApp: false, cwd: root })).toEqual({
      action: 'convert',
      to: 'pdf',
      files,
    });
    expect(open!.argv).toEqual(['--open', files[1]]);
  });

  it('installs a Dolphin service menu per type, runnable as Dolphin expands it, valid but for KDE keys', async () => {
    const { dataHome, app, files } = await installed();
    const path = join(dataHome, 'kio/servicemenus/ifileconverter-convert-png.desktop');
    const menu = readDesktopFile(await readFile(path, 'utf8'));
    expect(menu['Desktop Entry']).toMatchObject({
      Type: 'Service',
      MimeType: 'image/png;',
      'X-KDE-Submenu': 'Convert with iFileConverter',
      Actions: 'to-jpg;to-webp;to-pdf;',
    });
    expect((await stat(path)).mode & 0o111).not.toBe(0); // Plasma 6 loads only executable menus
    const argv = expandExec(menu['Desktop Action to-webp']!.Exec!, files);
    execFileSync(argv[0]!, argv.slice(1));
    expect((await app.launches())[0]!.argv).toEqual(['--convert-to=webp', ...files]);
    // desktop-file-validate knows only applications: Type=Service with MimeType and Actions is
    // KDE's service-menu format. Anything else it says (syntax, quoting, Exec) would fail here.
    const complaints = validate(path)
      .output.split('\n')
      .filter(Boolean)
      .filter(
        (line) =>
          !/key "(MimeType|Actions)" is present in group "Desktop Entry", but the type is "Service"/.test(
            line,
          ),
      );
    expect(complaints).toEqual([]);
  });

  it('installs a Nemo action per target for the types that can become it', async () => {
    const { dataHome, app, files } = await installed();
    const action = readDesktopFile(
      await readFile(join(dataHome, 'nemo/actions/ifileconverter-to-pdf.nemo_action'), 'utf8'),
    )['Nemo Action']!;
    expect(action).toMatchObject({
      Active: 'true',
      Name: 'Convert with iFileConverter to PDF',
      Selection: 'notnone',
    });
    expect(action.Extensions!.split(';')).toEqual(
      expect.arrayContaining(['png', 'jpg', 'jpeg', 'md', 'txt']),
    );
    expect(action.Extensions!.split(';')).not.toContain('pdf');
    const argv = expandExec(action.Exec!, files);
    execFileSync(argv[0]!, argv.slice(1));
    expect((await app.launches())[0]!.argv).toEqual(['--convert-to=pdf', ...files]);
  });

  it('rewrites the menus when the formats list changes, and removes them leaving the folder as it was', async () => {
    const { dataHome, before, sync } = await installed();
    await sync.update(true, { ...conversions, pdf: ['xlsx'], bin: ['dat'] });
    const nemo = await readdir(join(dataHome, 'nemo/actions'));
    expect(nemo).toContain('ifileconverter-to-dat.nemo_action');
    const nautilus = await readdir(join(dataHome, 'nautilus/scripts/Convert with iFileConverter'));
    expect(nautilus).toContain('DAT');
    const pdfMenu = await readFile(
      join(dataHome, 'kio/servicemenus/ifileconverter-convert-pdf.desktop'),
      'utf8',
    );
    expect(pdfMenu).not.toContain('to-txt');

    expect(await sync.update(false, conversions)).toEqual({ ok: true, value: undefined });
    expect(await tree(dataHome)).toEqual(before);
  });

  it('finds the XDG data folder as the spec says', () => {
    expect(xdgDataHome({ XDG_DATA_HOME: '/x/data', HOME: '/home/a' })).toBe('/x/data');
    expect(xdgDataHome({ XDG_DATA_HOME: 'relative', HOME: '/home/a' })).toBe('/home/a/.local/share');
    expect(xdgDataHome({ HOME: '/home/a' })).toBe('/home/a/.local/share');
  });
});
