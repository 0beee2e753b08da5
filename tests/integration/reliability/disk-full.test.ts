// Disk full at the output folder, for real: the output folder is a 1 MiB tmpfs, so writing a
// larger result fails with a genuine ENOSPC from the kernel (no mocked file system). The job
// must fail with the plain disk_full sentence, leave no partial file, the rest of the batch
// must still complete, and the journal (in another folder) must stay intact. Mounting needs
// root (CI runs as root); where mounting is refused the test says so and is skipped.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJournal } from '../../../electron/engine/index.ts';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { tempRoot } from './helpers.ts';
import { ifcEnv, runIfc, summaryOf } from './ifc-process.ts';

let root: string;
let outDir: string;
let mounted = false;
let refusal = '';
let server: LocalServer;

beforeAll(async () => {
  root = await tempRoot('ifc-diskfull-');
  outDir = join(root, 'out');
  await mkdir(outDir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0755', 'ifc-diskfull', outDir], {
      stdio: 'pipe',
    });
    mounted = true;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    refusal = stderr || (error as Error).message;
  }
  server = await startLocalServer({ benchPassThrough: true });
});

afterAll(async () => {
  await server?.close();
  if (mounted) {
    try {
      execFileSync('umount', [outDir], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', outDir], { stdio: 'pipe' });
    }
  }
  await rm(root, { recursive: true, force: true });
});

describe('disk full at the output folder', () => {
  it('fails that job with a clear message, leaves no partial file, finishes the rest, keeps the journal', async (context) => {
    if (!mounted) context.skip(`cannot mount a small tmpfs to fill (needs root): ${refusal}`);
    const inputDir = join(root, 'in');
    const stateDir = join(root, 'state');
    await mkdir(inputDir);
    const files: Record<string, Buffer> = {
      'a.bin': randomBytes(20_000),
      'b.bin': randomBytes(30_000),
      'c-too-big.bin': randomBytes(1_500_000), // larger than the whole 1 MiB folder
      'd.bin': randomBytes(40_000),
      'e.bin': randomBytes(50_000),
    };
    for (const [name, data] of Object.entries(files)) await writeFile(join(inputDir, name), data);

    // One download at a time, in name order: the big one fills the disk between the others.
    const run = await runIfc(
      ['convert', inputDir, '--to', 'dat', '--out', outDir, '--concurrency', '1', '--json'],
      {
        env: ifcEnv(server, stateDir),
      },
    );
    expect(run.code, run.stderr).toBe(1);
    const summary = summaryOf(run);
    expect(summary.failed).toEqual([
      { source: join(inputDir, 'c-too-big.bin'), code: 'disk_full', message: messageFor('disk_full') },
    ]);
    expect(summary.completed?.map((entry) => entry.output).sort()).toEqual(
      ['a.dat', 'b.dat', 'd.dat', 'e.dat'].map((name) => join(outDir, name)),
    );
    // No partial result, no temp file: exactly the four results, each byte-exact.
    expect((await readdir(outDir)).sort()).toEqual(['a.dat', 'b.dat', 'd.dat', 'e.dat']);
    for (const name of ['a', 'b', 'd', 'e']) {
      expect((await readFile(join(outDir, `${name}.dat`))).equals(files[`${name}.bin`]!)).toBe(true);
    }
    // The journal is whole and says what happened.
    expect((await readdir(stateDir)).sort()).toEqual(['journal.json']);
    const journal = await loadJournal(stateDir);
    expect(journal.setAside).toBeUndefined();
    const states = Object.fromEntries(
      journal.data.jobs.map((job) => [job.sourceName, [job.state, job.error?.code]]),
    );
    expect(states).toEqual({
      'a.bin': ['completed', undefined],
      'b.bin': ['completed', undefined],
      'c-too-big.bin': ['failed', 'disk_full'],
      'd.bin': ['completed', undefined],
      'e.bin': ['completed', undefined],
    });
    expect(journal.data.jobs.every((job) => job.partPath === undefined)).toBe(true);
  });
});
