// From a real engine's events (the local server over real HTTP, real files in a temp dir) to
// what the window, the tray and the OS hear: the window sees every job's final state before
// its batch is announced; a converted file and a failed one land in the recent results on
// disk; one notification per batch, none when notifications are off, none for a watched
// folder's batch and none for the parts of a combine (which are not results either); the
// taskbar progress follows the jobs; the balance is kept until forgotten; detaching stops
// everything. Nothing here waits out time: the service's pacing is flushed, and every wait is
// for a positive event.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngineEvents, type EngineEvents } from '../../../electron/app-service/engine-events.ts';
import { createEventBus } from '../../../electron/app-service/event-bus.ts';
import { HISTORY_FILE, type History, openHistory } from '../../../electron/app-service/history.ts';
import type { PlatformAdapters } from '../../../electron/app-service/platform.ts';
import type { Engine } from '../../../electron/engine/index.ts';
import type { FaultPlan, LocalServer } from '../../../electron/localserver/index.ts';
import type { EventName, EventPayloads } from '../../../shared/ipc/contract.ts';
import { headlessPlatform } from '../../support/headless-platform.ts';
import { waitFor } from '../../support/wait.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';
import { serverAndEngine } from '../../support/server-and-engine.ts';

const cleanups = cleanupsAfterEach();

type Heard = { [E in EventName]?: EventPayloads[E][] } & { order: EventName[] };

interface Rig {
  engine: Engine;
  server: LocalServer;
  events: EngineEvents;
  history: History;
  dir: string;
  heard: Heard;
  notices: { title: string; body: string }[];
  progress: (number | undefined)[];
  notifications: { on: boolean };
  quiet: Set<string>;
  parts: Set<string>;
  detach: () => void;
  /** A fixture copied under a name of the test's choosing (the fixtures folder is read-only). */
  file(fixture: string, as: string): Promise<string>;
  /** Submits files for `to` and resolves with the batch id once the window heard it finished. */
  convert(sources: string[], to: string): Promise<string>;
}

async function rig(faults: Partial<FaultPlan> = {}, intervalMs = 5): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-engine-events-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'in'));
  await mkdir(join(dir, 'user'));
  const { server, engine } = await serverAndEngine(dir, cleanups, { tokens: 1000, faults });
  const history = await openHistory(join(dir, 'user'));
  const bus = createEventBus();
  const heard: Heard = { order: [] };
  for (const name of [
    'jobs:changed',
    'batch:finished',
    'balance:changed',
    'engine:status',
    'history:changed',
  ] as const) {
    bus.on(name, (payload) => {
      heard.order.push(name);
      const list = (heard[name] ?? []) as unknown[];
      list.push(payload);
      (heard as Record<string, unknown>)[name] = list;
    });
  }
  const notices: Rig['notices'] = [];
  const progress: Rig['progress'] = [];
  const platform: PlatformAdapters = {
    ...headlessPlatform(),
    notify: (title, body) => notices.push({ title, body }),
    setProgress: (fraction) => progress.push(fraction),
  };
  const notifications = { on: true };
  const quiet = new Set<string>();
  const parts = new Set<string>();
  const events = createEngineEvents({
    bus,
    history,
    platform,
    intervalMs,
    noticeWindowMs: 5,
    notificationsOn: () => notifications.on,
    jobs: () => engine.jobs(),
    quietBatch: (batchId) => quiet.has(batchId),
    partsBatch: (batchId) => parts.has(batchId),
  });
  cleanups.push(async () => events.close());
  const detach = events.attach(engine);
  const rigged: Rig = {
    engine,
    server,
    events,
    history,
    dir,
    heard,
    notices,
    progress,
    notifications,
    quiet,
    parts,
    detach,
    async file(fixture, as) {
      const path = join(dir, 'in', as);
      await copyFile(join(FIXTURES, fixture), path);
      return path;
    },
    async convert(sources, to) {
      const submitted = await engine.submit(
        sources.map((source) => ({ source, to, outDir: join(dir, 'out') })),
        { partial: false, conflict: 'rename' },
      );
      if (!submitted.ok) throw new Error(`submit: ${submitted.error.code}`);
      const { batchId } = submitted.value;
      await waitFor(
        () => heard['batch:finished']?.some((summary) => summary.batchId === batchId),
        `batch ${batchId} announced to the window`,
      );
      return batchId;
    },
  };
  return rigged;
}

