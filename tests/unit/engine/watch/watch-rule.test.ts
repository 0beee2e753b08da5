// A watch rule as the engine runs it: a folder that must exist (its real path, links
// resolved), absolute paths only, the formats narrowed to what the service converts, and the
// folders of our own writes inside the watched tree. Real temp folders.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormatsInfo } from '../../../../shared/formats.ts';
import {
  checkWatchedFolder,
  excludedFolders,
  parseWatchRule,
  sourceFormatsFor,
} from '../../../../electron/engine/watch/watch-rule.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-watch-rule-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the watched folder', () => {
  it('is its real path when it exists, links resolved', async () => {
    const real = join(dir, 'real');
    await mkdir(real);
    await symlink(real, join(dir, 'link'));
    expect(await checkWatchedFolder(join(dir, 'link'))).toEqual({ ok: true, value: real });
    expect(await checkWatchedFolder(real)).toEqual({ ok: true, value: real });
  });

  it('is refused, the same way, when missing or a file', async () => {
    await writeFile(join(dir, 'file'), 'x');
    for (const folder of [join(dir, 'missing'), join(dir, 'file')]) {
      const checked = await checkWatchedFolder(folder);
      expect(checked.ok ? undefined : [checked.error.code, checked.error.details]).toEqual([
        'watch_folder_missing',
        { folder },
      ]);
    }
  });
});

describe('a rule', () => {
  it('refuses a relative output folder and names the fields that are wrong', () => {
    const relativeOut = parseWatchRule({ id: 'r', folder: '/in', to: 'pdf', outDir: 'out' });
    expect(relativeOut.ok ? undefined : relativeOut.error.code).toBe('invalid_input');
    const wrong = parseWatchRule({ id: 'r', folder: '/in', to: 'pdf', after: 'explode' });
    expect(wrong.ok ? undefined : wrong.error.details).toEqual({
      fields: [expect.stringMatching(/^after: /)],
    });
  });

  it('says which formats it cannot take: none for the target, or none of those asked for', () => {
    const info: FormatsInfo = {
      conversions: { md: ['pdf', 'html'], txt: ['pdf'] },
      pricing: { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: {} },
      limits: { maxFileBytes: 1, syncMaxBytes: 1, retentionHours: 1 },
    };
    const none = sourceFormatsFor({ from: ['csv'], to: 'pdf' }, info);
    expect(none.ok ? undefined : [none.error.code, none.error.details]).toEqual([
      'unsupported_conversion',
      { from: ['csv'], to: 'pdf', offered: ['md', 'txt'] },
    ]);
    const html = sourceFormatsFor({ from: [], to: 'html' }, info);
    expect(html.ok && [...html.value]).toEqual(['md']);
  });

  it('keeps its own writes out: the Converted folder always, an output folder only when inside', () => {
    expect(excludedFolders('/in', undefined)).toEqual([join('/in', 'Converted')]);
    expect(excludedFolders('/in', '/in/results')).toEqual([join('/in', 'Converted'), '/in/results']);
    expect(excludedFolders('/in', '/out')).toEqual([join('/in', 'Converted')]);
    expect(excludedFolders('/in', '/in')).toEqual([join('/in', 'Converted')]); // the folder itself is not excluded
  });
});
