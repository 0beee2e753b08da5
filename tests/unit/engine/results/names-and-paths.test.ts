// Names from outside made safe, result names, numbered names, and putting a result in place
// without clobbering what is there.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isStrictlyInside,
  numberedName,
  placeResult,
} from '../../../../electron/engine/results/output-path.ts';
import { outputNameFor, sanitizeFileName } from '../../../../electron/engine/results/safe-name.ts';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment and drops separators and dot-dot', () => {
    expect(sanitizeFileName('../../..\\evil\u0007CON.xlsx')).toBe('evilCON.xlsx');
    expect(sanitizeFileName('/etc/cron.d/evil.xlsx')).toBe('evil.xlsx');
    expect(sanitizeFileName('..')).toBe('converted');
    expect(sanitizeFileName('..\\..\\Windows\\System32\\evil.xlsx')).toBe('evil.xlsx');
  });

  it('removes control characters and replaces characters Windows refuses', () => {
    expect(sanitizeFileName('a:b*c?"d<e>f|g\u0000\u001f.xlsx')).toBe('a_b_c__d_e_f_g.xlsx');
    expect(sanitizeFileName('in\u202evoice.xlsx')).toBe('invoice.xlsx');
  });

  it('defuses Windows device names and trailing dots or spaces', () => {
    expect(sanitizeFileName('CON.xlsx')).toBe('_CON.xlsx');
    expect(sanitizeFileName('lpt1')).toBe('_lpt1');
    expect(sanitizeFileName(' trailing dot and space. .xlsx. ')).toBe('trailing dot and space. .xlsx');
    expect(sanitizeFileName('CONSOLE.xlsx')).toBe('CONSOLE.xlsx');
  });

  it('fits 255 bytes of UTF-8 and keeps the extension', () => {
    const name = sanitizeFileName(`${'ü'.repeat(300)}.xlsx`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.xlsx')).toBe(true);
  });
});

describe('outputNameFor', () => {
  it('is the source base name with the new extension', () => {
    expect(outputNameFor('invoice.pdf', 'xlsx')).toBe('invoice.xlsx');
    expect(outputNameFor('Überweisung März 2026.pdf', 'txt')).toBe('Überweisung März 2026.txt');
    expect(outputNameFor('archive.tar.csv', 'json')).toBe('archive.tar.json');
    expect(outputNameFor('..csv', 'json')).toBe('converted.json');
    expect(outputNameFor('nul.csv', 'json')).toBe('_nul.json');
  });
});

describe('placing a result', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ifc-place-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('numbers names as name (1).ext', () => {
    expect(numberedName('invoice.xlsx', 1)).toBe('invoice (1).xlsx');
    expect(numberedName('README', 2)).toBe('README (2)');
  });

  it('knows what is inside a folder', () => {
    expect(isStrictlyInside('/a/b', '/a/b/c.txt')).toBe(true);
    expect(isStrictlyInside('/a/b', '/a/b/../c.txt')).toBe(false);
    expect(isStrictlyInside('/a/b', '/a/b')).toBe(false);
  });

  it('renames around existing files, overwrites only when asked, and skips on skip', async () => {
    const temp = async (text: string) => {
      const path = join(dir, `.t-${text}.part`);
      await writeFile(path, text);
      return path;
    };
    await writeFile(join(dir, 'r.txt'), 'existing');
    expect(await placeResult(await temp('one'), dir, 'r.txt', 'rename')).toEqual({
      ok: true,
      path: join(dir, 'r (1).txt'),
    });
    expect(await placeResult(await temp('two'), dir, 'r.txt', 'skip')).toEqual({
      ok: false,
      reason: 'exists',
    });
    expect(await placeResult(await temp('three'), dir, 'r.txt', 'overwrite')).toEqual({
      ok: true,
      path: join(dir, 'r.txt'),
    });
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).toBe('three');
    expect(await readFile(join(dir, 'r (1).txt'), 'utf8')).toBe('one');
    const refused = await placeResult(await temp('four'), dir, '../escape.txt', 'overwrite');
    expect(refused.ok).toBe(false);
  });
});
