// The one way this app replaces a file it owns (journal, settings, history, watch ledgers):
// write a temp file in the same folder, fsync, rename over the old one. A crash or a full disk
// leaves the old file or the new one, never half of each, and never a stray temp file.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** `mode` 0o600 (the default) for the app's own files; a person's document passes 0o666, the
 *  usual rights the umask allows. */
export async function writeAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  // Hidden and unique: two writers (or two processes) never share a temp name.
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
