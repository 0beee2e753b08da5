// Finder's Quick Actions: each workflow's Info.plist and document.wflow read back by two
// property-list parsers (the `plist` package and Python's plistlib) and checked against Apple's
// keys; the script of the "Run Shell Script" action run by `sh -c` with the selected files as
// its arguments (as Automator passes them) against a fake `open` that records its argv; and the
// Settings switch installing them into a temp home folder and removing them leaving it as it was.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import plist from 'plist';
import { afterEach, describe, expect, it } from 'vitest';
import { launchFromArgv } from '../../../electron/app-service/launch/launch-args.ts';
import { finderMenu } from '../../../electron/app-service/shell-menus/finder-menu.ts';
import {
  GENERATED_MARK,
  type MacAppLaunch,
  macAppLaunch,
  quickActionFiles,
  quickActionScript,
  quickActions,
  SERVICES_DIR,
} from '../../../electron/app-service/shell-menus/mac-quick-actions.ts';
import { packagedConversions } from '../../../electron/app-service/shell-menus/menu-formats.ts';
import { createMenuSync } from '../../../electron/app-service/shell-menus/menu-sync.ts';

// These run other programs (python3, sh): a busy machine may take seconds.
const SPAWNS = { timeout: 60_000 };
const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-macmenu-'));
  temps.push(dir);
  return dir;
}

const conversions = packagedConversions();
/** An app whose path needs quoting in the shell and escaping in XML. */
const APP: MacAppLaunch = {
  bundle: `/Applications/Zoë's "Tools" & <Co> $HOME/iFileConverter Desktop.app`,
  args: [],
};
/** Files a person selects: spaces, Unicode, quotes, a $, a leading dash, a newline. */
const FILES = [
  '/Users/zoë/Mes documents/Überweisung März $1.png',
  `/Users/zoë/Mes documents/it's "final".png`,
  '/Users/zoë/日本語 ファイル/-rf.png',
  '/Users/zoë/two\nlines.png',
];

type Dict = Record<string, unknown>;

/** Python's plistlib, a parser independent of the one that wrote the files (one run for all). */
function plistlibParse(paths: readonly string[]): unknown[] {
  const code =
    'import json, plistlib, sys\nprint(json.dumps([plistlib.load(open(p, "rb")) for p in sys.argv[1:]]))';
  return JSON.parse(execFileSync('python3', ['-c', code, ...paths], { encoding: 'utf8' }));
}

/** Each file read by the `plist` package, which must agree with plistlib on every value. */
async function parsedBoth(paths: readonly string[]): Promise<Dict[]> {
  const ours = await Promise.all(
    paths.map(async (path) => plist.parse(await readFile(path, 'utf8')) as Dict),
  );
  expect(plistlibParse(paths)).toEqual(ours);
  return ours;
}

/** Every file and folder under `dir`, relative, with its content (files). */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    out[relative(dir, path)] = (await stat(path)).isDirectory() ? '<dir>' : await readFile(path, 'utf8');
  }
  return out;
}

