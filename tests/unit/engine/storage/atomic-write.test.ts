// Replacing a file the app owns: the new bytes or the old ones, never half, never a stray temp
// file, with the rights asked for. Real files in a temp folder.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomic } from '../../../../electron/engine/storage/atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-atomic-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeAtomic', () => {
  it('replaces a file whole, leaving no temp file, with owner-only rights by default', async () => {
    const file = join(dir, 'settings.json');
    await writeFile(file, 'old contents that are longer than the new ones');
    await writeAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await writeAtomic(join(dir, 'doc.txt'), new Uint8Array([104, 105]), 0o644);
    expect(await readFile(join(dir, 'doc.txt'), 'utf8')).toBe('hi');
    expect((await stat(join(dir, 'doc.txt'))).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('fails without touching the old file or leaving a temp when the rename cannot happen', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'kept');
    await expect(writeAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('kept');

    await expect(writeAtomic(join(dir, 'missing', 'file'), 'data')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
