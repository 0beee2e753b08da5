// The fault matrix: for each fault the local server can inject, a batch of mixed files (random
// .bin byte copies on the sync and the polled path, two real documents, an encrypted PDF and an
// empty file) ends with every file either byte-exact at its output path or listed with the
// right code, nothing else left in the output folder, and the ledger showing no double charge.
// Real engine, real server, loopback HTTP; only the engine's timings are shortened, and a
// Retry-After wait is skipped on the clock server and engine share once the engine is seen
// waiting it out (the request log's times are that clock's, so the window is still checked).
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineTiming } from '../../../electron/engine/index.ts';
import type { FaultPlan, LocalServer } from '../../../electron/localserver/index.ts';
import type { BatchSummary } from '../../../shared/jobs.ts';
import { SkippingClock, spansARetryAfter } from '../../support/manual-clock.ts';
import { waitFor } from '../../support/wait.ts';
import {
  expectEveryFileAccountedFor,
  expectNoDoubleCharge,
  expectOnlyOutputs,
  FAST_TIMING,
  type MixedInput,
  makeWorld,
  mixedInputs,
  outputNames,
  referenceOutputs,
  runBatch,
  type World,
} from './helpers.ts';

let references: Map<string, Buffer>;
let world: World | undefined;

beforeAll(async () => {
  references = await referenceOutputs();
});

afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(faults: Partial<FaultPlan>, timing: EngineTiming = FAST_TIMING, clock?: SkippingClock) {
  world = await makeWorld({ faults, ...(clock ? { clock } : {}) }, timing);
  const inputs = await mixedInputs(world.inputDir, references);
  return { world, inputs };
}

/** After each 429, nothing that the client sent once it had the answer arrived before Retry-After. */
function expectQuietAfter429(server: LocalServer, waitMs: number): void {
  const api = server.requests.filter((entry) => entry.origin === 'api');
  const limited = api.filter((entry) => entry.status === 429);
  expect(limited.length, 'the 429 fault fired').toBeGreaterThan(0);
  for (const hit of limited) {
    // Requests already on their way when the 429 was answered may still arrive just after it.
    const early = api.filter((entry) => entry.at > hit.at + 200 && entry.at < hit.at + waitMs - 50);
    expect(early.map((entry) => `${entry.method} ${entry.path} +${entry.at - hit.at} ms`)).toEqual([]);
  }
  const last = limited.at(-1)!;
  expect(
    api.some((entry) => entry.at >= last.at + waitMs - 50),
    'work resumed after the wait',
  ).toBe(true);
}

function expectFaultSpent(server: LocalServer, name: 'resetUpload' | 'truncateDownload'): void {
  expect(server.faults.current()[name]?.count, `${name} fired every time it was armed`).toBe(0);
}

async function runAndCheck(
  inputs: MixedInput[],
  run: (work: Promise<BatchSummary>) => Promise<BatchSummary> = (work) => work,
): Promise<BatchSummary> {
  const w = world!;
  const summary = await run(runBatch(w.engine, inputs));
  await expectEveryFileAccountedFor(inputs, summary, w.engine.jobs(), w.outDir);
  await expectOnlyOutputs(w.outDir, outputNames(inputs));
  expectNoDoubleCharge(w.server, summary);
  return summary;
}

