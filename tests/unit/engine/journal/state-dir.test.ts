// Where the per-user state folder is on each system, and that the app and `ifc` each get a
// journal folder of their own inside it (so both can run at once).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalDirOf, userStateFolder } from '../../../../electron/engine/journal/state-dir.ts';

describe('the state folder', () => {
  it('follows XDG_STATE_HOME on Linux when it is absolute, else ~/.local/state', () => {
    expect(userStateFolder({ XDG_STATE_HOME: '/var/xdg' }, 'linux')).toBe('/var/xdg/ifileconverter');
    expect(userStateFolder({ XDG_STATE_HOME: 'relative/state' }, 'linux')).toBe(
      join(homedir(), '.local', 'state', 'ifileconverter'),
    );
    expect(userStateFolder({}, 'linux')).toBe(join(homedir(), '.local', 'state', 'ifileconverter'));
  });

  it('lives under LOCALAPPDATA on Windows and Application Support on macOS', () => {
    expect(userStateFolder({ LOCALAPPDATA: '/c/Users/ana/AppData/Local' }, 'win32')).toBe(
      join('/c/Users/ana/AppData/Local', 'iFileConverter Desktop', 'State'),
    );
    expect(userStateFolder({}, 'win32')).toBe(
      join(homedir(), 'AppData', 'Local', 'iFileConverter Desktop', 'State'),
    );
    expect(userStateFolder({ XDG_STATE_HOME: '/var/xdg' }, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'iFileConverter Desktop', 'State'),
    );
  });

  it('gives the app and ifc each a journal folder of their own in the same state folder', () => {
    const env = { XDG_STATE_HOME: '/var/xdg' };
    expect(journalDirOf('app', env, 'linux')).toBe('/var/xdg/ifileconverter/app');
    expect(journalDirOf('ifc', env, 'linux')).toBe('/var/xdg/ifileconverter/ifc');
  });
});
