// "Launch at login". macOS and Windows have an OS setting Electron writes; Linux desktops
// read ~/.config/autostart/*.desktop (XDG autostart), which Electron does not manage.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

export const AUTOSTART_FILE = 'ifileconverter-desktop.desktop';

export function autostartEntry(command: string): string {
  // The command is quoted per the Desktop Entry spec (backslash, quote, backtick, dollar).
  const quoted = `"${command.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=iFileConverter Desktop',
    `Exec=${quoted} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function applyLaunchAtLogin(
  app: Pick<App, 'setLoginItemSettings'>,
  enabled: boolean,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    return;
  }
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  const file = join(base, 'autostart', AUTOSTART_FILE);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(join(base, 'autostart'), { recursive: true });
  // An AppImage runs from a temporary mount: start the AppImage file itself.
  await writeFile(file, autostartEntry(env.APPIMAGE ?? process.execPath));
}
