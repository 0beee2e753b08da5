// Writes and removes Finder's Quick Actions (mac-quick-actions.ts) in the person's
// ~/Library/Services. Only bundles with our names whose script carries our mark are touched;
// folders left empty are removed. macOS then rereads the services (pbs -update), so the menu
// changes without logging out.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  GENERATED_MARK,
  hasOurName,
  type MacAppLaunch,
  quickActionFiles,
  SERVICES_DIR,
} from './mac-quick-actions.ts';
import type { MenuBackend } from './menu-sync.ts';

/** Asks macOS to read ~/Library/Services again; a failure only delays the menu to next login. */
export const refreshServices = (): Promise<void> =>
  new Promise((resolve) => {
    execFile('/System/Library/CoreServices/pbs', ['-update'], () => resolve());
  });

async function isOurs(bundle: string): Promise<boolean> {
  const document = await readFile(join(bundle, 'Contents', 'document.wflow'), 'utf8').catch(() => '');
  return document.includes(GENERATED_MARK);
}

async function removeOurs(home: string): Promise<void> {
  const dir = join(home, SERVICES_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter(hasOurName)) {
    const bundle = join(dir, name);
    if (await isOurs(bundle)) await rm(bundle, { recursive: true, force: true });
  }
  // ~/Library/Services (and ~/Library) go too when we leave them empty; rmdir refuses otherwise.
  for (let at = dir; at !== home && (await removeIfEmpty(at)); at = dirname(at));
}

async function removeIfEmpty(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch {
    return false;
  }
}

export function finderMenu(options: {
  home: string;
  app: MacAppLaunch;
  refresh?: () => Promise<void>;
}): MenuBackend {
  const { home, app } = options;
  const refresh = options.refresh ?? refreshServices;
  return {
    kind: 'finder',
    managedByInstaller: false,
    async write(conversions) {
      await removeOurs(home);
      for (const file of quickActionFiles(conversions, app)) {
        const path = join(home, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
      }
      await refresh();
    },
    async erase() {
      await removeOurs(home);
      await refresh();
    },
  };
}
