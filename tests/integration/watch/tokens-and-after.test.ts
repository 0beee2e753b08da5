// A watch that runs out of tokens waits (and says so once) instead of failing files, and goes
// on by itself after a top-up; originals are moved or trashed only after their result is saved.
import { copyFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moveToTrash } from '../../../electron/engine/watch/index.ts';
import {
  closeWorld,
  createWatch,
  makeWorld,
  rechecksPlanned,
  record,
  until,
  type World,
  writeInvoice,
} from './helpers.ts';
import { FIXTURES } from '../../support/fixtures.ts';
import { SkippingClock } from '../../support/manual-clock.ts';

let world: World | undefined;
afterEach(async () => {
  if (world) await closeWorld(world);
  world = undefined;
});

const COST = 4; // a one-page PDF to XLSX: (1 + 1 MB) x 2

describe('tokens', () => {
  it('pauses the rule when the balance cannot cover the next file, tells once, resumes after a top-up', async () => {
    world = await makeWorld(2 * COST + 2);
    const w = world;
    // Files settle in real time; a balance re-check comes only when the test skips to it.
    const clock = new SkippingClock();
    const watch = createWatch(w, { to: 'xlsx', outDir: w.out }, { clock });
    const paused = record(watch, 'paused');
    const resumed = record(watch, 'resumed');
    const converted = record(watch, 'converted');
    const failed = record(watch, 'failed');
    await watch.start();
    for (let i = 0; i < 5; i += 1) await writeInvoice(w.inbox, `inv-${i}.pdf`, i);

    await until(
      () =>
        converted.length === 2 &&
        watch.status().state === 'waiting-tokens' &&
        watch.status().queued === 3 &&
        watch.status().settling === 0,
      20_000,
      'two done, then waiting with the other three queued',
    );
    // Several re-checks of the balance go by (seen in the server's log): still one notice,
    // nothing sent, nothing failed.
    const balanceChecks = () => w.server.requests.filter((request) => request.path === '/api/account').length;
    const before = balanceChecks();
    let recheck = await rechecksPlanned(clock, 'the watch planning its first balance re-check');
    for (const round of [1, 2, 3]) {
      clock.skipTo(recheck);
      // The next one planned: this one has asked and has been answered.
      recheck = await rechecksPlanned(clock, `balance re-check ${round} done and the next one planned`);
    }
    expect(balanceChecks()).toBeGreaterThanOrEqual(before + 3);
    // The notice counts the second job's tokens as spent if it was not yet accepted then.
    expect(paused).toEqual([
      {
        ruleId: 'invoices',
        reason: 'tokens',
        required: COST,
        balance: expect.toSatisfy((n: number) => n === 0 || n === 2),
        message: expect.stringContaining('top up'),
      },
    ]);
    expect(watch.status()).toMatchObject({
      state: 'waiting-tokens',
      queued: 3,
      waiting: { required: COST, balance: 2 },
    });
    expect(w.server.ledger.jobs).toHaveLength(2);
    expect(
      w.server.requests.filter((r) => r.path.startsWith('/api/convert') && r.method === 'POST'),
    ).toHaveLength(2);
    expect(failed).toEqual([]);
    // The rule stopped before the server had to refuse anything.
    expect(w.server.requests.filter((request) => request.status === 402)).toEqual([]);

    w.server.setTokens(100);
    clock.skipTo(recheck);
    await until(() => converted.length === 5, 20_000, 'the rest after the top-up');
    await watch.idle();
    expect(resumed).toEqual([{ ruleId: 'invoices', reason: 'tokens' }]);
    expect(paused).toHaveLength(1);
    expect(w.server.ledger.jobs).toHaveLength(5);
    expect(w.server.balance()).toBe(100 - 3 * COST);
    expect(watch.status().state).toBe('watching');
  });

  it('restarts a job that the server refused for tokens (402) once the balance allows', async () => {
    world = await makeWorld(1000);
    const w = world;
    // Uploads are slow, so all three are queued while the balance still looks fine; the
    // server's balance drops to 0 right after the first accepted job: the others meet a 402.
    w.server.faults.set({ drainAfterJobs: 1, slow: { path: 'convert', delayMs: 300 } });
    const clock = new SkippingClock();
    const watch = createWatch(w, { to: 'xlsx', outDir: w.out }, { clock });
    const paused = record(watch, 'paused');
    const converted = record(watch, 'converted');
    const failed = record(watch, 'failed');
    await watch.start();
    for (let i = 0; i < 3; i += 1) await writeInvoice(w.inbox, `inv-${i}.pdf`, i);
    await until(() => watch.status().state === 'waiting-tokens', 20_000, 'waiting for tokens');
    expect(paused).toHaveLength(1);
    expect(w.server.requests.filter((request) => request.status === 402).length).toBeGreaterThan(0);
    expect(watch.status().settling).toBe(0);
    const recheck = await rechecksPlanned(clock, 'the watch planning its balance re-check');
    w.server.faults.clear();
    w.server.setTokens(50);
    clock.skipTo(recheck);
    await until(() => converted.length === 3, 20_000, 'all three');
    await watch.idle();
    expect(failed).toEqual([]);
    expect(
      w.server.ledger.jobs
        .filter((job) => !job.refunded)
        .map((job) => job.sourceName)
        .sort(),
    ).toEqual(['inv-0.pdf', 'inv-1.pdf', 'inv-2.pdf']);
  });
});