/** A folder holding a fake `open` that writes its argv (NUL-separated) to a log. */
async function fakeOpen(root: string): Promise<{ bin: string; calls(): Promise<string[][]> }> {
  const bin = join(root, 'bin');
  await mkdir(bin, { recursive: true });
  const log = join(root, 'open.log');
  await writeFile(
    join(bin, 'open'),
    `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
  );
  await chmod(join(bin, 'open'), 0o755);
  return {
    bin,
    async calls() {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]);
    },
  };
}

/** Runs a Run Shell Script action as Automator does with "Pass input: as arguments". */
function runAction(document: Dict, files: readonly string[], bin: string): void {
  const action = (document.actions as Dict[])[0]!.action as Dict;
  const parameters = action.ActionParameters as Dict;
  execFileSync(parameters.shell as string, ['-c', parameters.COMMAND_STRING as string, 'sh', ...files], {
    env: { PATH: `${bin}:/usr/bin:/bin` },
  });
}

async function installed(app: MacAppLaunch = APP) {
  const root = await temp();
  const home = join(root, 'home');
  const services = join(home, SERVICES_DIR);
  // The person's own Quick Actions, one even named like ours: both must survive untouched.
  await mkdir(join(services, 'My Own.workflow', 'Contents'), { recursive: true });
  await writeFile(join(services, 'My Own.workflow', 'Contents', 'document.wflow'), 'mine');
  const lookalike = join(services, 'Convert with iFileConverter to ZIP.workflow', 'Contents');
  await mkdir(lookalike, { recursive: true });
  await writeFile(join(lookalike, 'document.wflow'), 'a workflow the person made');
  const before = await tree(home);
  let refreshes = 0;
  const sync = createMenuSync({
    backend: finderMenu({ home, app, refresh: async () => void refreshes++ }),
    userDataDir: join(root, 'userData'),
    identity: JSON.stringify(app),
  });
  expect(await sync.update(true, conversions)).toEqual({ ok: true, value: undefined });
  return { root, home, services, before, sync, refreshes: () => refreshes };
}

describe("the Quick Actions' property lists", SPAWNS, () => {
  it("has one Finder service per workflow with Apple's keys, each target only for the types that can become it", async () => {
    const { services } = await installed();
    const labels = quickActions(conversions).map((action) => action.label);
    expect(labels).toContain('Convert with iFileConverter to PDF');
    expect(labels).toContain('Open in iFileConverter');
    const infos = await parsedBoth(
      labels.map((label) => join(services, `${label}.workflow`, 'Contents', 'Info.plist')),
    );
    for (const [index, info] of infos.entries()) {
      const label = labels[index];
      expect(Object.keys(info)).toEqual(['NSServices']);
      const entries = info.NSServices as Dict[];
      expect(entries).toHaveLength(1);
      const service = entries[0]!;
      // Only keys Apple documents for an NSServices entry.
      expect(Object.keys(service).sort()).toEqual(
        ['NSMenuItem', 'NSMessage', 'NSRequiredContext', 'NSSendFileTypes'].sort(),
      );
      // NSMenuItem: exactly one key, `default`, the words in the menu.
      expect(service.NSMenuItem).toEqual({ default: label });
      // The services system runs the workflow itself: no provider object in our app.
      expect(service.NSMessage).toBe('runWorkflowAsService');
      expect(service.NSRequiredContext).toEqual({ NSApplicationIdentifier: 'com.apple.finder' });
      const types = service.NSSendFileTypes as string[];
      expect(types.length).toBeGreaterThan(0);
      for (const type of types) expect(type).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i);
    }
    const pdf = infos[labels.indexOf('Convert with iFileConverter to PDF')]!;
    const pdfTypes = (pdf.NSServices as Dict[])[0]!.NSSendFileTypes as string[];
    expect(pdfTypes).toEqual(expect.arrayContaining(['public.png', 'public.jpeg', 'public.plain-text']));
    expect(pdfTypes).not.toContain('com.adobe.pdf');
  });

  it('has one "Run Shell Script" action that takes Finder\'s files as arguments and runs the app', async () => {
    const { services } = await installed();
    const [document] = (await parsedBoth([
      join(services, 'Convert with iFileConverter to PDF.workflow', 'Contents', 'document.wflow'),
    ])) as [Dict];
    expect(document.AMDocumentVersion).toBe('2');
    expect(document.workflowMetaData).toMatchObject({
      workflowTypeIdentifier: 'com.apple.Automator.servicesMenu',
      serviceInputTypeIdentifier: 'com.apple.Automator.fileSystemObject',
      serviceOutputTypeIdentifier: 'com.apple.Automator.nothing',
      serviceApplicationBundleID: 'com.apple.finder',
    });
    const actions = document.actions as Dict[];
    expect(actions).toHaveLength(1);
    const action = actions[0]!.action as Dict;
    expect(action).toMatchObject({
      BundleIdentifier: 'com.apple.RunShellScript',
      ActionBundlePath: '/System/Library/Automator/Run Shell Script.action',
      'Class Name': 'RunShellScriptAction',
    });
    expect(action.ActionParameters).toMatchObject({ inputMethod: 1, shell: '/bin/sh' });
    const script = (action.ActionParameters as Dict).COMMAND_STRING as string;
    expect(script.split('\n')[0]).toBe(GENERATED_MARK);
    const pdfAction = quickActions(conversions).find((item) => item.args[0] === '--convert-to=pdf')!;
    expect(script).toBe(quickActionScript(pdfAction, APP));
    // The path survived XML escaping and is single-quoted for the shell.
    expect(script).toContain(`'/Applications/Zoë'\\''s "Tools" & <Co> $HOME/iFileConverter Desktop.app'`);
    const uuids = [action.InputUUID, action.OutputUUID, action.UUID] as string[];
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-A[0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(new Set(uuids).size).toBe(3);
  });

  it('writes the same bytes for the same menu (nothing churns on a rewrite)', () => {
    expect(quickActionFiles(conversions, APP)).toEqual(quickActionFiles(conversions, APP));
  });
});

