import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaging, foldersAmong } from '../../../electron/app-service/staging.ts';

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

const found = (path: string) => ({
  path,
  name: path.split('/').pop()!,
  bytes: 5,
  from: 'txt',
  targets: ['pdf'],
});

describe('a dropped folder names its files in the staged list', () => {
  it('marks each file found in a dropped folder with that folder, the innermost first', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ifc-stage-'));
    made.push(root);
    const office = join(root, 'Office');
    const inner = join(office, 'Inner');
    await mkdir(inner, { recursive: true });
    const loose = join(root, 'memo.txt');
    await writeFile(loose, 'hello');
    // A file whose name merely starts like the folder's is not inside it.
    const lookalike = join(root, 'Office notes.txt');
    await writeFile(lookalike, 'hello');

    const folders = await foldersAmong([office, inner, loose, join(root, 'missing')]);
    expect(folders.sort()).toEqual([inner, office].sort());

    const batch = createStaging().add(
      {
        files: [found(loose), found(join(office, 'a.txt')), found(join(inner, 'b.txt')), found(lookalike)],
        skipped: [],
      },
      folders,
    );
    expect(batch.files.map((file) => file.folder?.name)).toEqual([undefined, 'Office', 'Inner', undefined]);
    expect(batch.files[1]?.folder?.path).toBe(office);
  });
});
