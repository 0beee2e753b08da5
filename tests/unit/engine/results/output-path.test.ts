// Where a result goes and under which name, on real files in a temp folder: numbered names
// around what is already there, overwrite only when asked, skip, a name that would leave the
// folder, many results racing for one name, and a folder that went away meanwhile.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isStrictlyInside,
  numberedName,
  outputDirFor,
  outputExists,
  placeResult,
} from '../../../../electron/engine/results/output-path.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-place-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

let temps = 0;
/** A finished download waiting under its temp name, as the engine leaves it. */
async function temp(text: string, where = dir): Promise<string> {
  temps += 1;
  const path = join(where, `.ifc-${temps}.part`);
  await writeFile(path, text);
  return path;
}

const listing = async () => (await readdir(dir)).sort();

describe('names and folders', () => {
  it('numbers names as name (n).ext, before the last extension only', () => {
    expect(numberedName('invoice.xlsx', 1)).toBe('invoice (1).xlsx');
    expect(numberedName('README', 2)).toBe('README (2)');
    expect(numberedName('archive.tar.gz', 3)).toBe('archive.tar (3).gz');
    expect(numberedName('請求書 🧾.pdf', 12)).toBe('請求書 🧾 (12).pdf');
  });

  it('knows what is strictly inside a folder (the folder itself is not)', () => {
    expect(isStrictlyInside('/a/b', '/a/b/c.txt')).toBe(true);
    expect(isStrictlyInside('/a/b', '/a/b/sub/c.txt')).toBe(true);
    expect(isStrictlyInside('/a/b', '/a/b/../c.txt')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/b')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/b/')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/bc/d.txt')).toBe(false); // a sibling sharing a prefix
    expect(isStrictlyInside('/a/b', '/a/b/..foo')).toBe(true); // a name starting with dots is inside
  });

  it('puts a result next to its source unless a folder is chosen', () => {
    expect(outputDirFor('/in/scans/a.pdf')).toBe('/in/scans');
    expect(outputDirFor('/in/scans/a.pdf', '/out')).toBe('/out');
    expect(outputDirFor('/in/a.pdf', 'relative/out')).toBe(resolve('relative/out'));
  });

  it('says whether a name is taken', async () => {
    await writeFile(join(dir, 'r.txt'), 'x');
    expect(await outputExists(dir, 'r.txt')).toBe(true);
    expect(await outputExists(dir, 'r (1).txt')).toBe(false);
    expect(await outputExists(join(dir, 'gone'), 'r.txt')).toBe(false);
  });
});

describe('placing a result', () => {
  it('renames around existing files, overwrites only when asked, and skips on skip', async () => {
    await writeFile(join(dir, 'r.txt'), 'existing');
    expect(await placeResult(await temp('one'), dir, 'r.txt', 'rename')).toEqual({
      ok: true,
      path: join(dir, 'r (1).txt'),
    });
    const skipped = await temp('two');
    expect(await placeResult(skipped, dir, 'r.txt', 'skip')).toEqual({ ok: false, reason: 'exists' });
    expect(await readFile(skipped, 'utf8')).toBe('two'); // left for the caller to clean up
    await rm(skipped);
    expect(await placeResult(await temp('three'), dir, 'r.txt', 'overwrite')).toEqual({
      ok: true,
      path: join(dir, 'r.txt'),
    });
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).toBe('three');
    expect(await readFile(join(dir, 'r (1).txt'), 'utf8')).toBe('one');
    // No temp file is left behind by a placed result.
    expect(await listing()).toEqual(['r (1).txt', 'r.txt']);
  });

  it('takes the first free number, skipping every one taken', async () => {
    for (const name of ['請求書 🧾.pdf', '請求書 🧾 (1).pdf', '請求書 🧾 (2).pdf', '請求書 🧾 (4).pdf']) {
      await writeFile(join(dir, name), name);
    }
    const placed = await placeResult(await temp('new'), dir, '請求書 🧾.pdf', 'rename');
    expect(placed).toEqual({ ok: true, path: join(dir, '請求書 🧾 (3).pdf') });
    expect(await readFile(join(dir, '請求書 🧾 (3).pdf'), 'utf8')).toBe('new');
    expect(await readFile(join(dir, '請求書 🧾.pdf'), 'utf8')).toBe('請求書 🧾.pdf');
  });

  it('gives each of 25 results racing for one name its own file, none lost', async () => {
    const sources = await Promise.all(Array.from({ length: 25 }, (_, n) => temp(`result ${n}`)));
    const placed = await Promise.all(
      sources.map((source) => placeResult(source, dir, 'report.pdf', 'rename')),
    );
    const paths = placed.map((result) => (result.ok ? result.path : `failed: ${JSON.stringify(result)}`));
    expect(new Set(paths).size).toBe(25);
    expect(await listing()).toEqual(
      ['report.pdf', ...Array.from({ length: 24 }, (_, n) => `report (${n + 1}).pdf`)].sort(),
    );
    const contents = await Promise.all(paths.map((path) => readFile(path, 'utf8')));
    expect(contents.sort()).toEqual(Array.from({ length: 25 }, (_, n) => `result ${n}`).sort());
  });

  it('refuses a name that would leave the folder or choose a subfolder, and writes nothing', async () => {
    await mkdir(join(dir, 'out'));
    for (const name of ['../escape.txt', 'sub/inner.txt', '..', '', '.']) {
      const source = await temp('x');
      const refused = await placeResult(source, join(dir, 'out'), name, 'overwrite');
      expect(refused.ok, name).toBe(false);
      expect(!refused.ok && refused.reason === 'error' && refused.error.code, name).toBe('EINVAL');
      await rm(source);
    }
    expect(await listing()).toEqual(['out']);
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });

  it('reports a folder that was removed between download and placing, keeping the download', async () => {
    const gone = join(dir, 'gone');
    await mkdir(gone);
    const source = await temp('kept');
    await rm(gone, { recursive: true });
    for (const policy of ['rename', 'overwrite', 'skip'] as const) {
      const placed = await placeResult(source, gone, 'r.txt', policy);
      expect(placed.ok, policy).toBe(false);
      expect(!placed.ok && placed.reason === 'error' && placed.error.code, policy).toBe('ENOENT');
    }
    expect(await readFile(source, 'utf8')).toBe('kept');
  });

  it('reports a download that vanished before it was placed', async () => {
    const source = await temp('x');
    await rm(source);
    const placed = await placeResult(source, dir, 'r.txt', 'rename');
    expect(!placed.ok && placed.reason === 'error' && placed.error.code).toBe('ENOENT');
    expect(await listing()).toEqual([]);
  });
});