describe('after success', () => {
  it('moves an original to "Converted" only after its result is saved, never a failed one', async () => {
    world = await makeWorld();
    const w = world;
    const watch = createWatch(w, { to: 'xlsx', outDir: w.out, after: 'move' });
    const converted = record(watch, 'converted');
    const failed = record(watch, 'failed');
    await watch.start();
    await writeInvoice(w.inbox, 'good.pdf', 1);
    await copyFile(join(FIXTURES, 'corrupt.pdf'), join(w.inbox, 'broken.pdf'));
    await until(() => converted.length === 1 && failed.length === 1, 20_000, 'one done, one failed');
    await watch.idle();

    expect(converted[0]).toMatchObject({
      source: join(w.inbox, 'good.pdf'),
      output: join(w.out, 'good.xlsx'),
      after: { action: 'move', movedTo: join(w.inbox, 'Converted', 'good.pdf') },
    });
    expect(failed[0]).toMatchObject({
      source: join(w.inbox, 'broken.pdf'),
      error: { code: 'corrupt_input' },
      retry: false,
    });
    expect((await readdir(w.inbox)).sort()).toEqual(['Converted', 'broken.pdf']);
    expect(await readdir(join(w.inbox, 'Converted'))).toEqual(['good.pdf']);
    expect(await readdir(w.out)).toEqual(['good.xlsx']);
  });

  it('sends an original to the trash after success when asked', async () => {
    world = await makeWorld();
    const w = world;
    const home = join(w.root, 'home');
    const context = {
      platform: 'linux' as const,
      env: { XDG_DATA_HOME: join(home, 'data') },
      home,
      uid: 1000,
    };
    const watch = createWatch(
      w,
      { to: 'xlsx', after: 'trash' },
      { trash: (path) => moveToTrash(path, context) },
    );
    const converted = record(watch, 'converted');
    await watch.start();
    await writeInvoice(w.inbox, 'invoice.pdf', 1);
    await until(() => converted.length === 1, 20_000, 'converted');
    await watch.idle();
    expect(converted[0]?.after).toEqual({ action: 'trash' });
    // The result went next to the source (no outDir); the original is in the trash.
    expect(await readdir(w.inbox)).toEqual(['invoice.xlsx']);
    expect(await readdir(join(home, 'data', 'Trash', 'files'))).toEqual(['invoice.pdf']);
  });

  it('keeps watching subfolders when recursive, and ignores its own Converted folder', async () => {
    world = await makeWorld();
    const w = world;
    const watch = createWatch(w, { to: 'xlsx', outDir: w.out, recursive: true, after: 'move' });
    const converted = record(watch, 'converted');
    await watch.start();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(w.inbox, 'march'));
    await writeInvoice(join(w.inbox, 'march'), 'a.pdf', 1);
    await until(() => converted.length === 1, 20_000, 'converted');
    await watch.idle();
    expect(converted[0]?.after).toEqual({
      action: 'move',
      movedTo: join(w.inbox, 'Converted', 'march', 'a.pdf'),
    });
    // A file placed in Converted by hand is not a source either. A real one dropped after it
    // is the fence: once that one is converted, the watch has seen both.
    await writeFile(join(w.inbox, 'Converted', 'other.pdf'), 'x');
    await writeInvoice(w.inbox, 'b.pdf', 2);
    await until(() => converted.length === 2, 20_000, 'the fence file converted');
    await watch.idle();
    expect(converted.map((entry) => basename(entry.source))).toEqual(['a.pdf', 'b.pdf']);
    expect(w.server.ledger.jobs).toHaveLength(2);
  });
});
