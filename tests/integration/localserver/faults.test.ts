// Fault injection: each fault does what tests of the engine will rely on, only when asked.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { parseServeLocalArgs } from '../../../electron/localserver/index.ts';
import {
  convert,
  fixture,
  getJob,
  type Harness,
  harness,
  type JobBody,
  makeFile,
  postConvert,
} from './helpers.ts';
import { ManualClock } from '../../support/manual-clock.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const statusOf = async (h: Harness, path: string) => {
  const response = await fetch(`${h.server.url}${path}`, { headers: h.auth });
  await response.body?.cancel();
  return response;
};

describe('faults', () => {
  it('are off by default', async () => {
    h = await harness();
    expect(h.server.faults.current()).toEqual({});
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expect(job.status).toBe('completed');
  });

  it('rateLimit: 429 bursts on chosen paths, Retry-After in seconds', async () => {
    h = await harness({ faults: { rateLimit: { count: 2, retryAfterSeconds: 7, paths: ['account'] } } });
    expect((await statusOf(h, '/api/formats')).status).toBe(200);
    const first = await statusOf(h, '/api/account');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await statusOf(h, '/api/account')).status).toBe(429);
    expect((await statusOf(h, '/api/account')).status).toBe(200);
  });

  it('rateLimit: Retry-After as an HTTP-date', async () => {
    // Half a second past a whole second on the server's clock: the date is rounded up.
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0, 500));
    h = await harness({ clock });
    h.server.faults.set({ rateLimit: { count: 1, retryAfterSeconds: 45, asDate: true } });
    const response = await statusOf(h, '/api/formats');
    expect(response.status).toBe(429);
    const value = response.headers.get('retry-after')!;
    expect(value).toMatch(/GMT$/);
    expect(Date.parse(value) - clock.now()).toBe(45_500);
  });

  it('serverError: 5xx on a chosen endpoint for N requests, nothing charged', async () => {
    h = await harness();
    h.server.faults.set({ serverError: [{ path: 'convert', status: 503, count: 2 }] });
    const path = await fixture(h, 'notes.md');
    for (let i = 0; i < 2; i += 1) {
      const response = await postConvert(h, { to: 'html', path });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    }
    expect(h.server.ledger.jobs).toHaveLength(0);
    expect((await postConvert(h, { to: 'html', path })).status).toBe(202);
    h.server.faults.set({ serverError: [{ path: 'status', status: 500, count: 1 }] });
    const failed = await fetch(`${h.server.url}/api/convert/status/${h.server.ledger.jobs[0]!.jobId}`, {
      headers: h.auth,
    });
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('internal_error');
  });

  it('slow: delays responses on a path', async () => {
    const clock = new ManualClock();
    h = await harness({ clock, faults: { slow: { path: 'account', delayMs: 300 } } });
    let answered = false;
    const asked = statusOf(h, '/api/account').then((response) => {
      answered = true;
      return response;
    });
    const start = clock.now();
    await clock.untilSleeping('the slow fault holding the answer', (at) => at === start + 300);
    await clock.advance(299);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await asked).status).toBe(200);
  });

  it('resetUpload: cuts the connection mid-upload; a retry with the same key makes one job', async () => {
    h = await harness({ faults: { resetUpload: { count: 1 } } });
    const path = await makeFile(h, 'big.csv', 'a,b\n1,2\n'.repeat(40_000));
    await expect(postConvert(h, { to: 'json', path, idempotencyKey: 'same' })).rejects.toThrow();
    expect(h.server.ledger.jobs).toHaveLength(0);
    const retry = await postConvert(h, { to: 'json', path, idempotencyKey: 'same' });
    expect(retry.status).toBe(202);
    expect(h.server.ledger.jobs).toHaveLength(1);
    expect(h.server.requests.filter((entry) => entry.method === 'POST').map((entry) => entry.status)).toEqual(
      [0, 202],
    );
  });

  it('resetUpload: cuts even a file smaller than the multipart around it, so no armed reset is wasted', async () => {
    h = await harness({ faults: { resetUpload: { count: 2 } } });
    const path = await fixture(h, 'sales.csv');
    for (const key of ['first', 'second']) {
      await expect(postConvert(h, { to: 'json', path, idempotencyKey: key })).rejects.toThrow();
    }
    expect(h.server.ledger.jobs).toHaveLength(0);
    expect(h.server.faults.current().resetUpload?.count).toBe(0);
    expect((await postConvert(h, { to: 'json', path, idempotencyKey: 'first' })).status).toBe(202);
  });

  it('truncateDownload: right Content-Length, body cut halfway, once', async () => {
    h = await harness({ faults: { truncateDownload: { count: 1 } } });
    const job = await convert(h, { to: 'xlsx', path: await fixture(h, 'sales.csv') });
    const cut = await fetch(job.downloadUrl!);
    expect(cut.status).toBe(200);
    expect(Number(cut.headers.get('content-length'))).toBe(job.bytes);
    await expect(cut.arrayBuffer()).rejects.toThrow();
    const whole = Buffer.from(await (await fetch(job.downloadUrl!)).arrayBuffer());
    expect(createHash('sha256').update(whole).digest('hex')).toBe(job.sha256);
  });

  it('hostileNames: result names with separators, .. and control characters, in JSON and header', async () => {
    h = await harness({ faults: { hostileNames: true } });
    const path = await fixture(h, 'notes.md');
    const names: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const job = await convert(h, { to: 'html', path });
      names.push(job.fileName!);
      const response = await fetch(job.downloadUrl!);
      await response.body?.cancel();
      const encoded = response.headers.get('content-disposition')!.split("filename*=UTF-8''")[1]!;
      expect(decodeURIComponent(encoded)).toBe(job.fileName);
    }
    expect(names.some((name) => name.includes('..'))).toBe(true);
    expect(names.some((name) => /[\\/]/.test(name))).toBe(true);
    expect(names.some((name) => /[\u0000-\u001f]/.test(name))).toBe(true);
  });

  it('failJobs: matching jobs fail with the chosen code and are refunded', async () => {
    h = await harness({ tokens: 100, faults: { failJobs: { code: 'conversion_error', match: 'bad' } } });
    const bad = await convert(h, {
      to: 'json',
      path: await fixture(h, 'sales.csv'),
      fileName: 'bad-sales.csv',
    });
    const good = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expect(bad).toMatchObject({ status: 'failed', error: { code: 'conversion_error' } });
    expect(good.status).toBe('completed');
    expect(h.server.balance()).toBe(100 - good.tokensCharged);
    expect(h.server.ledger.totals).toEqual({
      charged: bad.tokensCharged + good.tokensCharged,
      refunded: bad.tokensCharged,
    });
  });

  it('drainAfterJobs: the balance drops to 0 after N accepted jobs', async () => {
    h = await harness({ faults: { drainAfterJobs: 2 } });
    const path = await fixture(h, 'notes.md');
    expect((await postConvert(h, { to: 'html', path })).status).toBe(202);
    expect((await postConvert(h, { to: 'html', path })).status).toBe(202);
    const refused = await postConvert(h, { to: 'html', path });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { balance: number } }).error.balance).toBe(0);
  });

  it('neverFinish: the job stays processing; cancel keeps its tokens, a queued one is refunded', async () => {
    h = await harness({ tokens: 100, conversionConcurrency: 1, faults: { neverFinish: { match: 'hang' } } });
    const path = await fixture(h, 'notes.md');
    const hang = (await (await postConvert(h, { to: 'html', path, fileName: 'hang.md' })).json()) as JobBody;
    const queued = (await (await postConvert(h, { to: 'html', path })).json()) as JobBody;
    const server = h;
    await expect
      .poll(async () => (await getJob(server, hang.jobId)).body.progress, {
        message: 'the hung job reaching 50 %',
      })
      .toBe(50);
    expect((await getJob(h, hang.jobId)).body).toMatchObject({ status: 'processing', progress: 50 });
    expect((await getJob(h, queued.jobId)).body.status).toBe('queued');
    const spent = hang.tokensCharged + queued.tokensCharged;
    expect(h.server.balance()).toBe(100 - spent);
    const cancelQueued = await fetch(`${h.server.url}/api/convert/${queued.jobId}`, {
      method: 'DELETE',
      headers: h.auth,
    });
    expect(cancelQueued.status).toBe(204);
    expect(h.server.balance()).toBe(100 - hang.tokensCharged);
    expect((await getJob(h, queued.jobId)).status).toBe(404);
    const cancelHang = await fetch(`${h.server.url}/api/convert/${hang.jobId}`, {
      method: 'DELETE',
      headers: h.auth,
    });
    expect(cancelHang.status).toBe(204);
    expect(h.server.balance()).toBe(100 - hang.tokensCharged);
    expect(h.server.ledger.entry(hang.jobId)).toMatchObject({ status: 'cancelled', refunded: false });
    expect(h.server.ledger.entry(queued.jobId)).toMatchObject({ status: 'cancelled', refunded: true });
  });

  it('immediateExpiry: the result is gone (410) as soon as it completes', async () => {
    h = await harness({ faults: { immediateExpiry: true } });
    const job = await convert(h, { to: 'html', path: await fixture(h, 'notes.md') });
    expect(job.status).toBe('completed');
    expect(Date.parse(job.expiresAt!)).toBeLessThanOrEqual(Date.now());
    expect((await fetch(job.downloadUrl!)).status).toBe(410);
  });

  it('statusRetryAfterSeconds: status responses carry a Retry-After hint', async () => {
    h = await harness({ faults: { statusRetryAfterSeconds: 9 } });
    const accepted = (await (
      await postConvert(h, { to: 'html', path: await fixture(h, 'notes.md') })
    ).json()) as JobBody;
    const response = await fetch(`${h.server.url}/api/convert/status/${accepted.jobId}`, { headers: h.auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe('9');
  });

  it('can be given as serve-local flags', () => {
    const parsed = parseServeLocalArgs([
      '--port',
      '0',
      '--tokens=50',
      '--fault',
      'rate-limit:3:5:date:convert,status',
      '--fault',
      '5xx:status:503:2',
      '--fault',
      'fail-jobs:corrupt_input:1:scan',
      '--fault',
      'never-finish',
    ]);
    expect(parsed).toEqual({
      ok: true,
      value: {
        port: 0,
        tokens: 50,
        faults: {
          rateLimit: { count: 3, retryAfterSeconds: 5, asDate: true, paths: ['convert', 'status'] },
          serverError: [{ path: 'status', status: 503, count: 2 }],
          failJobs: { code: 'corrupt_input', count: 1, match: 'scan' },
          neverFinish: {},
        },
      },
    });
    expect(parseServeLocalArgs(['--fault', 'explode']).ok).toBe(false);
    expect(parseServeLocalArgs(['--port', 'x']).ok).toBe(false);
  });
});