describe("the Quick Actions' command line", SPAWNS, () => {
  it('hands the selected files to a new instance of the app, exactly as selected', async () => {
    const { root, services } = await installed();
    const open = await fakeOpen(root);
    const wflow = (label: string) => join(services, `${label}.workflow`, 'Contents', 'document.wflow');
    const [toPdf, opening] = (await parsedBoth([
      wflow('Convert with iFileConverter to PDF'),
      wflow('Open in iFileConverter'),
    ])) as [Dict, Dict];
    runAction(toPdf, FILES, open.bin);
    runAction(opening, FILES.slice(0, 1), open.bin);
    const [convert, open1] = await open.calls();
    expect(convert).toEqual(['-n', '-g', '-a', APP.bundle, '--args', '--convert-to=pdf', ...FILES]);
    // Opening brings the window: no -g.
    expect(open1).toEqual(['-n', '-a', APP.bundle, '--args', '--open', FILES[0]]);
    // `open --args` gives the app what follows as its argv; the app reads it like any launch.
    const argv = (call: string[]) => [
      '/x/MacOS/iFileConverter Desktop',
      ...call.slice(call.indexOf('--args') + 1),
    ];
    const context = { defaultApp: false, cwd: '/' };
    expect(launchFromArgv(argv(convert!), context)).toEqual({ action: 'convert', to: 'pdf', files: FILES });
    expect(launchFromArgv(argv(open1!), context)).toEqual({ action: 'open', files: [FILES[0]] });
  });

  it('runs the source tree under Electron.app with the app folder first', async () => {
    const root = await temp();
    const app = macAppLaunch(
      '/dev/ifc/node_modules/electron/dist/Electron.app/Contents/MacOS/Electron',
      false,
      '/dev/ifc',
    );
    expect(app).toEqual({ bundle: '/dev/ifc/node_modules/electron/dist/Electron.app', args: ['/dev/ifc'] });
    const open = await fakeOpen(root);
    const document = quickActionFiles(conversions, app).find((file) =>
      file.path.endsWith('to WEBP.workflow/Contents/document.wflow'),
    )!;
    runAction(plist.parse(document.content) as Dict, FILES.slice(0, 2), open.bin);
    const [call] = await open.calls();
    expect(call).toEqual([
      '-n',
      '-g',
      '-a',
      app.bundle,
      '--args',
      '/dev/ifc',
      '--convert-to=webp',
      ...FILES.slice(0, 2),
    ]);
    const argv = ['/x/Electron', ...call!.slice(call!.indexOf('--args') + 1)];
    expect(launchFromArgv(argv, { defaultApp: true, cwd: '/' })).toEqual({
      action: 'convert',
      to: 'webp',
      files: FILES.slice(0, 2),
    });
  });

  it('finds the packaged app bundle around its executable', () => {
    expect(
      macAppLaunch(
        '/Applications/iFileConverter Desktop.app/Contents/MacOS/iFileConverter Desktop',
        true,
        '/x',
      ),
    ).toEqual({ bundle: '/Applications/iFileConverter Desktop.app', args: [] });
  });
});

describe('the Settings switch on macOS', SPAWNS, () => {
  it('installs exactly one workflow bundle per menu item, and removing leaves the folder as it was', async () => {
    const { services, home, before, sync, refreshes } = await installed();
    const labels = quickActions(conversions).map((action) => action.label);
    const added = Object.keys(await tree(home))
      .filter((path) => !(path in before))
      .sort();
    const expected = labels
      .flatMap((label) => {
        const bundle = join(SERVICES_DIR, `${label}.workflow`);
        return [
          bundle,
          join(bundle, 'Contents'),
          join(bundle, 'Contents/Info.plist'),
          join(bundle, 'Contents/document.wflow'),
        ];
      })
      .sort();
    expect(added).toEqual(expected);
    expect(refreshes()).toBe(1); // macOS rereads the services: the menu shows without a logout

    // A changed formats list: a target no longer offered goes, a new one comes.
    await sync.update(true, { png: ['pdf'], md: ['html'] });
    expect((await readdir(services)).sort()).toEqual(
      [
        'Convert with iFileConverter to HTML.workflow',
        'Convert with iFileConverter to PDF.workflow',
        'Convert with iFileConverter to ZIP.workflow',
        'My Own.workflow',
        'Open in iFileConverter.workflow',
      ].sort(),
    );

    expect(await sync.update(false, conversions)).toEqual({ ok: true, value: undefined });
    expect(await tree(home)).toEqual(before);
    expect(refreshes()).toBe(3);
  });

  it('leaves nothing behind in a home folder that had no Services folder', async () => {
    const root = await temp();
    const home = join(root, 'home');
    await mkdir(home);
    const sync = createMenuSync({
      backend: finderMenu({ home, app: APP, refresh: async () => undefined }),
      userDataDir: join(root, 'userData'),
      identity: 'x',
    });
    await sync.update(true, conversions);
    expect(await readdir(join(home, SERVICES_DIR))).toHaveLength(quickActions(conversions).length);
    await sync.update(false, conversions);
    expect(await readdir(home)).toEqual([]);
  });
});
