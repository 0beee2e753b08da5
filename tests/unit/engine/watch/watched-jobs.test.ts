// The jobs a watch handed to the engine, followed to their end through a real engine and the
// local server over real HTTP: the ledger records the outcome before anything else (converted
// with its output; failed for good when the document is at fault, forgotten and taken again
// later when it is not; cancelled), the original is moved only if it is still the bytes that
// were converted, a 402 hands the job back to the rule, and after a restart the ledger's
// half-done sends are matched with the engine's jobs.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Engine, createEngine } from '../../../../electron/engine/index.ts';
import { sha256OfFile } from '../../../../electron/engine/watch/content-hash.ts';
import {
  type ConvertedLedger,
  ledgerKey,
  openConvertedLedger,
} from '../../../../electron/engine/watch/converted-ledger.ts';
import { readFacts } from '../../../../electron/engine/watch/stable-file.ts';
import {
  FolderWatchEmitter,
  type FolderWatchEvents,
} from '../../../../electron/engine/watch/watch-events.ts';
import { WatchedJobs } from '../../../../electron/engine/watch/watched-jobs.ts';
import {
  type LocalServer,
  type LocalServerOptions,
  startLocalServer,
} from '../../../../electron/localserver/index.ts';
import { WatchRule } from '../../../../shared/watch.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { FAST_ENGINE_TIMING, waitFor } from '../../../support/wait.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

interface Rig {
  jobs: WatchedJobs;
  engine: Engine;
  server: LocalServer;
  ledger: ConvertedLedger;
  inDir: string;
  converted: FolderWatchEvents['converted'][];
  failed: FolderWatchEvents['failed'][];
  retried: string[];
  pendingAgain: number;
  pastTokenCheck: string[];
  /** Copies `fixture` into the watched folder and hands it to the engine, as the send queue does. */
  send(fixture: string, as?: string): Promise<{ jobId: string; key: string; source: string }>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(
  options: { server?: LocalServerOptions; after?: 'keep' | 'move'; stateDir?: string; dir?: string } = {},
): Promise<Rig> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'ifc-watched-jobs-')));
  if (!options.dir) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const inDir = join(dir, 'in');
  await mkdir(inDir, { recursive: true });
  const server = await startLocalServer({ tokens: 1000, ...options.server });
  cleanups.push(() => server.close());
  const made = await createEngine({
    api: { url: server.url, key: server.key },
    stateDir: join(dir, 'state'),
    // Jobs here that never finish would hold the sync path's answer for its whole wait: off.
    timing: { ...FAST_ENGINE_TIMING, syncWaitSeconds: 0 },
  });
  if (!made.ok) throw new Error(made.error.code);
  const engine = made.value;
  cleanups.push(() => engine.close());
  const opened = await openConvertedLedger(join(dir, 'state'), 'rule-1');
  if (!opened.ok) throw new Error(opened.error.code);
  const ledger = opened.value;
  cleanups.push(() => ledger.close());
  const rule = WatchRule.parse({ id: 'rule-1', folder: inDir, to: 'html', after: options.after ?? 'keep' });
  const events = new FolderWatchEmitter();
  const r: Rig = {
    engine,
    server,
    ledger,
    inDir,
    converted: [],
    failed: [],
    retried: [],
    pendingAgain: 0,
    pastTokenCheck: [],
    jobs: undefined as unknown as WatchedJobs,
    async send(fixture, as = fixture) {
      const source = join(inDir, as);
      await copyFile(join(FIXTURES, fixture), source);
      const facts = await readFacts(source);
      if (typeof facts !== 'object') throw new Error(String(facts));
      const key = ledgerKey(rule.to, await sha256OfFile(source));
      await ledger.put({ key, source, facts, state: 'submitting' });
      const sent = await engine.submit([{ source, to: rule.to }]);
      if (!sent.ok) throw new Error(sent.error.code);
      const jobId = sent.value.jobIds[0]!;
      await ledger.put({ key, source, facts, state: 'submitted', jobId });
      r.jobs.track({ jobId, key, source, facts, tokens: 1, state: 'queued' });
      return { jobId, key, source };
    },
  };
  events.on('converted', (payload) => r.converted.push(payload));
  events.on('failed', (payload) => r.failed.push(payload));
  r.jobs = new WatchedJobs({
    engine,
    ledger,
    rule,
    trash: async () => undefined,
    events,
    changed: () => undefined,
    pendingAgain: () => {
      r.pendingAgain += 1;
    },
    pastTokenCheck: (jobId) => r.pastTokenCheck.push(jobId),
    retryLater: (source) => r.retried.push(source),
  });
  const unsubscribe = engine.on('job', (view) => r.jobs.onJob(view));
  cleanups.push(async () => {
    unsubscribe();
    await r.jobs.settled();
  });
  return r;
}

