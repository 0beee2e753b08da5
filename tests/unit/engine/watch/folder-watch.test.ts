// One folder watch on its own, through its exported API (createFolderWatch): why a start fails
// and that a later start can succeed; what the first scan takes (the rule's formats, the top
// folder only unless recursive, an empty file skipped); the person's pause and resume; a stop
// and a restart that finds what arrived meanwhile. A real engine on the local server over real
// HTTP and a real temp folder; waits are for the watch's own events and status.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../../electron/engine/index.ts';
import { createEngine } from '../../../../electron/engine/index.ts';
import {
  createFolderWatch,
  type FolderWatch,
  type FolderWatchEventName,
  type FolderWatchEvents,
  parseWatchRule,
  type WatchRuleInput,
} from '../../../../electron/engine/watch/index.ts';
import type { LocalServer, LocalServerOptions } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';
import { FAST_ENGINE_TIMING, waitFor } from '../../../support/wait.ts';
import { cleanupsAfterEach } from '../../../support/cleanups.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

interface Rig {
  dir: string;
  inbox: string;
  server: LocalServer;
  engine: Engine;
  watch(rule?: Partial<WatchRuleInput>): FolderWatch;
}

const cleanups = cleanupsAfterEach();

async function rig(server: LocalServerOptions = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-folder-watch-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const inbox = join(dir, 'inbox');
  await mkdir(inbox);
  const local = await startLocalServer({ tokens: 10_000, ...server });
  cleanups.push(() => local.close());
  const stateDir = join(dir, 'state');
  const made = await createEngine({
    api: { url: local.url, key: local.key },
    stateDir,
    timing: FAST_ENGINE_TIMING,
  });
  if (!made.ok) throw new Error(`engine: ${made.error.code}`);
  const engine = made.value;
  cleanups.push(() => engine.close());
  return {
    dir,
    inbox,
    server: local,
    engine,
    watch(input = {}) {
      const parsed = parseWatchRule({ id: 'rule-1', folder: inbox, to: 'pdf', ...input });
      if (!parsed.ok) throw new Error(`rule: ${parsed.error.code}`);
      const watch = createFolderWatch(engine, parsed.value, {
        stateDir,
        stable: { windowMs: 100, pollMs: 20 },
        balanceRecheckMs: 100,
        trash: async () => undefined,
      });
      cleanups.push(() => watch.stop());
      return watch;
    },
  };
}

function record<K extends FolderWatchEventName>(watch: FolderWatch, event: K): FolderWatchEvents[K][] {
  const seen: FolderWatchEvents[K][] = [];
  watch.on(event, (payload) => seen.push(payload));
  return seen;
}

