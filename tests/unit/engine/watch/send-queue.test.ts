// The watch's send queue on its own: complete files handed to a real engine (the local server
// over real HTTP) in order, each on the "already converted" ledger before the engine hears of
// it; a balance that cannot cover the next file makes the rule wait for tokens, said once, and
// a top-up lets it go on by itself; a file already handled, rewritten or gone is not sent; the
// person's pause holds everything; service trouble keeps the file in its place. The server
// never finishes a job here (neverFinish): what is under test is the sending, not converting.
// The queue's re-checks wait on a ManualClock the test moves: a re-check happens when the test
// says so, and close() is seen to clear the one planned.
import { appendFile, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pricing } from '../../../../shared/formats.ts';
import { conversionCost } from '../../../../shared/formats.ts';
import type { Failure } from '../../../../shared/result.ts';
import { WatchRule } from '../../../../shared/watch.ts';
import type { Engine } from '../../../../electron/engine/index.ts';
import { createEngine } from '../../../../electron/engine/index.ts';
import { sha256OfFile } from '../../../../electron/engine/watch/content-hash.ts';
import {
  type ConvertedLedger,
  ledgerKey,
  openConvertedLedger,
} from '../../../../electron/engine/watch/converted-ledger.ts';
import { SendQueue } from '../../../../electron/engine/watch/send-queue.ts';
import { readFacts } from '../../../../electron/engine/watch/stable-file.ts';
import {
  FolderWatchEmitter,
  type FolderWatchEvents,
  type SkipReason,
} from '../../../../electron/engine/watch/watch-events.ts';
import { WatchedJobs } from '../../../../electron/engine/watch/watched-jobs.ts';
import type { Candidate } from '../../../../electron/engine/watch/arrivals.ts';
import type { LocalServer } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';
import { PRICING } from '../../../../electron/localserver/context.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { FAST_ENGINE_TIMING, waitFor } from '../../../support/wait.ts';
import { cleanupsAfterEach } from '../../../support/cleanups.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

interface Rig {
  queue: SendQueue;
  engine: Engine;
  server: LocalServer;
  ledger: ConvertedLedger;
  pricing: Pricing;
  inDir: string;
  events: Partial<{ [K in keyof FolderWatchEvents]: FolderWatchEvents[K][] }>;
  skipped: { path: string; reason: SkipReason }[];
  reconsidered: string[];
  reports: { error: Failure; source?: string }[];
  handled: Map<string, SkipReason>;
  running: { value: boolean };
  clock: ManualClock;
  candidate(fixture: string, as?: string): Promise<Candidate>;
}

/** The production default (30 s): on a ManualClock it costs nothing to keep it. */
const RECHECK_MS = 30_000;

const cleanups = cleanupsAfterEach();

async function rig(
  options: { tokens?: number; key?: string; syncWaitSeconds?: number; serverClock?: ManualClock } = {},
): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-send-queue-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const inDir = join(dir, 'in');
  await mkdir(inDir);
  const server = await startLocalServer({
    tokens: options.tokens ?? 1000,
    faults: { neverFinish: {} },
    ...(options.serverClock ? { clock: options.serverClock } : {}),
  });
  cleanups.push(() => server.close());
  const made = await createEngine({
    api: { url: server.url, key: options.key ?? server.key },
    stateDir: join(dir, 'state'),
    // The server never finishes a job here, so the sync path (?wait=) only holds each accepted
    // upload's answer for the whole wait: off, unless a test moves the server's clock.
    timing: { ...FAST_ENGINE_TIMING, syncWaitSeconds: options.syncWaitSeconds ?? 0 },
  });
  if (!made.ok) throw new Error(`engine: ${made.error.code}`);
  const engine = made.value;
  cleanups.push(() => engine.close());
  const opened = await openConvertedLedger(join(dir, 'state'), 'rule-1');
  if (!opened.ok) throw new Error(`ledger: ${opened.error.code}`);
  const ledger = opened.value;
  cleanups.push(() => ledger.close());
  const rule = WatchRule.parse({ id: 'rule-1', folder: inDir, to: 'pdf' });
  const emitter = new FolderWatchEmitter();
  const events: Rig['events'] = {};
  for (const name of ['taken', 'paused', 'resumed'] as const) {
    events[name] = [];
    emitter.on(name, (payload) => (events[name] as unknown[]).push(payload));
  }
  // The local server's own price list (what its /api/formats says).
  const formats = PRICING;
  let queue: SendQueue | undefined;
  const jobs = new WatchedJobs({
    engine,
    ledger,
    rule,
    trash: async () => undefined,
    events: emitter,
    changed: () => undefined,
    pendingAgain: () => queue?.pump(),
    pastTokenCheck: (jobId) => queue?.pastTokenCheck(jobId),
    retryLater: () => undefined,
  });
  const unsubscribe = engine.on('job', (view) => jobs.onJob(view));
  cleanups.push(async () => {
    await queue?.close();
    unsubscribe();
    await jobs.settled();
  });
  const rigged: Rig = {
    engine,
    server,
    ledger,
    pricing: formats,
    inDir,
    events,
    skipped: [],
    reconsidered: [],
    reports: [],
    handled: new Map(),
    running: { value: true },
    clock: new ManualClock(),
    queue: undefined as unknown as SendQueue,
    async candidate(fixture, as) {
      const path = join(inDir, as ?? fixture);
      await copyFile(join(FIXTURES, fixture), path);
      const facts = await readFacts(path);
      if (typeof facts !== 'object') throw new Error(`${path}: ${facts}`);
      return { path, key: ledgerKey(rule.to, await sha256OfFile(path)), facts };
    },
  };
  queue = new SendQueue({
    engine,
    rule,
    ledger,
    jobs,
    pricing: formats,
    recheckMs: RECHECK_MS,
    clock: rigged.clock,
    events: emitter,
    mayRun: () => rigged.running.value,
    alreadyHandled: (key) => rigged.handled.get(key),
    skip: (path, reason) => rigged.skipped.push({ path, reason }),
    reconsider: (path) => rigged.reconsidered.push(path),
    report: (error, source) => rigged.reports.push({ error, ...(source ? { source } : {}) }),
    serviceOk: () => undefined,
    changed: () => undefined,
  });
  rigged.queue = queue;
  return rigged;
}

