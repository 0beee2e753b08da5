// The state folder's lock: one holder at a time, who holds it said; a lock left by a process
// that is gone is taken over; another computer's lock is never taken; release gives back only
// our own lock. Real files in a temp folder; a dead process id from a child that has exited.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireStateLock, journalInUse, LOCK_FILE } from '../../../../electron/engine/journal/state-lock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-state-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has already ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.status).toBe(0);
  return child.pid!;
}

describe('the state lock', () => {
  it('lets one holder in, says who holds it, and lets the next in after release', async () => {
    const stateDir = join(dir, 'state', 'ifc'); // made on the way
    const first = await acquireStateLock(stateDir);
    expect(first.ok).toBe(true);
    expect(await journalInUse(stateDir)).toBe(true);
    const owner = JSON.parse(await readFile(join(stateDir, LOCK_FILE), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });

    const second = await acquireStateLock(stateDir);
    expect(second).toEqual({ ok: false, heldBy: { pid: process.pid, host: hostname() } });

    if (!first.ok) return;
    await first.lock.release();
    await first.lock.release(); // twice is harmless
    expect(await journalInUse(stateDir)).toBe(false);
    const third = await acquireStateLock(stateDir);
    expect(third.ok).toBe(true);
    if (third.ok) await third.lock.release();
  });

  it('takes over a lock whose process is gone, leaving nothing aside', async () => {
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), token: 'old' }));
    expect(await journalInUse(dir)).toBe(false);
    const taken = await acquireStateLock(dir);
    expect(taken.ok).toBe(true);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
    if (taken.ok) await taken.lock.release();
  });

  it("never takes another computer's lock, whatever its pid", async () => {
    const foreign = { pid: deadPid(), host: `${hostname()}-elsewhere`, token: 'far' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(foreign));
    expect(await journalInUse(dir)).toBe(true);
    expect(await acquireStateLock(dir)).toEqual({
      ok: false,
      heldBy: { pid: foreign.pid, host: foreign.host },
    });
  });

  it('treats a lock being written (empty) as held, and releases only its own lock', async () => {
    await writeFile(join(dir, LOCK_FILE), '');
    expect(await acquireStateLock(dir)).toEqual({ ok: false });
    await rm(join(dir, LOCK_FILE));

    const mine = await acquireStateLock(dir);
    expect(mine.ok).toBe(true);
    if (!mine.ok) return;
    // Someone else's lock now sits there (ours was taken over): release must leave it alone.
    const theirs = JSON.stringify({ pid: process.pid, host: hostname(), token: 'theirs' });
    await writeFile(join(dir, LOCK_FILE), theirs);
    await mine.lock.release();
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(theirs);
  });
});
