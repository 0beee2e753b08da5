// Which paths a watch never takes, name by name and path by path: temporary and lock names in
// any case, hidden names at any level, and our own folders including the folder itself; paths
// outside the watched folder are not judged here.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isAtOrInside,
  isIgnoredName,
  isIgnoredPath,
} from '../../../../electron/engine/watch/ignore-rules.ts';

describe('ignored names', () => {
  it('ignores temporary, lock and hidden names whatever their case, and nothing else', () => {
    const ignored = [
      'film.PART',
      'a.partial',
      'b.crdownload',
      'c.download',
      'd.TMP',
      'e.temp',
      '.f.swp',
      'g.docx~',
      '~$report.docx',
      '.~lock.report.docx#',
      '.DS_Store',
    ];
    const taken = [
      'report.pdf',
      'part.pdf',
      'tmp',
      'temperature.csv',
      'download.png',
      'a~b.txt',
      '$report.docx',
    ];
    expect(ignored.filter((name) => !isIgnoredName(name))).toEqual([]);
    expect(taken.filter(isIgnoredName)).toEqual([]);
  });
});

describe('inside a folder', () => {
  it('counts the folder itself and anything below it, never a sibling with the same prefix', () => {
    expect(isAtOrInside('/in/Converted', '/in/Converted')).toBe(true);
    expect(isAtOrInside('/in/Converted', '/in/Converted/a/b.pdf')).toBe(true);
    expect(isAtOrInside('/in/Converted', '/in/Converted2/a.pdf')).toBe(false);
    expect(isAtOrInside('/in/Converted', '/in')).toBe(false);
    expect(isAtOrInside('/in/Converted', '/elsewhere/a.pdf')).toBe(false);
    // Only a ".." segment leaves: a name that begins with two dots is inside.
    expect(isAtOrInside('/in', '/in/..drafts/a.pdf')).toBe(true);
    expect(isAtOrInside('/in', '/in/../a.pdf')).toBe(false);
  });
});

describe('ignored paths', () => {
  const scope = { root: '/in', excluded: ['/in/Converted', '/in/out'] };

  it('ignores a hidden folder’s content and anything in our own folders', () => {
    expect(isIgnoredPath(scope, join('/in', '.cache', 'deep', 'a.pdf'))).toBe(true);
    expect(isIgnoredPath(scope, join('/in', 'sub', '~$a.docx'))).toBe(true);
    expect(isIgnoredPath(scope, '/in/out')).toBe(true);
    expect(isIgnoredPath(scope, '/in/out/a.pdf')).toBe(true);
    // A name that begins with two dots is inside the watched folder, and hidden.
    expect(isIgnoredPath(scope, '/in/..notes/a.pdf')).toBe(true);
  });

  it('takes ordinary files at any depth, and leaves the root and outside paths alone', () => {
    expect(isIgnoredPath(scope, '/in/a.pdf')).toBe(false);
    expect(isIgnoredPath(scope, '/in/sub/deeper/a.pdf')).toBe(false);
    expect(isIgnoredPath(scope, '/in')).toBe(false);
    expect(isIgnoredPath(scope, '/.hidden/a.pdf')).toBe(false);
    // The root's own name is not judged: a watched folder may itself be hidden.
    expect(isIgnoredPath({ root: '/home/ana/.inbox', excluded: [] }, '/home/ana/.inbox/a.pdf')).toBe(false);
  });
});
