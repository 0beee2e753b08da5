// Small JSON files: written whole (the folder made on the way), read back as missing, broken
// or a value, and a broken one moved aside for a bug report.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile, setAside, writeJsonAtomic } from '../../../../electron/engine/storage/atomic-json.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-atomic-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JSON files kept by the app', () => {
  it('writes a value (making the folder) and reads the same value back', async () => {
    const file = join(dir, 'a', 'b', 'settings.json');
    const value = { language: 'de', watch: [{ folder: '/in', to: 'pdf' }], ratio: 0.5 };
    await writeJsonAtomic(file, value);
    expect(await readJsonFile(file)).toEqual({ kind: 'ok', value });
    expect((await readFile(file, 'utf8')).endsWith('}\n')).toBe(true);
  });

  it('tells a missing file from a broken one, and a folder is broken too', async () => {
    expect(await readJsonFile(join(dir, 'none.json'))).toEqual({ kind: 'missing' });
    const torn = join(dir, 'torn.json');
    await writeFile(torn, '{"language": "d');
    expect(await readJsonFile(torn)).toMatchObject({ kind: 'broken' });
    expect(await readJsonFile(dir)).toMatchObject({ kind: 'broken' });
  });

  it('moves a broken file aside so the next write starts clean, keeping its bytes', async () => {
    const torn = join(dir, 'torn.json');
    await writeFile(torn, '{"half');
    const aside = await setAside(torn);
    expect(aside).toMatch(/torn\.json\.broken-\d+$/);
    expect(await readFile(aside!, 'utf8')).toBe('{"half');
    expect(await readJsonFile(torn)).toEqual({ kind: 'missing' });
    expect(await setAside(torn)).toBeUndefined(); // nothing left to move
    expect(await readdir(dir)).toHaveLength(1);
  });
});
