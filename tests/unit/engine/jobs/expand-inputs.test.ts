// What a person dropped or named, turned into the files that can be converted, on real files
// in a temp folder and the local server's own format table: folders recurse in name order,
// hidden/temporary/lock files are not inputs, what cannot be converted is set aside with its
// reason (and, for a file named on its own, marked as bad input), symlinked folders are not
// followed, nothing is listed twice, and a folder of 10,000 files is taken whole.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classify, expandInputs } from '../../../../electron/engine/jobs/expand-inputs.ts';
import { localFormats } from '../../../../electron/localserver/index.ts';
import { messageFor } from '../../../../shared/messages.ts';

const info = localFormats({ maxFileBytes: 1000 });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-expand-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(entries)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

describe('classify', () => {
  it('takes a file whose format has targets, with all of them', () => {
    expect(classify('/in/Scan 01.JPEG', 10, info)).toEqual({
      path: '/in/Scan 01.JPEG',
      name: 'Scan 01.JPEG',
      bytes: 10,
      from: 'jpg',
      targets: ['png', 'webp', 'pdf'],
    });
  });

  it('sets a file aside with the reason that applies first', () => {
    const code = (path: string, bytes: number, to?: string) => {
      const result = classify(path, bytes, info, to);
      return 'code' in result ? result.code : 'taken';
    };
    expect(code('/in/README', 10)).toBe('unknown_format');
    expect(code('/in/song.mp3', 10)).toBe('unsupported_format');
    expect(code('/in/photos.zip', 10)).toBe('archive_input');
    expect(code('/in/backup.tar.gz', 10)).toBe('archive_input');
    expect(code('/in/scan.png', 10, 'xlsx')).toBe('unsupported_conversion');
    // The format is judged before the size: an empty file of the wrong kind is the wrong kind.
    expect(code('/in/scan.png', 0, 'xlsx')).toBe('unsupported_conversion');
    expect(code('/in/empty.pdf', 0, 'xlsx')).toBe('file_empty');
    expect(code('/in/big.pdf', 1001, 'xlsx')).toBe('file_too_large');
    expect(code('/in/just-fits.pdf', 1000, 'xlsx')).toBe('taken');
  });

  it('gives each reason its sentence and marks none as named', () => {
    const result = classify('/in/photos.zip', 10, info);
    expect(result).toEqual({
      path: '/in/photos.zip',
      name: 'photos.zip',
      code: 'archive_input',
      reason: messageFor('archive_input'),
    });
  });
});