describe('a folder watch', { timeout: 120_000 }, () => {
  it('fails to start on a folder that is not there, says why, and starts once it is', async () => {
    const { dir, watch: make } = await rig();
    const folder = join(dir, 'later');
    const watch = make({ folder });
    const statuses = record(watch, 'status');
    const started = await watch.start();
    expect(started.ok).toBe(false);
    expect(started.ok ? undefined : started.error.code).toBe('watch_folder_missing');
    expect(watch.status()).toMatchObject({ state: 'error', error: { code: 'watch_folder_missing' } });
    expect(statuses.at(-1)?.state).toBe('error');

    await mkdir(folder);
    const again = await watch.start();
    expect(again.ok).toBe(true);
    expect(watch.status().state).toBe('watching');
    expect(watch.status().error).toBeUndefined();
    expect(watch.rule.folder).toBe(folder);
    expect((await watch.start()).ok).toBe(true); // already watching: nothing to do
  });

  it('refuses a rule whose source formats the service cannot turn into its target', async () => {
    const { watch: make } = await rig();
    const watch = make({ from: ['xlsx'], to: 'pdf' });
    const started = await watch.start();
    expect(started.ok ? undefined : started.error.code).toBe('unsupported_conversion');
    expect(watch.status().state).toBe('error');
  });

  it('takes the files of its formats in the top folder, skips an empty one, and converts each once', async () => {
    const { inbox, watch: make, server } = await rig();
    await copyFile(join(FIXTURES, 'memo.txt'), join(inbox, 'memo.txt'));
    await copyFile(join(FIXTURES, 'sales.xlsx'), join(inbox, 'sales.xlsx')); // not a source of pdf
    await mkdir(join(inbox, 'sub'));
    await copyFile(join(FIXTURES, 'notes.md'), join(inbox, 'sub', 'notes.md')); // not recursive
    await writeFile(join(inbox, 'blank.txt'), '');
    const watch = make();
    const converted = record(watch, 'converted');
    const skipped = record(watch, 'skipped');
    expect((await watch.start()).ok).toBe(true);
    await waitFor(
      () => converted.length === 1 && skipped.length === 1,
      'the memo converted and the blank skipped',
    );
    await watch.idle();

    expect(skipped).toEqual([{ ruleId: 'rule-1', source: join(inbox, 'blank.txt'), reason: 'empty' }]);
    expect(converted[0]?.source).toBe(join(inbox, 'memo.txt'));
    const output = converted[0]?.output;
    expect(output).toBe(join(inbox, 'memo.pdf'));
    // Read back as a person would: the PDF's text holds the memo's first words.
    const memoStart = (await readFile(join(FIXTURES, 'memo.txt'), 'utf8'))
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 3);
    const text = execFileSync('pdftotext', [output!, '-'], { encoding: 'utf8' });
    for (const word of memoStart) expect(text).toContain(word);
    expect(server.ledger.jobs.map((job) => job.sourceName)).toEqual(['memo.txt']);
    expect(watch.status()).toMatchObject({
      state: 'watching',
      converted: 1,
      skipped: 1,
      queued: 0,
      inFlight: 0,
    });
  });

  it('goes into subfolders when recursive', async () => {
    const { inbox, watch: make, server } = await rig({ faults: { neverFinish: {} } });
    await mkdir(join(inbox, 'sub'));
    await copyFile(join(FIXTURES, 'notes.md'), join(inbox, 'sub', 'notes.md'));
    const watch = make({ recursive: true });
    const taken = record(watch, 'taken');
    expect((await watch.start()).ok).toBe(true);
    await waitFor(() => taken.length === 1, 'the file in the subfolder to be taken');
    expect(taken[0]?.source).toBe(join(inbox, 'sub', 'notes.md'));
    await waitFor(() => server.ledger.jobs.length === 1, 'the server to accept it');
  });

  it('notices files while paused but sends nothing until resumed', async () => {
    const { inbox, watch: make, server } = await rig({ faults: { neverFinish: {} } });
    const watch = make();
    const paused = record(watch, 'paused');
    const resumed = record(watch, 'resumed');
    const taken = record(watch, 'taken');
    expect((await watch.start()).ok).toBe(true);
    watch.pause();
    watch.pause(); // once is enough
    expect(paused).toEqual([{ ruleId: 'rule-1', reason: 'user' }]);
    expect(watch.status().state).toBe('paused');
    expect(watch.rule.paused).toBe(true);

    await copyFile(join(FIXTURES, 'memo.txt'), join(inbox, 'memo.txt'));
    await waitFor(() => watch.status().queued === 1, 'the paused watch to queue the memo');
    expect(taken).toEqual([]);
    expect(server.ledger.jobs).toHaveLength(0);

    watch.resume();
    expect(resumed).toEqual([{ ruleId: 'rule-1', reason: 'user' }]);
    await waitFor(() => taken.length === 1, 'the memo to be sent after resume');
    expect(watch.status().state).toBe('watching');
  });

  it('stops, and on the next start takes what arrived while it was stopped, never twice', async () => {
    const { inbox, watch: make, server } = await rig({ faults: { neverFinish: {} } });
    const watch = make();
    const taken = record(watch, 'taken');
    expect((await watch.start()).ok).toBe(true);
    await copyFile(join(FIXTURES, 'memo.txt'), join(inbox, 'memo.txt'));
    await waitFor(() => taken.length === 1, 'the memo to be taken');

    await watch.stop();
    expect(watch.status().state).toBe('stopped');
    await watch.idle(); // a stopped watch is idle
    await copyFile(join(FIXTURES, 'notes.md'), join(inbox, 'notes.md'));

    expect((await watch.start()).ok).toBe(true);
    await waitFor(() => taken.length === 2, 'the notes that arrived while stopped to be taken');
    expect(taken.map((each) => each.source)).toEqual([join(inbox, 'memo.txt'), join(inbox, 'notes.md')]);
    await waitFor(() => server.ledger.jobs.length === 2, 'the server to accept both');
    expect(server.ledger.postsBySourceName('memo.txt')).toBe(1);
  });
});