describe('engine events as the window, the tray and the OS hear them', () => {
  it('announces a batch only after the window has seen its jobs finished, and records the result', async () => {
    const r = await rig();
    const source = await r.file('notes.md', 'Notizen für März – 日本語.md');
    const batchId = await r.convert([source], 'html');
    const finishedAt = r.heard.order.indexOf('batch:finished');
    const lastJobs = r.heard.order.slice(0, finishedAt).lastIndexOf('jobs:changed');
    expect(lastJobs).toBeGreaterThanOrEqual(0);
    // The jobs message sent before the announcement already shows the job completed.
    const jobsMessages = r.heard['jobs:changed'] ?? [];
    const seenBefore = jobsMessages
      .slice(0, r.heard.order.slice(0, finishedAt).filter((name) => name === 'jobs:changed').length)
      .flatMap((message) => message.jobs)
      .filter((job) => job.batchId === batchId);
    expect(seenBefore.at(-1)?.state).toBe('completed');

    await waitFor(() => r.history.find(seenBefore.at(-1)!.id), 'the result in the recent results');
    const entry = r.history.find(seenBefore.at(-1)!.id)!;
    expect(entry.source).toBe(source);
    expect(entry.output).toMatch(/\.html$/);
    expect(await readFile(entry.output!, 'utf8')).toMatch(/<h1|<p/i);
    await r.history.written();
    const onDisk = JSON.parse(await readFile(join(r.dir, 'user', HISTORY_FILE), 'utf8')) as {
      jobId: string;
    }[];
    expect(onDisk.map((item) => item.jobId)).toEqual([entry.jobId]);
    await waitFor(() => r.heard['history:changed']?.some((list) => list.length === 1), 'history:changed');

    await waitFor(() => r.notices.length > 0, 'the batch notification');
    expect(r.notices).toHaveLength(1);
    // The taskbar bar moved while the job ran, and is cleared once nothing is left to do.
    expect(r.progress.length).toBeGreaterThan(0);
    expect(r.progress.at(-1)).toBeUndefined();
  });

  it('holds the announcement while the window is paced, and sends it right after the jobs on a flush', async () => {
    // A pace no test outlives: after the first message, nothing leaves until flushed.
    const r = await rig({}, 600_000);
    const source = await r.file('notes.md', 'paced.md');
    const settled = new Promise<string>((resolve) => {
      const off = r.engine.on('batch', (summary) => {
        off();
        resolve(summary.batchId);
      });
    });
    const submitted = await r.engine.submit([{ source, to: 'html', outDir: join(r.dir, 'out') }], {
      conflict: 'rename',
    });
    if (!submitted.ok) throw new Error(submitted.error.code);
    expect(await settled).toBe(submitted.value.batchId);
    // The engine has announced it; the window has not yet seen the job completed, so it must
    // not hear of the batch either.
    const seen = (r.heard['jobs:changed'] ?? []).flatMap((message) => message.jobs);
    expect(seen.some((job) => job.state === 'completed')).toBe(false);
    expect(r.heard['batch:finished'] ?? []).toEqual([]);
    r.events.flush();
    const last = r.heard.order.lastIndexOf('batch:finished');
    expect(last).toBeGreaterThan(0);
    expect(r.heard.order.lastIndexOf('jobs:changed')).toBeLessThan(last);
    expect(r.heard['jobs:changed']?.at(-1)?.jobs.map((job) => job.state)).toEqual(['completed']);
  });

  it('records a failure with its code and sentence, and tells it once in a notification', async () => {
    const r = await rig({ failJobs: { code: 'conversion_failed', match: 'broken' } });
    const good = await r.file('notes.md', 'fine.md');
    const bad = await r.file('notes.md', 'broken.md');
    await r.convert([good, bad], 'html');
    const jobs = r.engine.jobs();
    const failed = jobs.find((job) => job.source === bad)!;
    expect(failed.state).toBe('failed');
    await waitFor(() => r.history.find(failed.id), 'the failure in the recent results');
    const entry = r.history.find(failed.id)!;
    expect(entry.output).toBeUndefined();
    expect(entry.failure?.code).toBe(failed.error?.code);
    expect(entry.failure?.message).toBe(failed.error?.message);
    await waitFor(() => r.notices.length > 0, 'the batch notification');
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]!.body).toMatch(/1/);
  });

  it("sends no notification when they are off, or for a watched folder's batch, but keeps the history", async () => {
    const r = await rig();
    r.notifications.on = false;
    const first = await r.convert([await r.file('notes.md', 'one.md')], 'html');
    // Its notice is decided now, while notifications are still off (not when its window ends).
    r.events.flush();
    // A watched folder's batch: quiet from the moment it is known.
    r.notifications.on = true;
    const unsubscribe = r.engine.on('job', (job) => {
      if (job.sourceName === 'two.md') r.quiet.add(job.batchId);
    });
    const second = await r.convert([await r.file('notes.md', 'two.md')], 'html');
    unsubscribe();
    r.events.flush();
    expect(first).not.toBe(second);
    await waitFor(() => r.history.entries().length === 2, 'both results in the recent results');
    expect(r.notices).toEqual([]);
  });

  it("keeps a combine's parts out of the recent results and notifications, yet announces their batch", async () => {
    const r = await rig();
    const unsubscribe = r.engine.on('job', (job) => r.parts.add(job.batchId));
    const batchId = await r.convert([await r.file('notes.md', 'part.md')], 'html');
    unsubscribe();
    r.events.flush();
    expect(r.heard['batch:finished']?.map((summary) => summary.batchId)).toContain(batchId);
    await r.history.written();
    expect(r.history.entries()).toEqual([]);
    expect(r.heard['history:changed'] ?? []).toEqual([]);
    expect(r.notices).toEqual([]);
  });

  it('keeps the newest balance the engine reported until it is forgotten', async () => {
    const r = await rig();
    expect(r.events.balance()).toBeUndefined();
    r.server.setTokens(777);
    await r.engine.balance();
    await waitFor(() => r.events.balance()?.tokens === 777, 'the balance of 777');
    r.events.flush();
    expect(r.heard['balance:changed']?.at(-1)?.tokens).toBe(777);
    r.events.forgetBalance();
    expect(r.events.balance()).toBeUndefined();
  });

  it('tells the window of removed jobs and a status set by the service', async () => {
    const r = await rig();
    await r.convert([await r.file('notes.md', 'gone.md')], 'html');
    const job = r.engine.jobs()[0]!;
    r.events.removed([job.id]);
    r.events.status({ paused: true, needsKey: false, running: 0 });
    r.events.flush();
    expect(r.heard['jobs:changed']?.some((message) => message.removed.includes(job.id))).toBe(true);
    expect(r.heard['engine:status']?.at(-1)).toEqual({ paused: true, needsKey: false, running: 0 });
  });

  it('hears nothing more from an engine once detached', async () => {
    const r = await rig();
    r.detach();
    const submitted = await r.engine.submit(
      [{ source: await r.file('notes.md', 'after.md'), to: 'html', outDir: join(r.dir, 'out') }],
      {
        conflict: 'rename',
      },
    );
    if (!submitted.ok) throw new Error(submitted.error.code);
    // Wait for the engine itself to finish the batch (a positive event), then flush.
    await new Promise<void>((resolve) => {
      const off = r.engine.on('batch', (summary) => {
        if (summary.batchId !== submitted.value.batchId) return;
        off();
        resolve();
      });
    });
    r.events.flush();
    expect(r.heard['jobs:changed'] ?? []).toEqual([]);
    expect(r.heard['batch:finished'] ?? []).toEqual([]);
    expect(r.history.entries()).toEqual([]);
  });
});
