// "Launch at login", always started hidden in the tray. Windows: the Run key, with --hidden.
// macOS 13+: the main app as a login item cannot be given arguments (and openAsHidden /
// wasOpenedAtLogin are unsupported there), so the app registers a launch agent it ships in
// Contents/Library/LaunchAgents (SMAppService.agent, Apple's supported way) whose program
// arguments include --hidden. Linux desktops read ~/.config/autostart/*.desktop (XDG
// autostart), which Electron does not manage.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

export const AUTOSTART_FILE = 'ifileconverter-desktop.desktop';
/** The launch agent electron-builder.yml copies into Contents/Library/LaunchAgents. */
export const MAC_LOGIN_AGENT = 'uk.co.ifileconverter.desktop.login.plist';
export const HIDDEN_ARG = '--hidden';

export function loginItemSettings(enabled: boolean, platform: NodeJS.Platform): Electron.Settings {
  if (platform === 'darwin')
    return { openAtLogin: enabled, type: 'agentService', serviceName: MAC_LOGIN_AGENT };
  return { openAtLogin: enabled, args: [HIDDEN_ARG] };
}

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
    app.setLoginItemSettings(loginItemSettings(enabled, platform));
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
