// Makes renames into a folder durable (an fsync of the folder itself), shared between the
// downloads that finish together: a folder's fsync covers every rename done in it before the
// fsync started, so a caller waits for the next fsync that STARTS after its own rename, and all
// callers arriving while one runs share the one after it. Measured on 1,000 small files at
// concurrency 8: half as many folder fsyncs, each of which had held a thread-pool thread that
// the next upload's reads and the journal's writes were queued behind.
// While fsyncs of one folder follow each other (a batch of small files keeps one queued behind
// the running one), the folder stays open between them: an open and a close per fsync were two
// more trips to the thread pool. An fsync acts on the folder itself, not on what it held when
// it was opened, so a kept handle covers the renames made since. The last of a run closes it.
import { type FileHandle, open } from 'node:fs/promises';

interface FolderState {
  running: Promise<void>;
  /** The fsync to run once `running` is done, shared by everyone who asked meanwhile. */
  next?: Promise<void>;
}

/** Folders left open by an fsync that had another queued behind it (which takes the handle). */
const keptOpen = new Map<string, FileHandle>();

/** fsync of `dir`; `another()` says whether the next fsync of it is already queued. */
async function fsyncFolder(dir: string, another: () => boolean): Promise<void> {
  let handle = keptOpen.get(dir);
  keptOpen.delete(dir);
  try {
    handle ??= await open(dir, 'r');
    await handle.sync();
  } catch {
    // Folders cannot be opened or synced on some platforms (Windows) and file systems; the
    // file's own data was synced before the rename.
    await handle?.close().catch(() => undefined);
    return;
  }
  // The queued fsync runs as soon as this one is done (createFolderSync), so a kept handle is
  // always taken and closed by a later call.
  if (another()) keptOpen.set(dir, handle);
  else await handle.close().catch(() => undefined);
}

/** A `syncFolder` over `fsync` (which must not reject); one per process is enough. `fsync`
 *  is told, when it is done, whether another fsync of the same folder is queued behind it. */
export function createFolderSync(fsync: (dir: string, another: () => boolean) => Promise<void>) {
  const folders = new Map<string, FolderState>();

  /** The fsync `done` has finished: the queued one (if any) is now the running one. */
  const settle = (dir: string, done: Promise<void>): void => {
    const state = folders.get(dir);
    if (!state || state.running !== done) return;
    if (state.next) folders.set(dir, { running: state.next });
    else folders.delete(dir);
  };

  /** Resolves once an fsync of `dir` that started after this call has finished. */
  return (dir: string): Promise<void> => {
    const another = () => folders.get(dir)?.next !== undefined;
    const state = folders.get(dir);
    if (!state) {
      const running = fsync(dir, another).finally(() => settle(dir, running));
      folders.set(dir, { running });
      return running;
    }
    if (!state.next) {
      const next = state.running.then(() => fsync(dir, another));
      state.next = next;
      void next.finally(() => settle(dir, next));
    }
    return state.next;
  };
}

export const syncFolder = createFolderSync(fsyncFolder);
