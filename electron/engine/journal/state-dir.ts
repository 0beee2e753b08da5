// The per-user state folder: where the job journals live when nobody says otherwise. The
// desktop app and `ifc` share it, each with its own journal and lock in a subfolder of its
// own ("app", "ifc"), so both can run at once without resubmitting each other's jobs, and
// `ifc jobs` can also show the app's jobs (read-only).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Whose journal: the desktop app's or the `ifc` command's. */
export type JournalOwner = 'app' | 'ifc';

export function userStateFolder(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
    return join(base, 'iFileConverter Desktop', 'State');
  }
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'iFileConverter Desktop', 'State');
  const base = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'ifileconverter');
}

/** One program's journal folder inside the shared state folder. */
export function journalDirOf(
  owner: JournalOwner,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  return join(userStateFolder(env, platform), owner);
}