describe('fault matrix: every file byte-exact or listed with its code, never charged twice', () => {
  it('no fault (the control run)', async () => {
    const { inputs } = await start({});
    await runAndCheck(inputs);
  });

  it('429 with Retry-After in seconds: nothing is sent before it, then the batch completes', async () => {
    const clock = new SkippingClock();
    const { world: w, inputs } = await start(
      { rateLimit: { count: 2, retryAfterSeconds: 1 } },
      FAST_TIMING,
      clock,
    );
    await runAndCheck(inputs, (work) => clock.skipWhile(work, spansARetryAfter(w.server.requests, 1)));
    expectQuietAfter429(w.server, 1000);
  });

  it('429 with Retry-After as an HTTP-date: nothing is sent before that instant', async () => {
    const clock = new SkippingClock();
    const { world: w, inputs } = await start(
      { rateLimit: { count: 2, retryAfterSeconds: 1, asDate: true } },
      FAST_TIMING,
      clock,
    );
    await runAndCheck(inputs, (work) => clock.skipWhile(work, spansARetryAfter(w.server.requests, 1)));
    // The date is rounded up to a whole second, so the wait is at least the second asked for.
    expectQuietAfter429(w.server, 1000);
  });

  it('5xx bursts on upload, status and download are retried away', async () => {
    const { world: w, inputs } = await start({
      serverError: [
        { path: 'convert', status: 503, count: 2 },
        { path: 'status', status: 500, count: 2 },
        { path: 'download', status: 502, count: 2 },
      ],
    });
    await runAndCheck(inputs);
    expect(w.server.faults.current().serverError?.map((fault) => fault.count)).toEqual([0, 0, 0]);
  });

  it('5xx longer than the retries: every file fails with server_error after 4 attempts, nothing charged', async () => {
    const { world: w, inputs } = await start({
      serverError: [{ path: 'convert', status: 500, count: 1000 }],
    });
    for (const input of inputs) {
      if (input.expect.kind !== 'skipped') input.expect = { kind: 'failed', code: 'server_error' };
    }
    await runAndCheck(inputs);
    const posts = w.server.requests.filter(
      (entry) => entry.method === 'POST' && entry.path === '/api/convert',
    );
    // Each failed file: exactly the policy's 4 attempts, all under its one key, nothing charged.
    // (A late progress report from a read still in flight once sent a file round again with a
    // fresh set of attempts; multipart-body.test.ts pins that down.)
    const perKey = new Map<string, number>();
    for (const post of posts)
      perKey.set(post.idempotencyKey ?? '', (perKey.get(post.idempotencyKey ?? '') ?? 0) + 1);
    expect(perKey.size).toBe(inputs.filter((input) => input.expect.kind === 'failed').length);
    for (const count of perKey.values()) expect(count).toBe(4);
    expect(w.server.ledger.jobs).toEqual([]);
  });

  it('connections reset mid-upload: re-sent with the same Idempotency-Key, accepted once', async () => {
    const { world: w, inputs } = await start({ resetUpload: { count: 3 } });
    await runAndCheck(inputs);
    expectFaultSpent(w.server, 'resetUpload');
    const cut = w.server.requests.filter((entry) => entry.path === '/api/convert' && entry.status === 0);
    expect(cut.length).toBe(3);
    for (const entry of cut) {
      const accepted = w.server.ledger.jobs.find((job) => job.idempotencyKey === entry.idempotencyKey);
      expect(accepted, 'a cut upload was re-sent under the same key and accepted').toBeDefined();
    }
  });

  it('connections cut mid-download: downloaded again, never converted again', async () => {
    const { world: w, inputs } = await start({ truncateDownload: { count: 3 } });
    await runAndCheck(inputs);
    expectFaultSpent(w.server, 'truncateDownload');
  });

  it('slow status answers: the polled job still completes', async () => {
    const { world: w, inputs } = await start({ slow: { path: 'status', delayMs: 700 } });
    await runAndCheck(inputs);
    expect(w.server.requests.some((entry) => entry.path.startsWith('/api/convert/status/'))).toBe(true);
  });

  it('tokens drained mid-batch: the rest waits for tokens, then completes after a top-up', async () => {
    const { world: w, inputs } = await start({ drainAfterJobs: 2 });
    const summary = await runBatch(w.engine, inputs);
    const waiting = w.engine.jobs().filter((job) => job.state === 'pending');
    expect(waiting.length, 'some files wait for tokens').toBeGreaterThan(0);
    for (const job of waiting) expect(job.wait?.kind, job.sourceName).toBe('tokens');
    expect(summary.pending.map((entry) => entry.source).sort()).toEqual(
      waiting.map((job) => job.source).sort(),
    );
    expectNoDoubleCharge(w.server);

    // The fault drains again at every later acceptance: switch it off, then top up.
    w.server.faults.clear();
    w.server.setTokens(1_000_000);
    const resumed = await w.engine.resumeJournal();
    expect(resumed.ok && resumed.value.jobIds.length).toBe(waiting.length);
    await w.engine.idle();
    const jobs = w.engine.jobs();
    const after = w.engine.summaryFor(
      jobs.map((job) => job.id),
      'after top-up',
      summary.skipped,
    );
    await expectEveryFileAccountedFor(inputs, after, jobs, w.outDir);
    await expectOnlyOutputs(w.outDir, outputNames(inputs));
    expectNoDoubleCharge(w.server);
  });

  it('a job that never finishes is marked stalled, keeps its job id and is never re-sent', async () => {
    // The stall deadline passes on the test's clock once every other file has settled and the
    // large one is being polled: however slowly a busy machine converts, only it stalls.
    const clock = new SkippingClock();
    const { world: w, inputs } = await start({ neverFinish: { match: 'large' } }, FAST_TIMING, clock);
    const large = inputs.find((input) => input.source.endsWith('large.bin'))!;
    const rest = inputs.filter((input) => input !== large);
    const batch = runBatch(w.engine, inputs);
    batch.catch(() => undefined); // awaited below; a failure here is reported there
    const stateOf = (input: MixedInput) => w.engine.jobs().find((job) => job.source === input.source)?.state;
    await waitFor(
      () =>
        stateOf(large) === 'processing' &&
        rest.every(
          (input) => input.expect.kind === 'skipped' || ['completed', 'failed'].includes(stateOf(input)!),
        ),
      'every other file to settle while large.bin is polled',
      55_000,
    );
    clock.skipTo(clock.now() + FAST_TIMING.poll!.stallAfterMs!);
    const summary = await batch;
    await expectEveryFileAccountedFor(rest, summary, w.engine.jobs(), w.outDir);
    const stalled = w.engine.jobs().find((job) => job.source === large.source)!;
    expect(stalled.state).toBe('stalled');
    expect(stalled.error?.code).toBe('stalled');
    const entry = w.server.ledger.jobs.find((job) => job.sourceName === 'large.bin')!;
    expect(stalled.serverJobId).toBe(entry.jobId);
    expect(entry.refunded).toBe(false);
    expect(summary.pending).toContainEqual({ source: large.source, state: 'stalled' });
    // Idle: no step of any job is left that could send it again.
    await w.engine.idle();
    expect(w.server.ledger.postsBySourceName('large.bin')).toBe(1);
    await expectOnlyOutputs(w.outDir, outputNames(rest));
    expectNoDoubleCharge(w.server, summary);
  });

  it('results that expire before download fail with expired, leaving no partial file', async () => {
    const { world: w, inputs } = await start({ immediateExpiry: true });
    for (const input of inputs) {
      if (input.expect.kind === 'output') input.expect = { kind: 'failed', code: 'expired' };
    }
    await runAndCheck(inputs);
    const downloads = w.server.requests.filter((entry) => entry.origin === 'download');
    expect(downloads.every((entry) => entry.status === 410)).toBe(true);
  });

  it('hostile result names: results land under the source name in the output folder, nowhere else', async () => {
    const { world: w, inputs } = await start({ hostileNames: true });
    await runAndCheck(inputs);
    const everything = await readdir(w.root, { recursive: true });
    const files = everything.filter((path) => !['in', 'out', 'state'].includes(path));
    const allowed = new Set([
      ...inputs.map((input) => relative(w.root, input.source)),
      ...outputNames(inputs).map((name) => join('out', name)),
      join('state', 'journal.json'),
      join('state', 'lock'), // the engine is still open
    ]);
    // The journal's log of its current generation sits beside it while the engine is open.
    const journalLog = /^state[/\\]journal\.\d+\.log$/;
    expect(files.filter((path) => !allowed.has(path) && !journalLog.test(path))).toEqual([]);
  });
});
