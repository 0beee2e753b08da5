// "Is this file finished?" on a clock the test moves: a file untouched for the whole window is
// taken at the end of it and not a moment before; a file replaced under the same name (new
// inode, same size) starts the window again; a folder is not a file. The outcomes a watch
// acts on, with the facts it keeps.
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  factsOf,
  readFacts,
  sameFacts,
  waitUntilStable,
} from '../../../../electron/engine/watch/stable-file.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-stable-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('waiting until a file is complete', () => {
  it('takes an untouched file at the end of the window, not before', async () => {
    const path = join(dir, 'done.pdf');
    await writeFile(path, 'complete');
    const clock = new ManualClock();
    const start = clock.now();
    let outcome: Awaited<ReturnType<typeof waitUntilStable>> | undefined;
    const waiting = waitUntilStable(path, { windowMs: 100, pollMs: 30, clock }).then((value) => {
      outcome = value;
      return value;
    });
    await clock.untilSleeping('the first look at the file');
    await clock.advance(99);
    expect(outcome).toBeUndefined();
    await clock.runUntil(waiting);
    expect(clock.now() - start).toBe(100);
    expect(outcome).toEqual({ kind: 'stable', facts: factsOf(await stat(path)) });
  });

  it('starts the window again when the file is replaced by another of the same size', async () => {
    const path = join(dir, 'saved.docx');
    await writeFile(path, 'version1');
    const clock = new ManualClock();
    const start = clock.now();
    const waiting = waitUntilStable(path, { windowMs: 100, pollMs: 25, clock });
    await clock.untilSleeping('the first look at the file');
    await clock.advance(50);
    // An editor's safe save: a new file renamed over the old one (a new inode).
    await writeFile(join(dir, 'saved.tmp'), 'version2');
    await rename(join(dir, 'saved.tmp'), path);
    await clock.untilSleeping('the next look at the file');
    const outcome = await clock.runUntil(waiting);
    expect(outcome.kind).toBe('stable');
    if (outcome.kind === 'stable') expect(outcome.facts.ino).toBe((await stat(path)).ino);
    expect(clock.now() - start).toBeGreaterThanOrEqual(150);
  });

  it('answers not-a-file for a folder and gone for a path that is not there', async () => {
    await mkdir(join(dir, 'folder.pdf'));
    expect(
      await waitUntilStable(join(dir, 'folder.pdf'), { windowMs: 100, pollMs: 20, clock: new ManualClock() }),
    ).toEqual({
      kind: 'not-a-file',
    });
    expect(
      await waitUntilStable(join(dir, 'none.pdf'), { windowMs: 100, pollMs: 20, clock: new ManualClock() }),
    ).toEqual({
      kind: 'gone',
    });
  });
});

describe('file facts', () => {
  it('reads size, mtime and inode, and tells them apart', async () => {
    const path = join(dir, 'a.txt');
    await writeFile(path, 'abc');
    const facts = await readFacts(path);
    expect(facts).toEqual(factsOf(await stat(path)));
    if (typeof facts !== 'object') return;
    expect(facts.bytes).toBe(3);
    expect(sameFacts(facts, { ...facts })).toBe(true);
    expect(sameFacts(facts, { ...facts, bytes: 4 })).toBe(false);
    expect(sameFacts(facts, { ...facts, mtimeMs: facts.mtimeMs + 1 })).toBe(false);
    expect(sameFacts(facts, { ...facts, ino: facts.ino + 1 })).toBe(false);
    expect(await readFacts(dir)).toBe('not-a-file');
    expect(await readFacts(join(dir, 'none'))).toBe('gone');
  });
});
