// Which right-click menu the running app writes on this platform, and the command in it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { fileManagerMenu } from '../../../electron/main/file-manager-menu.ts';

const temps: string[] = [];
const saved = {
  APPIMAGE: process.env.APPIMAGE,
  XDG_DATA_HOME: process.env.XDG_DATA_HOME,
  HOME: process.env.HOME,
};
const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
afterEach(async () => {
  Object.defineProperty(process, 'platform', platform);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('the Linux right-click menu of the running app', () => {
  it('is switchable from Settings and runs the AppImage itself, not its temporary mount', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-fmm-'));
    temps.push(dir);
    process.env.XDG_DATA_HOME = join(dir, 'share');
    process.env.APPIMAGE = '/home/ana/Apps/iFileConverter Desktop.AppImage';
    const app = {
      isPackaged: true,
      getAppPath: () => '/tmp/.mount_x/resources/app.asar',
      getPath: () => join(dir, 'ud'),
    };
    const menu = fileManagerMenu(app);
    expect(menu).toMatchObject({ kind: 'linux', switchable: true });
    expect(await menu!.update(true, { png: ['pdf'] })).toEqual({ ok: true, value: undefined });
    const script = await readFile(
      join(dir, 'share/nautilus/scripts/Convert with iFileConverter/PDF'),
      'utf8',
    );
    expect(script).toContain("exec '/home/ana/Apps/iFileConverter Desktop.AppImage' '--convert-to=pdf'");
    await menu!.update(false, {});
  });

  it('runs `electron <app folder>` when started from the source tree', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-fmm-'));
    temps.push(dir);
    process.env.XDG_DATA_HOME = join(dir, 'share');
    delete process.env.APPIMAGE;
    const app = { isPackaged: false, getAppPath: () => '/src/ifc', getPath: () => join(dir, 'ud') };
    const menu = fileManagerMenu(app);
    await menu!.update(true, { png: ['pdf'] });
    const script = await readFile(join(dir, 'share/nautilus/scripts/Open in iFileConverter'), 'utf8');
    expect(script).toContain(`exec '${process.execPath}' '/src/ifc' '--open'`);
    await menu!.update(false, {});
  });
});

describe("macOS's right-click menu of the running app", () => {
  it("is Finder's Quick Actions, switchable from Settings, in the person's ~/Library/Services", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-fmm-'));
    temps.push(dir);
    Object.defineProperty(process, 'platform', { ...platform, value: 'darwin' });
    process.env.HOME = join(dir, 'home');
    const app = { isPackaged: true, getAppPath: () => '/x/app.asar', getPath: () => join(dir, 'ud') };
    const menu = fileManagerMenu(app);
    expect(menu).toMatchObject({ kind: 'finder', switchable: true });
    expect(await menu!.update(true, { png: ['pdf'] })).toEqual({ ok: true, value: undefined });
    const services = join(dir, 'home/Library/Services');
    expect((await readdir(services)).sort()).toEqual([
      'Convert with iFileConverter to PDF.workflow',
      'Open in iFileConverter.workflow',
    ]);
    await menu!.update(false, {});
    expect(await readdir(join(dir, 'home')).catch(() => [])).toEqual([]);
  });
});
