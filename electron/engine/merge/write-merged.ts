// Writing the joined PDF: a hidden temp file in the target folder, renamed over the target at
// the end, so a failed or interrupted merge never leaves half a PDF under the chosen name.
// (storage/atomic-write.ts does the same for the app's own files, but with owner-only rights:
// this is the person's document, so it gets the usual rights the umask allows.)
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rename, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export async function writeMergedPdf(file: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w', 0o666);
    try {
      await handle.writeFile(bytes);
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

/** A private folder for the parts converted to PDF; `remove` deletes it and all it holds. */
export async function makePartsFolder(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-merge-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
