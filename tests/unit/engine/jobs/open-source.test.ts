// Opening a source for upload: a small file of the size the preflight measured is read whole
// in the same step (and those bytes are what is sent); a file that changed since, a pipe or a
// folder is found by the handle's stat, as before. And the preflight's probe agrees with what
// an open of the file really does.
import { execFileSync } from 'node:child_process';
import { appendFile, chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMALL_BODY } from '../../../../electron/engine/api/multipart-body.ts';
import { openSource, probeSource } from '../../../../electron/engine/jobs/preflight.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-open-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function opened(path: string, expected?: number) {
  const source = await openSource(path, expected);
  if (source.ok) await source.handle.close();
  return source;
}

describe('openSource', () => {
  it('reads a small file of the measured size whole: its bytes are the file', async () => {
    const path = join(dir, 'a.csv');
    const data = Buffer.from('id,amount\n1,2.50\n2,3.75\n');
    await writeFile(path, data);
    const source = await opened(path, data.length);
    expect(source.ok && source.bytes).toBe(data.length);
    expect(source.ok && source.content?.equals(data)).toBe(true);
  });

  it('a file that grew or shrank since it was measured: its size now, nothing read ahead', async () => {
    const path = join(dir, 'b.csv');
    await writeFile(path, 'x'.repeat(100));
    await appendFile(path, 'y'.repeat(50));
    const grown = await opened(path, 100);
    expect(grown.ok && grown.bytes).toBe(150);
    expect(grown.ok && grown.content).toBeUndefined();
    await writeFile(path, 'z'.repeat(40));
    const shrunk = await opened(path, 100);
    expect(shrunk.ok && shrunk.bytes).toBe(40);
    expect(shrunk.ok && shrunk.content).toBeUndefined();
  });

  it('a large file is measured by its stat, never read whole', async () => {
    const path = join(dir, 'c.bin');
    await writeFile(path, Buffer.alloc(SMALL_BODY + 1, 7));
    const source = await opened(path, SMALL_BODY + 1);
    expect(source.ok && source.bytes).toBe(SMALL_BODY + 1);
    expect(source.ok && source.content).toBeUndefined();
  });

  it('a folder or a pipe at the path is refused, whatever size was measured', async () => {
    await mkdir(join(dir, 'folder.csv'));
    expect(await opened(join(dir, 'folder.csv'), 10)).toEqual({ ok: false, code: 'is_directory' });
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect(await opened(fifo, 10)).toEqual({ ok: false, code: 'file_unreadable' });
    expect(await opened(join(dir, 'gone.csv'), 10)).toEqual({ ok: false, code: 'file_missing' });
  });
});

describe('probeSource', () => {
  it('sizes a readable file and refuses a folder, a pipe and a missing file', async () => {
    await writeFile(join(dir, 'a.csv'), 'a,b\n1,2\n');
    expect(await probeSource(join(dir, 'a.csv'))).toEqual({ ok: true, bytes: 8 });
    await mkdir(join(dir, 'folder.csv'));
    expect(await probeSource(join(dir, 'folder.csv'))).toEqual({ ok: false, code: 'is_directory' });
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    expect(await probeSource(join(dir, 'pipe.csv'))).toEqual({ ok: false, code: 'file_unreadable' });
    expect(await probeSource(join(dir, 'gone.csv'))).toEqual({ ok: false, code: 'file_missing' });
  });

  it('a file whose permission bits refuse us: the answer is what opening it really does', async () => {
    const path = join(dir, 'secret.csv');
    await writeFile(path, 'a,b\n1,2\n');
    await chmod(path, 0o000);
    // Root (or a process with CAP_DAC_OVERRIDE) may still read it; anyone else may not.
    const canOpen = await open(path, 'r').then(
      async (handle) => {
        await handle.close();
        return true;
      },
      () => false,
    );
    expect(await probeSource(path)).toEqual(
      canOpen ? { ok: true, bytes: 8 } : { ok: false, code: 'file_unreadable' },
    );
  });
});
