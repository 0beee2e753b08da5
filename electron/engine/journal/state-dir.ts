// Where the job journal lives when nobody says: the platform's per-user state folder. The
// desktop app and `ifc` use this same folder (and the same journal format).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
    return join(base, 'iFileConverter Desktop', 'State');
  }
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'iFileConverter Desktop', 'State');
  const base = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'ifileconverter');
}
