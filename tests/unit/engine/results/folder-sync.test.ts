// Folder fsyncs shared between downloads: a caller is answered only by an fsync that started
// after it asked (one that was already running may have missed its rename), callers that ask
// while one runs share the next, and each folder is its own queue. A folder stays open only
// from one fsync to the next queued behind it.
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createFolderSync,
  syncFolder as realSyncFolder,
} from '../../../../electron/engine/results/folder-sync.ts';

/** A fake fsync whose calls are recorded and finished by hand. */
function manualFsync() {
  const calls: { dir: string; finish: () => void; another: () => boolean }[] = [];
  const fsync = (dir: string, another: () => boolean) =>
    new Promise<void>((resolve) => {
      calls.push({ dir, finish: resolve, another });
    });
  return { fsync, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('syncFolder', () => {
  it('starts an fsync at once when none runs, and answers when it ends', async () => {
    const { fsync, calls } = manualFsync();
    const syncFolder = createFolderSync(fsync);
    let done = false;
    void syncFolder('/out').then(() => {
      done = true;
    });
    expect(calls).toHaveLength(1);
    await tick();
    expect(done).toBe(false);
    calls[0]!.finish();
    await tick();
    expect(done).toBe(true);
  });

  it('answers a caller who came during a running fsync only after the NEXT one, shared by all', async () => {
    const { fsync, calls } = manualFsync();
    const syncFolder = createFolderSync(fsync);
    const settled: string[] = [];
    void syncFolder('/out').then(() => settled.push('first'));
    void syncFolder('/out').then(() => settled.push('second'));
    void syncFolder('/out').then(() => settled.push('third'));
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await tick();
    // The running one could have missed the later renames: they wait for a new fsync.
    expect(settled).toEqual(['first']);
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await tick();
    expect(settled).toEqual(['first', 'second', 'third']);
    // Two fsyncs for three callers, and nothing left running.
    expect(calls).toHaveLength(2);
    void syncFolder('/out');
    expect(calls).toHaveLength(3);
  });

  it('keeps folders apart', async () => {
    const { fsync, calls } = manualFsync();
    const syncFolder = createFolderSync(fsync);
    void syncFolder('/a');
    void syncFolder('/b');
    expect(calls.map((call) => call.dir)).toEqual(['/a', '/b']);
  });

  it('tells each fsync whether another of its folder is queued behind it (it keeps the folder open for it)', async () => {
    const { fsync, calls } = manualFsync();
    const syncFolder = createFolderSync(fsync);
    void syncFolder('/out');
    expect(calls[0]!.another()).toBe(false);
    void syncFolder('/out');
    void syncFolder('/other');
    expect(calls[0]!.another()).toBe(true);
    calls[0]!.finish();
    await tick();
    // The queued one runs now, with nothing behind it: it is the last and closes the folder.
    expect(calls.map((call) => call.dir)).toEqual(['/out', '/other', '/out']);
    expect(calls[2]!.another()).toBe(false);
    expect(calls[1]!.another()).toBe(false);
  });

  it('leaves no folder open once a run of fsyncs is over (Linux: counted in /proc/self/fd)', async (context) => {
    if (process.platform !== 'linux') context.skip('/proc/self/fd is Linux only');
    const dir = await mkdtemp(join(tmpdir(), 'ifc-folder-sync-'));
    try {
      const openFolders = async () => {
        let count = 0;
        for (const fd of await readdir('/proc/self/fd')) {
          try {
            if ((await readlink(`/proc/self/fd/${fd}`)) === dir) count += 1;
          } catch {
            // An fd closed while the list was read.
          }
        }
        return count;
      };
      // Three at once: the first runs, the other two share the next (which took its handle).
      await Promise.all([realSyncFolder(dir), realSyncFolder(dir), realSyncFolder(dir)]);
      await realSyncFolder(dir);
      expect(await openFolders()).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
