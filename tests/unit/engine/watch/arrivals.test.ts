// Files arriving in a watched folder, on real files in a temp folder and a clock the test
// moves: each waits until it stops changing, is hashed and handed on, or skipped (empty, bytes
// already handled, an original already taken); a big first scan is taken a few at a time; a
// look again after a failure waits on the watch's clock, at most so many times; stop() and
// forget() end the waits they concern.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Arrivals, type ArrivalsDeps, type Candidate } from '../../../../electron/engine/watch/arrivals.ts';
import { sha256OfFile } from '../../../../electron/engine/watch/content-hash.ts';
import type { SkipReason } from '../../../../electron/engine/watch/watch-events.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { waitFor } from '../../../support/wait.ts';

const WINDOW_MS = 60;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-arrivals-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Rig {
  arrivals: Arrivals;
  clock: ManualClock;
  complete: Candidate[];
  skipped: { path: string; reason: SkipReason }[];
}

function rig(overrides: Partial<ArrivalsDeps> = {}): Rig {
  const clock = new ManualClock();
  const complete: Candidate[] = [];
  const skipped: Rig['skipped'] = [];
  const arrivals = new Arrivals({
    stable: { windowMs: WINDOW_MS, pollMs: 10 },
    clock,
    maxConcurrent: 32,
    wants: (path) => path.endsWith('.pdf'),
    unchanged: () => false,
    keyFor: (hash) => `xlsx:${hash}`,
    alreadyHandled: () => undefined,
    complete: (candidate) => complete.push(candidate),
    skip: (path, reason) => skipped.push({ path, reason }),
    changed: () => undefined,
    ...overrides,
  });
  return { arrivals, clock, complete, skipped };
}

/** Lets the watch's time run until nothing is settling or waiting. */
async function settleAll({ arrivals, clock }: Rig): Promise<void> {
  const drained = (async () => {
    while (arrivals.size > 0) await new Promise((resolve) => setImmediate(resolve));
  })();
  await clock.runUntil(drained);
}

