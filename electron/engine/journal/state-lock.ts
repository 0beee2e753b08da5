// One process per state dir: the desktop app and `ifc` share the journal format, and two
// writers would each resubmit the other's jobs. The lock is a file created exclusively
// (O_EXCL) holding the owner's pid and host; a lock whose process is gone (a crash, SIGKILL)
// is taken over, by renaming it aside first so that two newcomers cannot both win.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'lock';

export interface StateLock {
  path: string;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** True while a live process holds the state dir's lock (a run is using its journal). */
export async function journalInUse(stateDir: string): Promise<boolean> {
  const holder = await readOwner(join(stateDir, LOCK_FILE));
  if (!holder) return false;
  return holder.host !== hostname() || isAlive(holder.pid);
}

/** Takes the lock, or says who holds it. */
export async function acquireStateLock(
  stateDir: string,
): Promise<{ ok: true; lock: StateLock } | { ok: false; heldBy?: { pid: number; host: string } }> {
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(owner));
      await handle.sync();
      await handle.close();
      return { ok: true, lock: makeLock(path, owner) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(path);
    // A lock being written this instant reads as empty: treat it as held.
    if (!holder) return { ok: false };
    if (holder.host !== owner.host || isAlive(holder.pid))
      return { ok: false, heldBy: { pid: holder.pid, host: holder.host } };
    const aside = `${path}.stale-${owner.token}`;
    try {
      await rename(path, aside);
      const moved = await readOwner(aside);
      if (moved?.token !== holder.token) {
        // Another newcomer took the stale lock over between our read and our rename: that lock
        // is live, so put it back and refuse.
        await rename(aside, path).catch(() => undefined);
        return { ok: false };
      }
      await unlink(aside).catch(() => undefined);
    } catch {
      // Another newcomer moved it first; loop and race for the exclusive create.
    }
  }
  return { ok: false };
}

function makeLock(path: string, owner: LockOwner): StateLock {
  let released = false;
  // If the process exits without close(), still give the lock back.
  const onExit = (): void => {
    if (released) return;
    try {
      const text = readFileSync(path, 'utf8');
      if ((JSON.parse(text) as LockOwner).token === owner.token) unlinkSync(path);
    } catch {
      // Nothing to give back.
    }
  };
  process.once('exit', onExit);
  return {
    path,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      const current = await readOwner(path);
      if (current?.token === owner.token) await unlink(path).catch(() => undefined);
    },
  };
}
