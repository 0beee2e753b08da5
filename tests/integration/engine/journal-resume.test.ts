// The journal and what it makes possible: a 402 that leaves exactly the rest pending, a stop
// and a resume that never uploads an accepted file again, one process per state dir, stalled
// jobs kept with their id, and a journal that holds everything needed but never the key.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index.ts';
import { ManualClock, SkippingClock } from '../../support/manual-clock.ts';
import { waitFor } from '../../support/wait.ts';
import { filesContaining, makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

async function sources(count: number): Promise<string[]> {
  const out: string[] = [];
  for (let index = 1; index <= count; index += 1) out.push(await world.fixture('sales.csv', `s${index}.csv`));
  return out;
}

describe('journal and resume', () => {
  it('402 mid-batch leaves exactly the rest pending; resume finishes it without re-uploading', async () => {
    world = await makeWorld();
    const files = await sources(5);
    world.server.faults.set({ drainAfterJobs: 2 });
    const engine = await world.engine({ concurrency: { upload: 1 } });
    const batches: string[][] = [];
    engine.on('batch', (summary) => batches.push(summary.pending.map((entry) => entry.source)));
    await engine.submit(files.map((source) => ({ source, to: 'json' })));
    await engine.idle();
    expect(engine.jobs().map((job) => job.state)).toEqual([
      'completed',
      'completed',
      'pending',
      'pending',
      'pending',
    ]);
    expect(engine.jobs()[2]?.wait?.kind).toBe('tokens');
    expect(batches).toEqual([files.slice(2)]);
    expect(world.server.ledger.jobs).toHaveLength(2);

    world.server.faults.clear();
    world.server.setTokens(100);
    const resumed = await engine.resumeJournal();
    expect(resumed.ok && resumed.value.jobIds.length).toBe(3);
    await engine.idle();
    expect(engine.jobs().every((job) => job.state === 'completed')).toBe(true);
    const accepted = world.server.ledger.jobs.map((entry) => entry.sourceName).sort();
    expect(accepted).toEqual(['s1.csv', 's2.csv', 's3.csv', 's4.csv', 's5.csv']);
    expect(world.server.ledger.postsBySourceName('s1.csv')).toBe(1);
    expect(world.server.ledger.postsBySourceName('s2.csv')).toBe(1);
  });

  it('treats a job that fails for lack of tokens like a 402: it and the rest wait for a top-up', async () => {
    world = await makeWorld();
    const files = await sources(3);
    world.server.faults.set({ failJobs: { code: 'insufficient_tokens', count: 1, match: 's1' } });
    const engine = await world.engine({ concurrency: { upload: 1 } });
    await engine.submit(files.map((source) => ({ source, to: 'json' })));
    await engine.idle();
    expect(engine.jobs().map((job) => [job.state, job.wait?.kind])).toEqual([
      ['pending', 'tokens'],
      ['pending', 'tokens'],
      ['pending', 'tokens'],
    ]);
    world.server.faults.clear();
    await engine.resumeJournal();
    await engine.idle();
    expect(engine.jobs().map((job) => job.state)).toEqual(['completed', 'completed', 'completed']);
    // The refused s1 job was refunded by the server; the new submission is charged once.
    const charged = world.server.ledger.jobs
      .filter((entry) => !entry.refunded)
      .map((entry) => entry.sourceName);
    expect(charged.sort()).toEqual(['s1.csv', 's2.csv', 's3.csv']);
  });

  it('after a stop, polls and downloads accepted jobs instead of uploading them again', async () => {
    world = await makeWorld();
    const files = await sources(3);
    world.server.faults.set({ neverFinish: {} });
    const first = await world.engine({ timing: { syncWaitSeconds: 0, poll: { firstMs: 50, maxMs: 100 } } });
    await first.submit(files.map((source) => ({ source, to: 'json' })));
    await waitFor(
      () => first.jobs().every((job) => job.state === 'processing'),
      'every job accepted and being polled',
    );
    await first.close();
    world.engines = [];
    const journal = JSON.parse(await readFile(join(world.stateDir, 'journal.json'), 'utf8'));
    for (const job of journal.jobs) {
      expect(job.state).toBe('processing');
      expect(job.serverJobId).toMatch(/^j_/);
      expect(job.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(await filesContaining(world.stateDir, world.server.key)).toEqual([]);

    world.server.faults.clear();
    // neverFinish keeps those jobs processing on the server; a resumed engine still only polls,
    // until their stall deadline passes on its clock (moved once all three are being polled).
    const clock = new SkippingClock();
    const stallAfterMs = 20_000;
    const second = await world.engine({ clock, timing: { poll: { firstMs: 50, maxMs: 100, stallAfterMs } } });
    const sentBefore = world.server.requests.length;
    const resumed = await second.resumeJournal();
    expect(resumed.ok && resumed.value.jobIds.length).toBe(3);
    const polled = () =>
      new Set(
        world.server.requests
          .slice(sentBefore)
          .filter((request) => request.path.startsWith('/api/convert/status/'))
          .map((request) => request.path),
      ).size;
    await waitFor(() => polled() === 3, 'each resumed job asked about on the server');
    clock.skipTo(clock.now() + stallAfterMs);
    await second.idle();
    expect(second.jobs().map((job) => job.state)).toEqual(['stalled', 'stalled', 'stalled']);
    for (const name of ['s1.csv', 's2.csv', 's3.csv'])
      expect(world.server.ledger.postsBySourceName(name)).toBe(1);
    expect(world.server.ledger.jobs).toHaveLength(3);
  });

  it('resumes a stop that left finished results waiting to be downloaded', async () => {
    world = await makeWorld();
    const files = await sources(2);
    world.server.faults.set({ slow: { path: 'download', delayMs: 400 } });
    const first = await world.engine();
    await first.submit(files.map((source) => ({ source, to: 'json' })));
    // Stopped with results on the server: every job converted, one at least still downloading
    // (on a busy machine the two may convert far apart, so one can be saved already).
    await waitFor(
      () => {
        const states = first.jobs().map((job) => job.state);
        return (
          states.every((state) => state === 'downloading' || state === 'completed') &&
          states.includes('downloading')
        );
      },
      'every job converted and a result being downloaded',
      50_000,
    );
    await first.close();
    world.engines = [];
    world.server.faults.clear();
    const second = await world.engine();
    await second.resumeJournal();
    await second.idle();
    expect(second.jobs().map((job) => job.state)).toEqual(['completed', 'completed']);
    expect(world.server.ledger.jobs).toHaveLength(2);
    expect((await world.files()).filter((file) => file.endsWith('.part'))).toEqual([]);
  });

  it('lets only one process use a state dir, and takes over the lock of a dead one', async () => {
    world = await makeWorld();
    await world.engine();
    const second = await createEngine({
      api: { url: world.server.url, key: world.server.key },
      stateDir: world.stateDir,
    });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe('state_locked');
    await world.engines.pop()!.close();
    // A lock left by a process that no longer runs (a crash, SIGKILL).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const { hostname } = await import('node:os');
    await writeFile(
      join(world.stateDir, 'lock'),
      JSON.stringify({ pid: Number(dead.stdout), host: hostname(), token: 'x' }),
    );
    const third = await world.engine();
    expect(third.jobs()).toEqual([]);
  });

  it('lets exactly one of two engines started at the same moment have the state dir', async () => {
    world = await makeWorld();
    const options = { api: { url: world.server.url, key: world.server.key }, stateDir: world.stateDir };
    const both = await Promise.all([createEngine(options), createEngine(options)]);
    expect(both.filter((made) => made.ok)).toHaveLength(1);
    expect(both.filter((made) => !made.ok && made.error.code === 'state_locked')).toHaveLength(1);
    for (const made of both) if (made.ok) await made.value.close();
  });

  it('sets a damaged journal aside and starts a new one', async () => {
    world = await makeWorld();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(world.stateDir, { recursive: true });
    await writeFile(join(world.stateDir, 'journal.json'), '{"version":1,"jobs":[{"id":');
    const engine = await world.engine();
    expect(engine.journalSetAside).toMatch(/journal\.damaged-\d+\.json$/);
    expect(engine.jobs()).toEqual([]);
  });

  it('marks a job the server never finishes as stalled, keeps its id, and never resubmits it', async () => {
    // On a clock the test moves: nothing converts (the job is held), so the 1 s poll hints and
    // the 2.5 s stall deadline pass as soon as the engine sleeps on them.
    const clock = new ManualClock();
    world = await makeWorld({ clock });
    const [source] = await sources(1);
    world.server.faults.set({ neverFinish: {}, statusRetryAfterSeconds: 1 });
    const engine = await world.engine({
      clock,
      timing: { syncWaitSeconds: 0, poll: { firstMs: 10, maxMs: 20, stallAfterMs: 2500 } },
    });
    await clock.runUntil(engine.submit([{ source: source!, to: 'json' }]));
    await clock.runUntil(engine.idle());
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('stalled');
    expect(job.serverJobId).toMatch(/^j_/);
    // The status answers' Retry-After hint (1 s) replaced the 10-20 ms schedule.
    const polls = world.server.requests.filter((request) => request.path.startsWith('/api/convert/status'));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.length).toBeLessThanOrEqual(4);
    for (const [index, poll] of polls.slice(1).entries())
      expect(poll.at - polls[index]!.at).toBeGreaterThanOrEqual(1000);
    expect(engine.checkAgain(job.id).ok).toBe(true);
    expect(engine.jobs()[0]?.state).toBe('processing');
    await engine.cancel(job.id);
    expect(engine.jobs()[0]?.state).toBe('cancelled');
    expect(world.server.ledger.postsBySourceName('s1.csv')).toBe(1);
  });
});

describe('queue control', () => {
  it('sends nothing while paused and everything once resumed', async () => {
    world = await makeWorld();
    const files = await sources(2);
    const engine = await world.engine();
    engine.pause();
    await engine.submit(files.map((source) => ({ source, to: 'json' })));
    // Paused before they came: the upload lane was held first, so none can have started.
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    expect(engine.jobs().map((job) => job.wait?.kind)).toEqual(['paused', 'paused']);
    expect(engine.status().paused).toBe(true);
    engine.resume();
    await engine.idle();
    expect(engine.jobs().map((job) => job.state)).toEqual(['completed', 'completed']);
  });

  it('uploads the files just added before the rest of an older batch', async () => {
    world = await makeWorld();
    const files = await sources(4);
    world.server.faults.set({ slow: { path: 'convert', delayMs: 150 } });
    const engine = await world.engine({ concurrency: { upload: 1 } });
    await engine.submit(files.slice(0, 3).map((source) => ({ source, to: 'json' })));
    // Added once the older batch's first upload is on its way (the upload lane is busy).
    await waitFor(
      () => world.server.requests.some((request) => request.method === 'POST'),
      'the older batch to start uploading',
    );
    await engine.submit([{ source: files[3]!, to: 'json' }]);
    await engine.idle();
    const order = world.server.ledger.jobs.map((entry) => entry.sourceName);
    expect(order.indexOf('s4.csv')).toBeLessThan(order.indexOf('s3.csv'));
  });

  it('cancels a queued job locally and an accepted one on the server', async () => {
    world = await makeWorld();
    const files = await sources(2);
    world.server.faults.set({ neverFinish: { match: 's1' } });
    const engine = await world.engine({ concurrency: { upload: 1 }, timing: { syncWaitSeconds: 0 } });
    engine.pause();
    await engine.submit(files.map((source) => ({ source, to: 'json' })));
    const [first, second] = engine.jobs();
    expect((await engine.cancel(second!.id)).ok).toBe(true);
    engine.resume();
    await waitFor(() => engine.jobs()[0]?.state === 'processing', 's1 accepted by the server');
    expect((await engine.cancel(first!.id)).ok).toBe(true);
    await engine.idle();
    expect(engine.jobs().map((job) => job.state)).toEqual(['cancelled', 'cancelled']);
    expect(
      world.server.requests.some((request) => request.method === 'DELETE' && request.status === 204),
    ).toBe(true);
    expect(world.server.ledger.postsBySourceName('s2.csv')).toBe(0);
  });
});