/** Until the queue has sent everything it can and holds no file. */
const drained = (queue: SendQueue) => () => !queue.busy && queue.length === 0;

describe('the send queue', { timeout: 60_000 }, () => {
  it('sends complete files in arrival order, each on the ledger before the engine has it', async () => {
    const { queue, candidate, events, ledger, server, pricing, engine } = await rig();
    const memo = await candidate('memo.txt');
    const notes = await candidate('notes.md');
    queue.push(memo);
    queue.push(notes);
    await waitFor(drained(queue), 'the queue to send both files');

    expect(events.taken?.map((taken) => taken.source)).toEqual([memo.path, notes.path]);
    expect(events.taken?.map((taken) => taken.tokens)).toEqual([
      conversionCost(pricing, memo.facts.bytes, 'pdf'),
      conversionCost(pricing, notes.facts.bytes, 'pdf'),
    ]);
    for (const [index, sent] of [memo, notes].entries()) {
      const entry = ledger.get(sent.key);
      expect(entry?.state).toBe('submitted');
      expect(entry?.jobId).toBe(events.taken?.[index]?.jobId);
      expect(engine.jobs().find((job) => job.id === entry?.jobId)?.source).toBe(sent.path);
    }
    await waitFor(() => server.ledger.jobs.length === 2, 'the server to accept both files');
    expect(server.ledger.jobs.map((job) => job.sourceName)).toEqual(['memo.txt', 'notes.md']);
  });

  it('waits for tokens when the balance cannot cover the next file, says so once, and goes on after a top-up', async () => {
    const { queue, candidate, events, server, pricing, clock } = await rig({ tokens: 0 });
    const memo = await candidate('memo.txt');
    const cost = conversionCost(pricing, memo.facts.bytes, 'pdf');
    server.setTokens(cost - 1);
    queue.push(memo);
    await waitFor(() => queue.waiting, 'the rule to wait for tokens');
    expect(queue.waiting).toEqual({ required: cost, balance: cost - 1 });
    expect(events.paused).toEqual([
      expect.objectContaining({ reason: 'tokens', required: cost, balance: cost - 1 }),
    ]);
    expect(queue.length).toBe(1); // the file keeps its place
    // Re-checked on its schedule (one look every RECHECK_MS of the clock), still short: no
    // second notice, nothing sent.
    const asked = () => server.requests.filter((request) => request.path.startsWith('/api/account')).length;
    for (const round of [1, 2]) {
      await clock.untilSleeping(`the rule planning look ${round} at the balance`);
      expect(clock.wakeTimes).toEqual([clock.now() + RECHECK_MS]);
      await clock.advance(RECHECK_MS);
    }
    await clock.untilSleeping('the rule planning its third look at the balance');
    // The first look and one per re-check; no more can come before the clock moves again.
    await waitFor(() => asked() >= 3, 'the server to log the three looks at the balance');
    expect(asked()).toBe(3);
    expect(events.paused).toHaveLength(1);
    expect(server.ledger.jobs).toHaveLength(0);
    expect(queue.length).toBe(1);

    server.setTokens(cost);
    await clock.advance(RECHECK_MS);
    await waitFor(() => events.resumed?.length, 'the rule to resume after the top-up');
    await waitFor(drained(queue), 'the queue to send the file');
    expect(events.taken?.map((taken) => taken.source)).toEqual([memo.path]);
    expect(queue.waiting).toBeUndefined();
    expect(events.paused).toHaveLength(1);
    expect(events.resumed).toEqual([{ ruleId: 'rule-1', reason: 'tokens' }]);
    expect(clock.wakeTimes).toEqual([]); // nothing left to re-check
  });

  it('does not hold the rule on its own job counted twice (charged, its answer not back yet)', async () => {
    // The sync path: the server takes the tokens on accepting an upload and holds its answer
    // (?wait=) on the server's clock; until it answers, the engine knows the job only as
    // reserved, so a balance read meanwhile counts that job twice.
    const serverClock = new ManualClock();
    const { queue, candidate, events, server, pricing } = await rig({
      tokens: 0,
      serverClock,
      syncWaitSeconds: 10,
    });
    const first = await candidate('memo.txt');
    const second = await candidate('notes.md');
    const firstCost = conversionCost(pricing, first.facts.bytes, 'pdf');
    const secondCost = conversionCost(pricing, second.facts.bytes, 'pdf');
    server.setTokens(firstCost + secondCost);
    const asked = () => server.requests.filter((request) => request.path.startsWith('/api/account')).length;

    queue.push(first);
    const held = serverClock.now() + 10_000;
    await serverClock.untilSleeping("the server holding the first upload's answer", (at) => at === held);
    expect(server.balance()).toBe(secondCost); // charged already
    queue.push(second);
    await waitFor(() => asked() >= 2 && !queue.busy, 'the look at the balance for the second file');
    // What is left covers the second file: no notice, no hold.
    expect(events.paused).toEqual([]);
    expect(queue.waiting).toBeUndefined();
    expect(queue.length).toBe(1);

    // The server answers for the first: the second goes at once, without a re-check.
    await serverClock.advance(10_000);
    await waitFor(drained(queue), 'the second file sent once the first was accepted');
    expect(events.taken?.map((taken) => taken.source)).toEqual([first.path, second.path]);
    expect(events.paused).toEqual([]);
    expect(events.resumed).toEqual([]);
    // Sent is not yet accepted: the second upload may still be on its way to the server.
    await waitFor(() => server.ledger.jobs.length === 2, 'the server to accept the second upload');
    expect(server.requests.filter((request) => request.status === 402)).toEqual([]);
    expect(server.balance()).toBe(0);
  });

  it('skips bytes already handled, drops a file that is gone, and hands back one rewritten since it was hashed', async () => {
    const { queue, candidate, events, skipped, reconsidered, handled, ledger } = await rig();
    const done = await candidate('memo.txt');
    handled.set(done.key, 'already-converted');
    const gone = await candidate('scan.jpg');
    await rm(gone.path);
    const rewritten = await candidate('notes.md');
    await appendFile(rewritten.path, '\nOne more line.\n');
    const fresh = await candidate('scan.png');
    for (const each of [done, gone, rewritten, fresh]) queue.push(each);
    await waitFor(drained(queue), 'the queue to go through the four files');

    expect(skipped).toEqual([{ path: done.path, reason: 'already-converted' }]);
    expect(reconsidered).toEqual([rewritten.path]);
    expect(events.taken?.map((taken) => taken.source)).toEqual([fresh.path]);
    expect(ledger.entries().map((entry) => entry.source)).toEqual([fresh.path]);
  });

  it('sends nothing while it may not run, and everything once pumped again', async () => {
    const { queue, candidate, events, running, server } = await rig();
    running.value = false;
    const memo = await candidate('memo.txt');
    queue.push(memo);
    await waitFor(() => !queue.busy, 'the round to end');
    expect(queue.length).toBe(1);
    expect(queue.has(memo.key)).toBe(true);
    expect(server.ledger.jobs).toHaveLength(0);

    running.value = true;
    queue.pump();
    await waitFor(drained(queue), 'the queue to send the file');
    expect(events.taken).toHaveLength(1);
    expect(queue.has(memo.key)).toBe(false);
  });

  it('keeps the file in its place while the service refuses the key, saying why on each re-check', async () => {
    const { queue, candidate, reports, server, clock } = await rig({ key: 'ifc_local_not_the_key' });
    const memo = await candidate('memo.txt');
    queue.push(memo);
    await waitFor(() => reports.length >= 1, 'the rule to hear the key refused');
    await clock.untilSleeping('the rule planning to try the balance again');
    await clock.advance(RECHECK_MS);
    await waitFor(() => reports.length >= 2, 'the rule to try the balance again after the refusal');
    expect(reports.map((report) => report.error.code)).toEqual(['invalid_api_key', 'invalid_api_key']);
    expect(reports[0]?.source).toBeUndefined(); // about the service, not the file
    expect(queue.length).toBe(1);
    expect(server.ledger.jobs).toHaveLength(0);

    // Closing clears the re-check it had planned: moving the clock past it starts nothing.
    await clock.untilSleeping('the rule planning a third try');
    await queue.close();
    expect(clock.wakeTimes).toEqual([]);
    expect(queue.length).toBe(0);
    expect(queue.waiting).toBeUndefined();
    const after = reports.length;
    const askedBefore = server.requests.length;
    await clock.advance(RECHECK_MS * 2);
    queue.pump(); // closed: a pump is ignored
    expect(queue.busy).toBe(false);
    expect(reports.length).toBe(after);
    expect(server.requests.length).toBe(askedBefore);
  });
});
