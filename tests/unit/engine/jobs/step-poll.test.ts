// The poll step on its own: one look at an accepted job through the real local server over
// HTTP, on a ManualClock shared with the server. It waits on the poll schedule (or once on the
// server's Retry-After hint, or not at all when asked to look soon), never past the job's
// deadline (then stalled, without asking); it applies what the server says (still converting,
// done, failed, refused for tokens after all), and keeps the job id of a job the server could
// not be asked about (stalled), but not of one the server no longer knows.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import type { Runtime } from '../../../../electron/engine/jobs/step-context.ts';
import { applyRemote, pollStep } from '../../../../electron/engine/jobs/step-poll.ts';
import { uploadStep } from '../../../../electron/engine/jobs/step-upload.ts';
import type { LocalServerOptions } from '../../../../electron/localserver/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { type StepRig, serverDone, stepRig } from '../../../support/step-rig.ts';

let rig: StepRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const statusAsks = (r: StepRig) =>
  r.server.requests.filter((entry) => entry.path.startsWith('/api/convert/status'));

/** A rig on a ManualClock with one job the server accepted. */
async function accepted(
  server: LocalServerOptions = { faults: { neverFinish: {} } },
  fixture = 'sales.csv',
  to = 'json',
): Promise<{ r: StepRig; clock: ManualClock; job: JobRecord; runtime: Runtime }> {
  const clock = new ManualClock();
  const r = await stepRig({ clock, server });
  rig = r;
  const job = await r.job(fixture, to);
  const runtime = r.runtime();
  await uploadStep(r.ctx, job, runtime);
  expect(job.serverJobId).toBeTruthy();
  expect(job.state).toBe('processing'); // what happens next is the poll step's to find out
  return { r, clock, job, runtime };
}

