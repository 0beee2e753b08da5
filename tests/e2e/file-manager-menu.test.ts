// Settings -> "Show in the file manager's right-click menu" in the real page: ticking it writes
// the Nautilus, Dolphin and Nemo menus into the person's XDG data folder (a temp one here), or
// on macOS Finder's Quick Actions into ~/Library/Services (a temp home), and unticking removes
// them; where main has no menu to write, the switch is not shown.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finderMenu } from '../../electron/app-service/shell-menus/finder-menu.ts';
import { linuxMenu } from '../../electron/app-service/shell-menus/linux-menu.ts';
import { createMenuSync } from '../../electron/app-service/shell-menus/menu-sync.ts';
import { setUpE2eWorld, startApp, useOffline } from './support/app-harness.ts';

const world = setUpE2eWorld();
const SWITCH = "Show in the file manager's right-click menu (Files, Dolphin, Nemo)";

describe('the right-click menu switch', () => {
  it("writes the file managers' menus when ticked and removes them when unticked", async () => {
    const dataHome = join(world.home.path, 'share');
    const userDataDir = join(world.home.path, 'userData-menu');
    const fileManagerMenu = createMenuSync({
      backend: linuxMenu({ dataHome, command: ['/opt/iFileConverter Desktop/ifileconverter-desktop'] }),
      userDataDir,
      identity: 'e2e',
    });
    const app = await startApp(world.browser, world.site.url, {
      userDataDir,
      prepare: useOffline,
      fileManagerMenu,
    });
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await settings.waitFor();
      const box = settings.getByLabel(SWITCH);
      expect(await box.isChecked()).toBe(false);
      await box.check();
      const listed = () => readdir(dataHome, { recursive: true }).catch(() => [] as string[]);
      await expect
        .poll(listed, { timeout: 15_000 })
        .toContain(join('nemo', 'actions', 'ifileconverter-to-pdf.nemo_action'));
      expect(await listed()).toContain(join('nautilus', 'scripts', 'Convert with iFileConverter', 'PDF'));
      expect(await listed()).toContain(join('kio', 'servicemenus', 'ifileconverter-convert-png.desktop'));
      await box.uncheck();
      await expect.poll(listed, { timeout: 15_000 }).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it("installs Finder's Quick Actions when ticked on macOS and removes them when unticked", async () => {
    const home = join(world.home.path, 'mac-home');
    const userDataDir = join(world.home.path, 'userData-finder');
    const fileManagerMenu = createMenuSync({
      backend: finderMenu({
        home,
        app: { bundle: '/Applications/iFileConverter Desktop.app', args: [] },
        refresh: async () => undefined,
      }),
      userDataDir,
      identity: 'e2e-finder',
    });
    const app = await startApp(world.browser, world.site.url, {
      userDataDir,
      prepare: useOffline,
      fileManagerMenu,
    });
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await settings.waitFor();
      const box = settings.getByLabel("Show in Finder's right-click menu (Quick Actions)");
      expect(await box.isChecked()).toBe(false);
      await box.check();
      const services = () => readdir(join(home, 'Library', 'Services')).catch(() => [] as string[]);
      // The Quick Actions are written one after another: wait until both are there.
      await expect
        .poll(services, { timeout: 15_000 })
        .toEqual(
          expect.arrayContaining([
            'Convert with iFileConverter to PDF.workflow',
            'Open in iFileConverter.workflow',
          ]),
        );
      await box.uncheck();
      await expect.poll(() => readdir(home).catch(() => [] as string[]), { timeout: 15_000 }).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('is not shown where there is no menu to write (a Windows install)', async () => {
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'userData-none'),
      prepare: useOffline,
    });
    try {
      await app.page.getByRole('button', { name: 'Settings' }).click();
      const settings = app.page.getByRole('dialog', { name: 'Settings' });
      await settings.getByLabel('Start iFileConverter when I log in').waitFor();
      expect(await settings.getByText('right-click menu').count()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
