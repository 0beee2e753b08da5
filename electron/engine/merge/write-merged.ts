// Writing the joined PDF: a hidden temp file in the target folder, renamed over the target at
// the end, so a failed or interrupted merge never leaves half a PDF under the chosen name.
// (storage/atomic-write.ts, with the usual rights the umask allows: this is the person's
// document, not one of the app's own files.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from '../storage/atomic-write.ts';

export async function writeMergedPdf(file: string, bytes: Uint8Array): Promise<void> {
  await writeAtomic(file, bytes, 0o666);
}

/** A private folder for the parts converted to PDF; `remove` deletes it and all it holds. */
export async function makePartsFolder(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-merge-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
