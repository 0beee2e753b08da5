// The desktop's list of watch folders: added, paused, edited and removed through one object,
// kept across restarts in userData, summed up for the tray; watched files show in the
// engine's queue like any dropped file.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWatchSet, WATCH_RULES_FILE, type WatchSet } from '../../../electron/engine/watch/watch-set.ts';
import { closeWorld, makeWorld, RECHECK_MS, until, type World, writeInvoice } from './helpers.ts';

let world: World | undefined;
const sets: WatchSet[] = [];
afterEach(async () => {
  for (const set of sets.splice(0)) await set.close();
  if (world) await closeWorld(world);
  world = undefined;
});

async function open(w: World): Promise<WatchSet> {
  const set = await openWatchSet(w.engine, {
    rulesDir: join(w.root, 'userData'),
    stateDir: w.stateDir,
    stable: { windowMs: 200, pollMs: 25 },
    balanceRecheckMs: RECHECK_MS,
  });
  sets.push(set);
  return set;
}

describe('watch folders in the desktop', () => {
  it('adds, pauses, edits and removes rules, and remembers them across a restart', async () => {
    world = await makeWorld();
    const w = world;
    const receipts = join(w.root, 'receipts');
    await mkdir(receipts);
    const set = await open(w);
    expect(set.trayLine()).toBeUndefined();

    const invoices = await set.add({ folder: w.inbox, to: 'xlsx', outDir: w.out, after: 'move' });
    const other = await set.add({ folder: receipts, to: 'txt' });
    if (!invoices.ok || !other.ok) throw new Error(JSON.stringify([invoices, other]));
    expect(set.trayLine()).toBe('Watching 2 folders');
    expect(await set.add({ folder: w.inbox, to: 'xlsx' })).toMatchObject({
      ok: false,
      error: { code: 'watch_duplicate' },
    });
    expect(await set.add({ folder: join(w.root, 'missing'), to: 'xlsx' })).toMatchObject({
      ok: false,
      error: { code: 'watch_folder_missing' },
    });

    const paused = await set.pause(other.value.rule.id);
    expect(paused).toMatchObject({
      ok: true,
      value: { rule: { paused: true }, status: { state: 'paused' } },
    });
    expect(set.trayLine()).toBe('Watching 1 folder');

    // Watched results are ordinary jobs: they are in the engine's queue (and so the window's).
    const jobIds: string[] = [];
    w.engine.on('job', (view) => {
      if (view.state === 'completed') jobIds.push(view.id);
    });
    await writeInvoice(w.inbox, 'a.pdf', 1);
    await until(() => jobIds.length === 1, 20_000, 'a watched job completed');
    expect(w.engine.jobs().find((job) => job.id === jobIds[0])).toMatchObject({
      source: join(w.inbox, 'a.pdf'),
      output: join(w.out, 'a.xlsx'),
      state: 'completed',
    });

    const edited = await set.update(invoices.value.rule.id, { after: 'keep' });
    expect(edited).toMatchObject({
      ok: true,
      value: { rule: { id: invoices.value.rule.id, after: 'keep' } },
    });
    await set.close();

    const stored = JSON.parse(await readFile(join(w.root, 'userData', WATCH_RULES_FILE), 'utf8'));
    expect(stored.rules).toHaveLength(2);
    const again = await open(w);
    expect(
      again.list().map((entry) => [entry.rule.folder, entry.rule.to, entry.rule.after, entry.rule.paused]),
    ).toEqual([
      [w.inbox, 'xlsx', 'keep', false],
      [receipts, 'txt', 'keep', true],
    ]);
    expect(again.trayLine()).toBe('Watching 1 folder');
    expect(again.watchingCount()).toBe(1);
    // The engine goes away (endpoint switched, key removed) and comes back: rules stay.
    await again.setEngine(undefined);
    expect(again.list().map((entry) => entry.status.state)).toEqual(['stopped', 'stopped']);
    expect(again.trayLine()).toBeUndefined();
    await again.setEngine(w.engine);
    expect(again.list().map((entry) => entry.status.state)).toEqual(['watching', 'paused']);
    // The same folder and format is the same rule: what it converted is still remembered.
    const skipped: string[] = [];
    again.on('skipped', (event) => skipped.push(event.reason));
    await writeInvoice(w.inbox, 'a copy.pdf', 1);
    await until(() => skipped.length === 1, 10_000, 'copy skipped');
    expect(skipped).toEqual(['already-converted']);

    expect((await again.remove(other.value.rule.id)).ok).toBe(true);
    expect(again.trayLine()).toBe('Watching 1 folder');
    expect(again.list()).toHaveLength(1);
    expect(w.server.ledger.jobs).toHaveLength(1);
  });
});
