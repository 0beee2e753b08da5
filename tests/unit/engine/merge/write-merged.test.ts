// Writing a joined PDF: the whole file under the chosen name with a document's usual rights
// (not the app's owner-only ones), no temp file left beside it; the parts folder is private
// to this merge and goes with everything in it.
import { access, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePartsFolder, writeMergedPdf } from '../../../../electron/engine/merge/write-merged.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('writing a merged PDF', () => {
  it('replaces the target whole with a document’s usual rights and leaves nothing else', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ifc-write-merged-'));
    const target = join(dir, 'All parts.pdf');
    await writeFile(target, 'an older, longer file under the same name');
    await writeMergedPdf(target, new TextEncoder().encode('%PDF-1.7 joined'));
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 joined');
    expect(await readdir(dir)).toEqual(['All parts.pdf']);
    expect((await stat(target)).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('makes a private parts folder that remove() deletes with its contents', async () => {
    const parts = await makePartsFolder();
    await writeFile(join(parts.dir, 'part-1.pdf'), 'x');
    const other = await makePartsFolder();
    expect(other.dir).not.toBe(parts.dir);
    await parts.remove();
    await expect(access(parts.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await access(other.dir);
    await other.remove();
  });
});