describe('the poll step', () => {
  it('looks on the schedule (500 ms, then 1 s, ...) and keeps a converting job processing', async () => {
    const { r, clock, job, runtime } = await accepted();
    for (const [look, delay] of [
      [1, 500],
      [2, 1000],
      [3, 2000],
    ] as const) {
      const polling = pollStep(r.ctx, job, runtime);
      const wake = await clock.untilSleeping(`the wait before look ${look}`);
      expect(wake - clock.now()).toBe(delay);
      expect(statusAsks(r)).toHaveLength(look - 1); // nothing asked before the wait is over
      await clock.advance(delay);
      await polling;
      expect(statusAsks(r)).toHaveLength(look);
      expect(runtime.pollsDone).toBe(look);
      expect(job.state).toBe('processing');
    }
  });

  it('looks at once when asked to look soon, and waits the server hint once instead of the schedule', async () => {
    const { r, clock, job, runtime } = await accepted({
      faults: { neverFinish: {}, statusRetryAfterSeconds: 7 },
    });
    runtime.pollSoon = true;
    const before = clock.now();
    await clock.runUntil(pollStep(r.ctx, job, runtime));
    expect(clock.now()).toBe(before); // no wait at all: the clock never moved
    expect(statusAsks(r)).toHaveLength(1);
    expect(runtime.pollSoon).toBe(false);
    expect(runtime.hintMs).toBe(7000);
    const polling = pollStep(r.ctx, job, runtime);
    expect((await clock.untilSleeping('the wait the hint asked for')) - clock.now()).toBe(7000);
    await clock.advance(7000);
    await polling;
    expect(statusAsks(r)).toHaveLength(2);
  });

  it('marks a job stalled at its deadline without asking the server, keeping its id', async () => {
    const { r, clock, job, runtime } = await accepted();
    r.store.update(job, { deadlineAt: clock.now() + 200 });
    const polling = pollStep(r.ctx, job, runtime);
    // The wait ends at the deadline, not at the scheduled 500 ms.
    expect((await clock.untilSleeping('the wait before the look')) - clock.now()).toBe(200);
    await clock.advance(200);
    await polling;
    expect(job.state).toBe('stalled');
    expect(job.error?.code).toBe('stalled');
    expect(job.serverJobId).toBeTruthy();
    expect(statusAsks(r)).toEqual([]);
  });

  it('moves a completed job on to its download with the result the server announced', async () => {
    const { r, clock, job, runtime } = await accepted({});
    await serverDone(r, job);
    await clock.runUntil(pollStep(r.ctx, job, runtime));
    expect(job.state).toBe('downloading');
    expect(statusAsks(r).length).toBeGreaterThan(0);
    expect(job.result).toMatchObject({ url: expect.stringContaining('/'), sha256: expect.any(String) });
    expect(job.tokens).toBe(r.server.ledger.entry(job.serverJobId!)?.tokensCharged);
  });

  it('fails a job the server failed, refunded and with its reason', async () => {
    // A damaged PDF: the server's converter gives up on it.
    const { r, clock, job, runtime } = await accepted({}, 'corrupt.pdf', 'txt');
    await serverDone(r, job);
    await clock.runUntil(pollStep(r.ctx, job, runtime));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('corrupt_input');
    expect(job.charged).toBe(false);
    expect(statusAsks(r).length).toBeGreaterThan(0);
  });

  it('hands a job refused for tokens after acceptance back to the engine, to be sent afresh', async () => {
    const { r, job } = await accepted();
    applyRemote(r.ctx, job, {
      jobId: job.serverJobId!,
      status: 'failed',
      error: { code: 'insufficient_tokens', message: 'x' },
    });
    expect(r.outOfTokens.map((error) => error.kind)).toEqual(['insufficient_tokens']);
    expect(job.serverJobId).toBeUndefined();
    expect(job.idempotencyKey).toBeUndefined();
    expect(job.charged).toBe(false);
    expect(job.state).not.toBe('failed'); // it waits for tokens; the engine says how
  });

  it('fails a job the server does not know (404), and stalls one it could not be asked about (5xx)', async () => {
    const { r, clock, job, runtime } = await accepted();
    const known = job.serverJobId!;
    r.store.update(job, { serverJobId: 'j_not_a_job_here' });
    runtime.pollSoon = true;
    await clock.runUntil(pollStep(r.ctx, job, runtime));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('not_found');
    expect(job.charged).toBe(false);

    r.store.update(job, { serverJobId: known, state: 'processing', error: undefined, charged: true });
    r.server.faults.set({ serverError: [{ path: 'status', status: 503, count: 10 }] });
    runtime.pollSoon = true;
    await clock.runUntil(pollStep(r.ctx, job, runtime));
    expect(job.state).toBe('stalled');
    expect(job.error?.code).toBe('server_error');
    expect(job.serverJobId).toBe(known);
    expect(job.charged).toBe(true);
  });

  it('tells the engine of a refused key and leaves the job as it was', async () => {
    const { r, clock, job, runtime } = await accepted();
    // The key was changed (or revoked) since the upload: the next look is refused.
    const own = r.ctx.client;
    r.ctx.client = new ApiClient({ url: r.server.url, key: 'ifc_local_revoked', gate: r.ctx.gate });
    try {
      runtime.pollSoon = true;
      await clock.runUntil(pollStep(r.ctx, job, runtime));
    } finally {
      await r.ctx.client.close();
      r.ctx.client = own;
    }
    expect(r.authFailures).toBe(1);
    expect(job.state).toBe('processing');
    expect(job.error).toBeUndefined();
  });

  it('sends a job without a server id back to the queue, and asks nothing once stopped', async () => {
    const { r, clock, job, runtime } = await accepted();
    const polling = pollStep(r.ctx, job, runtime);
    await clock.untilSleeping('the wait before the look');
    runtime.controller.abort();
    await polling;
    expect(statusAsks(r)).toEqual([]);
    expect(clock.wakeTimes).toEqual([]);

    const unsent = await r.job('memo.txt', 'pdf');
    await pollStep(r.ctx, unsent, r.runtime());
    expect(unsent.state).toBe('queued');
  });
});
