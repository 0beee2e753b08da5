import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import {
  AUTOSTART_FILE,
  applyLaunchAtLogin,
  autostartEntry,
  MAC_LOGIN_AGENT,
} from '../../../electron/main/login-item.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('launch at login', () => {
  it('uses the OS login items on macOS and Windows, started hidden in the tray', async () => {
    const app = { setLoginItemSettings: vi.fn() };
    // macOS 13+: a launch agent the app ships, whose program arguments carry --hidden.
    await applyLaunchAtLogin(app, true, {}, 'darwin');
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({
      openAtLogin: true,
      type: 'agentService',
      serviceName: MAC_LOGIN_AGENT,
    });
    const agent = readFileSync(join(root, 'resources', 'mac', MAC_LOGIN_AGENT), 'utf8');
    expect(agent).toContain('<string>--hidden</string>');
    expect(agent).toContain('<key>BundleProgram</key>');
    const builder = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
      mac: { extraFiles: { from: string; to: string }[] };
    };
    expect(builder.mac.extraFiles).toContainEqual({
      from: `resources/mac/${MAC_LOGIN_AGENT}`,
      to: `Library/LaunchAgents/${MAC_LOGIN_AGENT}`,
    });
    await applyLaunchAtLogin(app, false, {}, 'win32');
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
  });

  it('writes and removes an XDG autostart entry on Linux, starting the AppImage itself', async () => {
    const config = await mkdtemp(join(tmpdir(), 'ifc-autostart-'));
    try {
      const app = { setLoginItemSettings: vi.fn() };
      const env = { XDG_CONFIG_HOME: config, APPIMAGE: '/home/ana/Apps/iFileConverter Desktop.AppImage' };
      await applyLaunchAtLogin(app, true, env, 'linux');
      const entry = await readFile(join(config, 'autostart', AUTOSTART_FILE), 'utf8');
      expect(entry).toContain('Exec="/home/ana/Apps/iFileConverter Desktop.AppImage" --hidden');
      expect(app.setLoginItemSettings).not.toHaveBeenCalled();
      await applyLaunchAtLogin(app, false, env, 'linux');
      await expect(stat(join(config, 'autostart', AUTOSTART_FILE))).rejects.toThrow();
    } finally {
      await rm(config, { recursive: true, force: true });
    }
  });

  it('quotes the command the way the Desktop Entry spec asks', () => {
    expect(autostartEntry('/opt/a "b"/$x')).toContain('Exec="/opt/a \\"b\\"/\\$x" --hidden');
  });
});