describe('arrivals', () => {
  it('looks at a big first scan a few files at a time and skips originals it already took', async () => {
    const taken = rig({ maxConcurrent: 2, unchanged: (path) => path.endsWith('old.pdf') });
    const names = ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf', 'old.pdf', 'notes.txt'];
    for (const name of names) await writeFile(join(dir, name), name);
    const started = taken.clock.now();
    for (const name of names) taken.arrivals.consider(join(dir, name));
    expect(taken.arrivals.size).toBe(6); // notes.txt is not a format the rule takes
    await settleAll(taken);
    // Six files two at a time is three rounds of the window (all at once would be one).
    expect(taken.clock.now() - started).toBeGreaterThanOrEqual(3 * WINDOW_MS);
    expect(taken.complete.map((candidate) => candidate.path).sort()).toEqual(
      ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf'].map((name) => join(dir, name)),
    );
    expect(taken.skipped).toEqual([]); // an unchanged original is not even worth a word
  });

  it('hands on a complete file with its hash as the key, and skips an empty one or bytes already handled', async () => {
    const handledHash = await (async () => {
      await writeFile(join(dir, 'done.pdf'), 'converted before');
      return sha256OfFile(join(dir, 'done.pdf'));
    })();
    const taken = rig({
      alreadyHandled: (key) => (key === `xlsx:${handledHash}` ? 'already-converted' : undefined),
    });
    // CJK and emoji names are paths like any other.
    const fresh = join(dir, '請求書 🧾 2026.pdf');
    await writeFile(fresh, '%PDF-1.4 new bytes');
    await writeFile(join(dir, 'empty.pdf'), '');
    for (const name of ['done.pdf', 'empty.pdf']) taken.arrivals.consider(join(dir, name));
    taken.arrivals.consider(fresh);
    await settleAll(taken);

    expect(taken.complete).toEqual([
      {
        path: fresh,
        key: `xlsx:${await sha256OfFile(fresh)}`,
        facts: expect.objectContaining({ bytes: Buffer.byteLength('%PDF-1.4 new bytes') }),
      },
    ]);
    expect(taken.skipped.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: join(dir, 'done.pdf'), reason: 'already-converted' },
      { path: join(dir, 'empty.pdf'), reason: 'empty' },
    ]);
  });

  it('takes a file written again while it settles only once it has stopped changing', async () => {
    const taken = rig();
    const path = join(dir, 'growing.pdf');
    await writeFile(path, 'part one');
    taken.arrivals.consider(path);
    taken.arrivals.consider(path); // a second event for a file already settling is absorbed
    expect(taken.arrivals.size).toBe(1);
    await taken.clock.untilSleeping('the first look at the file');
    await writeFile(path, 'part one, part two');
    await settleAll(taken);
    expect(taken.complete).toHaveLength(1);
    expect(taken.complete[0]?.facts.bytes).toBe(Buffer.byteLength('part one, part two'));
  });

  it('looks again after a failure when the watch clock says so, at most maxTries times', async () => {
    const taken = rig();
    const path = join(dir, 'again.pdf');
    await writeFile(path, 'bytes');
    for (const attempt of [1, 2, 3]) {
      taken.arrivals.retryLater(path, 60_000, 3);
      // The wait is on the watch's clock, for exactly the delay asked.
      expect(taken.clock.wakeTimes).toEqual([taken.clock.now() + 60_000]);
      expect(taken.arrivals.size).toBe(0);
      await taken.clock.advance(60_000);
      await waitFor(() => taken.arrivals.size === 1, `look ${attempt} to begin`);
      await settleAll(taken);
      expect(taken.complete).toHaveLength(attempt);
    }
    taken.arrivals.retryLater(path, 60_000, 3);
    expect(taken.clock.wakeTimes).toEqual([]); // a fourth look is not planned
    expect(taken.arrivals.size).toBe(0);
  });

  it('stop() ends every wait: files settling, files queued behind them and planned looks', async () => {
    const taken = rig({ maxConcurrent: 1 });
    for (const name of ['a.pdf', 'b.pdf', 'c.pdf']) await writeFile(join(dir, name), name);
    taken.arrivals.retryLater(join(dir, 'c.pdf'), 60_000, 3);
    taken.arrivals.consider(join(dir, 'a.pdf'));
    taken.arrivals.consider(join(dir, 'b.pdf'));
    expect(taken.arrivals.size).toBe(2);
    await taken.clock.untilSleeping('a.pdf settling', (at) => at < taken.clock.now() + 60_000);
    taken.arrivals.stop();
    await waitFor(() => taken.arrivals.size === 0, 'the settling file to let go');
    expect(taken.clock.wakeTimes).toEqual([]);
    await taken.clock.advance(120_000);
    expect(taken.arrivals.size).toBe(0);
    expect(taken.complete).toEqual([]);
    // Stopped: new events are not taken until the watch opens again.
    taken.arrivals.consider(join(dir, 'b.pdf'));
    expect(taken.arrivals.size).toBe(0);
    taken.arrivals.open();
    taken.arrivals.consider(join(dir, 'b.pdf'));
    await settleAll(taken);
    expect(taken.complete.map((candidate) => candidate.path)).toEqual([join(dir, 'b.pdf')]);
  });

  it('forgets a file that went away, and one deleted before its look says nothing', async () => {
    const taken = rig();
    const path = join(dir, 'moved-away.pdf');
    await writeFile(path, 'x');
    taken.arrivals.consider(path);
    await taken.clock.untilSleeping('the file settling');
    taken.arrivals.forget(path);
    await waitFor(() => taken.arrivals.size === 0, 'the watch to let go of the file');
    const gone = join(dir, 'gone.pdf');
    await writeFile(gone, 'y');
    taken.arrivals.consider(gone);
    await taken.clock.untilSleeping('the second file settling');
    await rm(gone);
    await settleAll(taken);
    expect(taken.complete).toEqual([]);
    expect(taken.skipped).toEqual([]);
  });
});