describe('following a watch’s jobs', { timeout: 120_000 }, () => {
  it('records a converted job with its output, then moves the original into Converted', async () => {
    const r = await rig({ after: 'move' });
    const { jobId, key, source } = await r.send('notes.md', '議事録 📝.md');
    expect(r.jobs.active).toBe(1);
    await waitFor(() => r.converted.length === 1, 'the job to be converted');
    await r.jobs.settled();
    const output = r.converted[0]!.output!;
    expect(r.ledger.get(key)).toMatchObject({ state: 'converted', jobId, output });
    expect(await readFile(output, 'utf8')).toMatch(/<h1[^>]*>/);
    expect(r.converted[0]!.after).toEqual({
      action: 'move',
      movedTo: join(r.inDir, 'Converted', '議事録 📝.md'),
    });
    expect(await readdir(r.inDir)).not.toContain('議事録 📝.md');
    expect(new Set(r.pastTokenCheck)).toEqual(new Set([jobId])); // accepted, then ended
    expect([r.jobs.active, r.jobs.converted, r.jobs.failed]).toEqual([0, 1, 0]);
    expect(source).toBe(join(r.inDir, '議事録 📝.md'));
  });

  it('leaves an original alone that was written again while it converted', async () => {
    // The server holds each status answer (on a clock the test moves) so the job cannot end
    // before the file is written again.
    const clock = new ManualClock();
    const r = await rig({
      after: 'move',
      server: { clock, faults: { slow: { path: 'status', delayMs: 300 } } },
    });
    const { source } = await r.send('notes.md');
    await clock.untilSleeping('the server holding the first status answer');
    await writeFile(source, '# Rewritten meanwhile\n');
    await clock.runUntil(waitFor(() => r.converted.length === 1, 'the job to be converted'));
    await r.jobs.settled();
    expect(r.converted[0]!.after).toEqual({ action: 'left', reason: 'changed' });
    expect(await readFile(source, 'utf8')).toBe('# Rewritten meanwhile\n');
  });

  it('remembers a document that cannot convert as failed, never to be sent again', async () => {
    const r = await rig({ server: { faults: { failJobs: { code: 'corrupt_input' } } } });
    const { key } = await r.send('notes.md');
    await waitFor(() => r.failed.length === 1, 'the job to fail');
    await r.jobs.settled();
    expect(r.ledger.get(key)).toMatchObject({ state: 'failed', code: 'corrupt_input' });
    expect(r.failed[0]).toMatchObject({ retry: false, error: { code: 'corrupt_input' } });
    expect(r.retried).toEqual([]);
    expect([r.jobs.converted, r.jobs.failed]).toEqual([0, 1]);
  });

  it('forgets a job that failed through no fault of the document, and asks to take it again later', async () => {
    const r = await rig({ server: { faults: { failJobs: { code: 'internal_error' } } } });
    const { key, source } = await r.send('notes.md');
    await waitFor(() => r.failed.length === 1, 'the job to fail');
    await r.jobs.settled();
    expect(r.ledger.get(key)).toBeUndefined();
    expect(r.failed[0]?.retry).toBe(true);
    expect(r.retried).toEqual([source]);
  });

  it('records a cancelled job as cancelled', async () => {
    const r = await rig({ server: { faults: { neverFinish: {} } } });
    const { jobId, key } = await r.send('notes.md');
    await waitFor(() => r.pastTokenCheck.includes(jobId), 'the server to accept the job');
    expect(r.jobs.reservedTokens()).toBe(0); // accepted: charged, no longer only reserved
    await r.engine.cancel(jobId);
    await waitFor(() => r.ledger.get(key)?.state === 'cancelled', 'the ledger to say cancelled');
    expect(r.jobs.active).toBe(0);
  });

  it('hands a job the server refused for tokens back to the rule, waiting for a top-up', async () => {
    // The server holds the upload (on a clock the test moves) while the balance runs dry.
    const clock = new ManualClock();
    const r = await rig({ server: { clock, faults: { slow: { path: 'convert', delayMs: 1000 } } } });
    const { jobId } = await r.send('notes.md');
    await clock.untilSleeping('the server holding the upload');
    // On its way, not yet accepted: reserved (the engine's estimate of its cost).
    expect(r.jobs.reservedTokens()).toBe(r.engine.jobs().find((job) => job.id === jobId)?.tokens);
    expect(r.jobs.reservedTokens()).toBeGreaterThan(0);
    r.server.setTokens(0);
    await clock.advance(1000);
    await waitFor(() => r.pendingAgain > 0, 'the rule to hear its job went back to pending');
    expect(r.jobs.pendingJobs().map((flight) => flight.jobId)).toEqual([jobId]);
    expect(r.jobs.reservedTokens()).toBe(0); // pending: not on its way
    expect(r.jobs.active).toBe(1);
    expect(r.converted).toEqual([]);
  });

  it('after a restart, follows the sends the ledger recorded and forgets those the engine never had', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-watched-jobs-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await rig({ dir, server: { faults: { neverFinish: {} } } });
    const { jobId, key } = await first.send('notes.md');
    await waitFor(() => first.pastTokenCheck.includes(jobId), 'the server to accept the job');
    // Crash right after writing "submitting" for the next file, before the engine had it:
    await first.ledger.put({
      key: 'html:never-sent',
      source: join(first.inDir, 'memo.txt'),
      state: 'submitting',
    });
    // ... and the first one recorded as "submitting" too (crash before its "submitted" line).
    await first.ledger.put({ key, source: join(first.inDir, 'notes.md'), state: 'submitting' });
    for (const cleanup of cleanups.splice(1).reverse()) await cleanup(); // close all but the folder

    const again = await rig({ dir });
    await again.jobs.adopt();
    expect(again.ledger.get('html:never-sent')).toBeUndefined();
    expect(again.ledger.get(key)).toMatchObject({ state: 'submitted', jobId });
    expect(again.jobs.active).toBe(1);
  });
});
