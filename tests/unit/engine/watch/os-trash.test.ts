// Moving an original to the trash on real files, in a temp home: the freedesktop.org trash
// (files/ + a .trashinfo naming the original place, percent-encoded, so a file manager can put
// it back), names already in the trash kept apart, the macOS ~/.Trash, and a file that is not
// there: an error, with nothing left behind in the trash.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deletionDate,
  moveToTrash,
  type TrashContext,
  trashInfoPath,
} from '../../../../electron/engine/watch/os-trash.ts';

let dir: string;
let home: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-os-trash-'));
  home = join(dir, 'home');
  await mkdir(home);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const linux = (): TrashContext => ({
  platform: 'linux',
  env: { XDG_DATA_HOME: join(home, 'data') },
  home,
  uid: process.getuid?.() ?? 1000,
});

describe('the freedesktop.org trash', () => {
  it('moves the file into files/ with a .trashinfo that names the original place', async () => {
    const path = join(dir, 'Überweisung März.pdf');
    await writeFile(path, 'bytes');
    await moveToTrash(path, linux());
    await writeFile(path, 'same name again');
    await moveToTrash(path, linux());
    const trash = join(home, 'data', 'Trash');
    expect((await readdir(join(trash, 'files'))).sort()).toEqual([
      'Überweisung März.2.pdf',
      'Überweisung März.pdf',
    ]);
    const info = await readFile(join(trash, 'info', 'Überweisung März.pdf.trashinfo'), 'utf8');
    expect(info).toMatch(/^\[Trash Info\]\nPath=.+\nDeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\n$/);
    expect(info).toContain(`Path=${trashInfoPath(path)}\n`);
    expect(await readFile(join(trash, 'files', 'Überweisung März.2.pdf'), 'utf8')).toBe('same name again');
    await expect(readFile(path)).rejects.toThrow(); // gone from where it was
  });

  it('uses ~/.local/share/Trash when XDG_DATA_HOME is not set', async () => {
    const path = join(dir, 'a.pdf');
    await writeFile(path, 'x');
    await moveToTrash(path, { ...linux(), env: {} });
    expect(await readdir(join(home, '.local', 'share', 'Trash', 'files'))).toEqual(['a.pdf']);
  });

  it('keeps a name that is reserved by a .trashinfo alone, even without its file', async () => {
    const trash = join(home, 'data', 'Trash');
    await mkdir(join(trash, 'info'), { recursive: true });
    await writeFile(join(trash, 'info', 'r.pdf.trashinfo'), '[Trash Info]\n');
    const path = join(dir, 'r.pdf');
    await writeFile(path, 'x');
    await moveToTrash(path, linux());
    expect(await readdir(join(trash, 'files'))).toEqual(['r.2.pdf']);
  });

  it('fails for a file that is not there, leaving no .trashinfo behind', async () => {
    await expect(moveToTrash(join(dir, 'gone.pdf'), linux())).rejects.toThrow();
    const trash = join(home, 'data', 'Trash');
    expect(await readdir(join(trash, 'info'))).toEqual([]);
    expect(await readdir(join(trash, 'files'))).toEqual([]);
  });

  it('writes a Path a file manager can read back for any name, a newline or a percent sign included', () => {
    expect(trashInfoPath('/a b/ü.pdf')).toBe('/a%20b/%C3%BC.pdf');
    expect(trashInfoPath('/in/100% #1?.pdf')).toBe('/in/100%25%20%231%3F.pdf');
    expect(trashInfoPath('/in/two\nlines.pdf')).toBe('/in/two%0Alines.pdf');
    expect(trashInfoPath('/in/請求書 🧾.pdf')).not.toMatch(/[\s\n]/);
    expect(decodeURIComponent(trashInfoPath('/in/請求書 🧾.pdf'))).toBe('/in/請求書 🧾.pdf');
  });

  it('dates a deletion in local time, as the specification asks', () => {
    const date = new Date(2026, 0, 5, 9, 3, 7);
    expect(deletionDate(date)).toBe('2026-01-05T09:03:07');
  });
});

describe('the macOS trash', () => {
  it('moves the file into ~/.Trash, numbering a name already there as Finder does', async () => {
    await mkdir(join(home, '.Trash'));
    const context: TrashContext = { platform: 'darwin', env: {}, home, uid: 501 };
    for (const text of ['one', 'two', 'three']) {
      const path = join(dir, 'scan.pdf');
      await writeFile(path, text);
      await moveToTrash(path, context);
    }
    expect((await readdir(join(home, '.Trash'))).sort()).toEqual(['scan 2.pdf', 'scan 3.pdf', 'scan.pdf']);
    expect(await readFile(join(home, '.Trash', 'scan 3.pdf'), 'utf8')).toBe('three');
  });
});
