// A source's identity: the SHA-256 of its bytes, streamed, so a renamed copy has the same one
// and one changed byte gives another. Checked against `sha256sum`, a second implementation.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../../../electron/engine/watch/content-hash.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the content hash', () => {
  it('is the SHA-256 of the whole file, as sha256sum computes it', async () => {
    for (const name of ['invoice.pdf', 'empty.pdf', 'Überweisung März 2026.pdf']) {
      const path = join(FIXTURES, name);
      const expected = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];
      expect(await sha256OfFile(path)).toBe(expected);
    }
  });

  it('is the same for a renamed copy and differs for one changed byte in a large file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ifc-content-hash-'));
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // several stream chunks
    await writeFile(join(dir, 'a.bin'), bytes);
    await writeFile(join(dir, 'renamed copy.bin'), bytes);
    bytes[bytes.length - 1] = 8;
    await writeFile(join(dir, 'changed.bin'), bytes);
    const [a, copy, changed] = await Promise.all(
      ['a.bin', 'renamed copy.bin', 'changed.bin'].map((name) => sha256OfFile(join(dir!, name))),
    );
    expect(copy).toBe(a);
    expect(changed).not.toBe(a);
  });

  it('rejects for a file that is not there', async () => {
    await expect(sha256OfFile(join(FIXTURES, 'no-such-file.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
