// Writes and removes the Linux file managers' menu files (linux-file-managers.ts) in the
// person's XDG data folder. Only our own names are touched; a folder we leave empty is removed.
import { chmod, mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DOLPHIN_DIR, fileManagerMenuFiles, isOurs, NAUTILUS_DIR, NEMO_DIR } from './linux-file-managers.ts';
import type { MenuBackend } from './menu-sync.ts';

/** $XDG_DATA_HOME, else ~/.local/share (the XDG Base Directory spec's default). */
export function xdgDataHome(env: NodeJS.ProcessEnv = process.env): string {
  const set = env.XDG_DATA_HOME;
  return set?.startsWith('/') ? set : join(env.HOME || homedir(), '.local', 'share');
}

async function removeOurs(dataHome: string): Promise<void> {
  for (const folder of [NAUTILUS_DIR, DOLPHIN_DIR, NEMO_DIR]) {
    const dir = join(dataHome, folder);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((entry) => isOurs(folder, entry))) {
      await rm(join(dir, name), { recursive: true, force: true });
    }
    // Folders left empty go too (nautilus/scripts, then nautilus); rmdir refuses non-empty ones.
    for (let at = dir; at !== dataHome && (await removeIfEmpty(at)); at = dirname(at));
  }
}

async function removeIfEmpty(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch {
    return false;
  }
}

export function linuxMenu(options: { dataHome: string; command: readonly string[] }): MenuBackend {
  const { dataHome, command } = options;
  return {
    kind: 'linux',
    managedByInstaller: false,
    async write(conversions) {
      await removeOurs(dataHome);
      for (const file of fileManagerMenuFiles(conversions, command)) {
        const path = join(dataHome, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content, { mode: file.mode });
        await chmod(path, file.mode); // the umask may have taken the execute bit away
      }
    },
    erase: () => removeOurs(dataHome),
  };
}
