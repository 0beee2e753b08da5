// Folder fsyncs shared between downloads: a caller is answered only by an fsync that started
// after it asked (one that was already running may have missed its rename), callers that ask
// while one runs share the next, and each folder is its own queue.
import { describe, expect, it } from 'vitest';
import { createFolderSync } from '../../../../electron/engine/results/folder-sync.ts';

/** A fake fsync whose calls are recorded and finished by hand. */
function manualFsync() {
  const calls: { dir: string; finish: () => void }[] = [];
  const fsync = (dir: string) =>
    new Promise<void>((resolve) => {
      calls.push({ dir, finish: resolve });
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
});
