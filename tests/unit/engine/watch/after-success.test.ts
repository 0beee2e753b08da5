// What happens to an original once its result is saved, on real files: kept; moved into the
// watched folder's Converted subfolder (its subfolder kept, never over a file already there,
// even with many originals of one name at once); sent to the trash; and left alone when it is
// gone or was re-saved since it was taken, or when the move or the trash fails (one plain
// error, the original still in place).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AfterSuccessInput,
  applyAfterSuccess,
  convertedFolderFor,
  moveWithoutOverwrite,
} from '../../../../electron/engine/watch/after-success.ts';
import { type FileFacts, readFacts } from '../../../../electron/engine/watch/stable-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-after-success-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function original(relative: string, text: string): Promise<{ path: string; facts: FileFacts }> {
  const path = join(dir, relative);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  const facts = await readFacts(path);
  if (typeof facts !== 'object') throw new Error(`${path}: ${facts}`);
  return { path, facts };
}

const trashed: string[] = [];
const input = (path: string, facts: FileFacts, after: AfterSuccessInput['after']): AfterSuccessInput => ({
  source: path,
  folder: dir,
  after,
  taken: facts,
  trash: async (target) => {
    trashed.push(target);
    await rm(target);
  },
});

describe('where a moved original goes', () => {
  it('is the Converted folder, at the same relative place for a file in a subfolder', () => {
    expect(convertedFolderFor('/in', '/in/a.pdf')).toBe('/in/Converted');
    expect(convertedFolderFor('/in', '/in/2026/03/a.pdf')).toBe('/in/Converted/2026/03');
    expect(convertedFolderFor('/in', '/in/..drafts/a.pdf')).toBe('/in/Converted/..drafts');
    // A source outside the folder (it never should be) lands in Converted itself, never above.
    expect(convertedFolderFor('/in', '/elsewhere/a.pdf')).toBe('/in/Converted');
  });
});

describe('applyAfterSuccess', () => {
  it('keeps the original when asked to, without looking at it', async () => {
    const result = await applyAfterSuccess(
      input(join(dir, 'not-even-there.pdf'), { bytes: 1, mtimeMs: 1, ino: 1 }, 'keep'),
    );
    expect(result).toEqual({ ok: true, value: { action: 'keep' } });
  });

  it('moves into Converted, keeping the subfolder and never overwriting', async () => {
    await mkdir(join(dir, 'Converted', 'sub'), { recursive: true });
    await writeFile(join(dir, 'Converted', 'sub', 'a.pdf'), 'older');
    const { path, facts } = await original('sub/a.pdf', 'new');
    const result = await applyAfterSuccess(input(path, facts, 'move'));
    expect(result).toEqual({
      ok: true,
      value: { action: 'move', movedTo: join(dir, 'Converted', 'sub', 'a (1).pdf') },
    });
    expect(await readFile(join(dir, 'Converted', 'sub', 'a.pdf'), 'utf8')).toBe('older');
    expect(await readFile(join(dir, 'Converted', 'sub', 'a (1).pdf'), 'utf8')).toBe('new');
    expect(await readdir(join(dir, 'sub'))).toEqual([]);
  });

  it('leaves an original alone when it was re-saved after being taken, or is gone', async () => {
    const { path, facts } = await original('a.pdf', 'first');
    await writeFile(path, 'second version');
    expect(await applyAfterSuccess(input(path, facts, 'move'))).toEqual({
      ok: true,
      value: { action: 'left', reason: 'changed' },
    });
    expect(await applyAfterSuccess(input(path, facts, 'trash'))).toEqual({
      ok: true,
      value: { action: 'left', reason: 'changed' },
    });
    expect(await readFile(path, 'utf8')).toBe('second version');
    await rm(path);
    expect(await applyAfterSuccess(input(path, facts, 'move'))).toEqual({
      ok: true,
      value: { action: 'left', reason: 'gone' },
    });
  });

  it('sends the original to the trash it is given', async () => {
    const { path, facts } = await original('請求書 🧾.pdf', 'x');
    trashed.length = 0;
    expect(await applyAfterSuccess(input(path, facts, 'trash'))).toEqual({
      ok: true,
      value: { action: 'trash' },
    });
    expect(trashed).toEqual([path]);
  });

  it('reports a trash that fails as trash_failed, the original still in place', async () => {
    const { path, facts } = await original('a.pdf', 'x');
    const result = await applyAfterSuccess({
      ...input(path, facts, 'trash'),
      trash: async () => {
        throw new Error('the trash is on another filesystem');
      },
    });
    expect(result.ok ? undefined : result.error.code).toBe('trash_failed');
    expect(await readFile(path, 'utf8')).toBe('x');
  });

  it('reports a move that cannot happen (Converted is a file) as move_failed, the original in place', async () => {
    await writeFile(join(dir, 'Converted'), 'a file where the folder would be');
    const { path, facts } = await original('a.pdf', 'x');
    const result = await applyAfterSuccess(input(path, facts, 'move'));
    expect(result.ok ? undefined : result.error.code).toBe('move_failed');
    expect(await readFile(path, 'utf8')).toBe('x');
  });
});

describe('moveWithoutOverwrite', () => {
  it('moves to the first free numbered name, never over an existing file', async () => {
    await writeFile(join(dir, 'x.pdf'), '1');
    await mkdir(join(dir, 'target'));
    await writeFile(join(dir, 'target', 'x.pdf'), '0');
    await writeFile(join(dir, 'target', 'x (1).pdf'), '0');
    expect(await moveWithoutOverwrite(join(dir, 'x.pdf'), join(dir, 'target'))).toBe(
      join(dir, 'target', 'x (2).pdf'),
    );
    expect(await readFile(join(dir, 'target', 'x (2).pdf'), 'utf8')).toBe('1');
  });

  it('gives each of 20 originals of one name moved at once a name of its own, none lost', async () => {
    const sources = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => (await original(`from-${n}/scan.pdf`, `scan ${n}`)).path),
    );
    const target = join(dir, 'Converted');
    const moved = await Promise.all(sources.map((source) => moveWithoutOverwrite(source, target)));
    expect(new Set(moved).size).toBe(20);
    expect((await readdir(target)).sort()).toEqual(
      ['scan.pdf', ...Array.from({ length: 19 }, (_, n) => `scan (${n + 1}).pdf`)].sort(),
    );
    const texts = await Promise.all(moved.map((path) => readFile(path, 'utf8')));
    expect(texts.sort()).toEqual(Array.from({ length: 20 }, (_, n) => `scan ${n}`).sort());
    for (const source of sources) await expect(readFile(source)).rejects.toThrow();
  });

  it('fails for an original that is gone, creating nothing', async () => {
    await expect(moveWithoutOverwrite(join(dir, 'gone.pdf'), join(dir, 'target'))).rejects.toThrow();
    expect(await readdir(join(dir, 'target'))).toEqual([]);
  });
});
