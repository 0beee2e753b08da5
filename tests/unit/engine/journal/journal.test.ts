// The journal on disk: a snapshot plus an append-only log of its generation. Many changes fold
// into few small appends; what a crash leaves (a torn last line, a log of an older generation
// beside a newer snapshot) loads as the state before or after one write; the log is folded
// into a new snapshot when it outgrows the old one, and on close.
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchRecord } from '../../../../electron/engine/engine-types.ts';
import {
  JOURNAL_FILE,
  JournalWriter,
  type JournalSource,
  loadJournal,
  logFileName,
  readJournal,
} from '../../../../electron/engine/journal/journal.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A journal of batches only (simplest records), with change tracking as the job store does. */
function batchSource() {
  const batches = new Map<string, BatchRecord>();
  const changed = new Set<string>();
  let snapshots = 0;
  const source: JournalSource = {
    snapshot(generation) {
      snapshots += 1;
      changed.clear();
      const body = { version: 1, generation, jobs: [], batches: [...batches.values()] };
      return Buffer.from(`${JSON.stringify(body)}\n`);
    },
    changes() {
      const lines = [...changed].map((id) => `${JSON.stringify({ batch: batches.get(id) })}\n`).join('');
      changed.clear();
      return Buffer.from(lines);
    },
  };
  const set = (id: string, note = '') => {
    batches.set(id, { id, createdAt: 0, jobIds: note ? [note] : [], skipped: [] });
    changed.add(id);
  };
  return { source, set, snapshots: () => snapshots };
}

describe('the journal', () => {
  it('appends what changed to its log and loads snapshot + log as the latest state', async () => {
    const { source, set, snapshots } = batchSource();
    const writer = new JournalWriter(dir, source);
    // The first write is the snapshot; the changes after it go into its log.
    set('first');
    await writer.flush();
    const flushes: Promise<void>[] = [];
    for (let version = 0; version < 50; version += 1) {
      set('b', `v${version}`);
      set(`other-${version % 3}`);
      writer.touch();
      if (version % 10 === 0) flushes.push(writer.flush());
    }
    flushes.push(writer.flush());
    await Promise.all(flushes);
    // The first write is a snapshot; the rest went into generation 1's log.
    expect(snapshots()).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([JOURNAL_FILE, logFileName(1)].sort());
    const loaded = await readJournal(dir);
    expect(loaded?.batches.find((batch) => batch.id === 'b')?.jobIds).toEqual(['v49']);
    expect(loaded?.batches.map((batch) => batch.id).sort()).toEqual([
      'b',
      'first',
      'other-0',
      'other-1',
      'other-2',
    ]);
    await writer.close();
  });

  it('ignores a torn last line: the state is the one before that write', async () => {
    const { source, set } = batchSource();
    const writer = new JournalWriter(dir, source);
    set('b', 'first');
    await writer.flush();
    set('b', 'second');
    await writer.flush();
    await appendFile(join(dir, logFileName(1)), '{"batch":{"id":"b","createdAt":0,"jobIds":["thi');
    const loaded = await loadJournal(dir);
    expect(loaded.setAside).toBeUndefined();
    expect(loaded.data.batches[0]?.jobIds).toEqual(['second']);
  });

  it('never reads a log of another generation than the snapshot, and removes it', async () => {
    await writeFile(
      join(dir, JOURNAL_FILE),
      JSON.stringify({
        version: 1,
        generation: 2,
        jobs: [],
        batches: [{ id: 'b', createdAt: 0, jobIds: ['kept'], skipped: [] }],
      }),
    );
    await writeFile(
      join(dir, logFileName(1)),
      `${JSON.stringify({ batch: { id: 'b', createdAt: 0, jobIds: ['stale'], skipped: [] } })}\n`,
    );
    const loaded = await loadJournal(dir);
    expect(loaded.data.batches[0]?.jobIds).toEqual(['kept']);
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
  });

  it('folds the log into a new snapshot once it outgrows the old one', async () => {
    const { source, set, snapshots } = batchSource();
    const writer = new JournalWriter(dir, source);
    const big = 'x'.repeat(4096);
    for (let index = 0; index < 100; index += 1) {
      set('b', `${index}-${big}`);
      await writer.flush();
    }
    // 100 x 4 KiB of lines against a tiny snapshot: compacted at least once (256 KiB floor).
    expect(snapshots()).toBeGreaterThanOrEqual(2);
    const logs = (await readdir(dir)).filter((name) => name.endsWith('.log'));
    expect(logs).toHaveLength(1);
    expect((await stat(join(dir, logs[0]!))).size).toBeLessThan(300 * 1024);
    expect((await readJournal(dir))?.batches[0]?.jobIds[0]?.startsWith('99-')).toBe(true);
    await writer.close();
  });

  it('leaves journal.json whole and no log after close', async () => {
    const { source, set } = batchSource();
    const writer = new JournalWriter(dir, source);
    set('a');
    await writer.flush();
    set('b');
    await writer.flush();
    await writer.close();
    expect(await readdir(dir)).toEqual([JOURNAL_FILE]);
    const whole = JSON.parse(await readFile(join(dir, JOURNAL_FILE), 'utf8'));
    expect(whole.batches.map((batch: BatchRecord) => batch.id).sort()).toEqual(['a', 'b']);
  });

  it('sets a damaged snapshot aside with its log and starts empty', async () => {
    await writeFile(join(dir, JOURNAL_FILE), '{"version":1,"jobs":[');
    await writeFile(join(dir, logFileName(0)), '{"dropJob":"x"}\n');
    const loaded = await loadJournal(dir);
    expect(loaded.setAside).toBeDefined();
    expect(loaded.data.jobs).toEqual([]);
    expect((await readdir(dir)).some((name) => name.endsWith('.log'))).toBe(false);
  });
});