describe('expandInputs', () => {
  it('walks folders in name order and sets aside what it cannot convert, with reasons', async () => {
    await files({
      'b.pdf': 'pdf',
      'a.csv': 'csv',
      'sub/c.md': '# c',
      'sub/deeper/請求書 🧾.pdf': 'pdf',
      notes: 'no extension',
      'song.mp3': 'mp3',
      'photos.zip': 'zip',
      'empty.csv': '',
      'huge.pdf': 'x'.repeat(1001),
      'picture.png': 'png',
    });
    const expanded = await expandInputs([dir], info, 'xlsx');
    expect(expanded.files.map((file) => file.path)).toEqual(
      ['a.csv', 'b.pdf', 'sub/deeper/請求書 🧾.pdf'].map((name) => join(dir, name)),
    );
    expect(expanded.skipped.map((entry) => [entry.name, entry.code, entry.named])).toEqual([
      ['empty.csv', 'file_empty', undefined],
      ['huge.pdf', 'file_too_large', undefined],
      ['notes', 'unknown_format', undefined],
      ['photos.zip', 'archive_input', undefined],
      ['picture.png', 'unsupported_conversion', undefined],
      ['song.mp3', 'unsupported_format', undefined],
      ['c.md', 'unsupported_conversion', undefined],
    ]);
    expect(expanded.skipped.every((entry) => entry.reason === messageFor(entry.code as never))).toBe(true);
  });

  it('without a target, takes every convertible file with its own targets', async () => {
    await files({ 'a.md': '# a', 'b.png': 'png', 'c.mp3': 'x' });
    const expanded = await expandInputs([dir], info);
    expect(expanded.files.map((file) => [file.name, file.from, file.targets])).toEqual([
      ['a.md', 'md', ['html', 'pdf']],
      ['b.png', 'png', ['jpg', 'webp', 'pdf']],
    ]);
    expect(expanded.skipped.map((entry) => entry.code)).toEqual(['unsupported_format']);
  });

  it('passes over hidden, temporary and lock files, and hidden folders, without a word', async () => {
    await files({
      '.hidden.pdf': 'x',
      '~$report.docx': 'x',
      'download.pdf.crdownload': 'x',
      'half.pdf.part': 'x',
      'scratch.tmp': 'x',
      'edit.md~': 'x',
      '.git/objects/x.pdf': 'x',
      'kept.pdf': 'x',
    });
    const expanded = await expandInputs([dir], info);
    expect(expanded.files.map((file) => file.name)).toEqual(['kept.pdf']);
    expect(expanded.skipped).toEqual([]);
  });

  it('marks a file named on its own that cannot be taken at all as named (bad input), not a found one', async () => {
    await files({ 'picture.png': 'png', 'empty.pdf': '', 'in/picture.png': 'png' });
    const expanded = await expandInputs(
      [
        join(dir, 'picture.png'),
        join(dir, 'missing.pdf'),
        join(dir, 'picture.png', 'x.pdf'),
        join(dir, 'empty.pdf'),
        join(dir, 'in'),
      ],
      info,
      'xlsx',
    );
    expect(expanded.files).toEqual([]);
    expect(
      expanded.skipped.map((entry) => [entry.path.slice(dir.length + 1), entry.code, entry.named]),
    ).toEqual([
      ['picture.png', 'unsupported_conversion', true],
      ['missing.pdf', 'file_missing', true],
      ['picture.png/x.pdf', 'file_missing', true], // a "folder" that is a file: ENOTDIR
      ['empty.pdf', 'file_empty', undefined], // empty is only skipped, named or not
      ['in/picture.png', 'unsupported_conversion', undefined],
    ]);
  });

  it('refuses a named thing that is not a regular file', async () => {
    const expanded = await expandInputs(['/dev/null'], info);
    expect(expanded.skipped).toEqual([
      {
        path: '/dev/null',
        name: 'null',
        code: 'file_unreadable',
        reason: messageFor('file_unreadable'),
        named: true,
      },
    ]);
  });

  it('follows a symlinked file but not a symlinked folder, so a loop cannot hang it', async () => {
    await files({ 'real/a.pdf': 'x', 'elsewhere/b.pdf': 'x' });
    await symlink(join(dir, 'elsewhere', 'b.pdf'), join(dir, 'real', 'link-to-b.pdf'));
    await symlink(join(dir, 'elsewhere'), join(dir, 'real', 'link-to-elsewhere'));
    await symlink(join(dir, 'real'), join(dir, 'real', 'loop'));
    await symlink(join(dir, 'nowhere.pdf'), join(dir, 'real', 'dangling.pdf'));
    const expanded = await expandInputs([join(dir, 'real')], info);
    expect(expanded.files.map((file) => file.name)).toEqual(['a.pdf', 'link-to-b.pdf']);
    expect(expanded.skipped.map((entry) => [entry.name, entry.code])).toEqual([
      ['dangling.pdf', 'file_missing'],
    ]);
  });

  it('lists a file once, however often it is named or found', async () => {
    await files({ 'a.pdf': 'x', 'sub/b.pdf': 'x' });
    const expanded = await expandInputs(
      [join(dir, 'a.pdf'), dir, join(dir, 'sub', '..', 'a.pdf'), join(dir, 'sub'), join(dir, 'sub', 'b.pdf')],
      info,
    );
    expect(expanded.files.map((file) => file.path)).toEqual([join(dir, 'a.pdf'), join(dir, 'sub', 'b.pdf')]);
  });

  // A hang guard, not a time limit: writing 10,000 files takes seconds on a busy disk.
  it('takes a folder of 10,000 files whole, in name order, each once', { timeout: 120_000 }, async () => {
    const names = Array.from({ length: 10_000 }, (_, n) => `scan-${String(n).padStart(5, '0')}.png`);
    // Written in a shuffled order: the listing must not depend on how the disk returns names.
    const shuffled = [...names].sort((a, b) =>
      a.split('').reverse().join('') < b.split('').reverse().join('') ? -1 : 1,
    );
    for (let start = 0; start < shuffled.length; start += 500) {
      await Promise.all(shuffled.slice(start, start + 500).map((name) => writeFile(join(dir, name), 'p')));
    }
    const expanded = await expandInputs([dir], info, 'pdf');
    expect(expanded.skipped).toEqual([]);
    expect(expanded.files).toHaveLength(10_000);
    expect(expanded.files.map((file) => file.name)).toEqual(names);
    expect(expanded.files.every((file) => file.bytes === 1 && file.from === 'png')).toBe(true);
  });
});
