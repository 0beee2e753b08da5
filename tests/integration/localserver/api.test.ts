// Every endpoint and error of api-contract.md, against the real local server on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { conversionCost, type FormatsInfo } from '../../../shared/formats.ts';
import {
  convert,
  fixture,
  getJob,
  type Harness,
  harness,
  type JobBody,
  makeFile,
  postConvert,
  untilFinal,
} from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 1000, rateLimitPerMinute: 10_000, maxFileBytes: 64 * 1024 });
});
afterAll(() => h.close());

async function errorOf(response: { json(): Promise<unknown> }) {
  return ((await response.json()) as { error: Record<string, unknown> & { code: string; message: string } })
    .error;
}

describe('auth', () => {
  it('refuses a missing or wrong key with 401 invalid_api_key on every /api path', async () => {
    for (const path of ['/api/account', '/api/formats', '/api/convert/status/j_x']) {
      const none = await fetch(`${h.server.url}${path}`);
      expect(none.status).toBe(401);
      expect((await errorOf(none)).code).toBe('invalid_api_key');
      const wrong = await fetch(`${h.server.url}${path}`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      await wrong.body?.cancel();
    }
    const post = await fetch(`${h.server.url}/api/convert`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(401);
    expect((await errorOf(post)).message.length).toBeGreaterThan(10);
  });
});

describe('GET /api/account and /api/formats', () => {
  it('reports the balance, the rate limit and X-Tokens-Remaining', async () => {
    const response = await fetch(`${h.server.url}/api/account`, { headers: h.auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-tokens-remaining')).toBe(String(h.server.balance()));
    expect(response.headers.get('x-ratelimit-limit')).toBe('10000');
    expect(response.headers.get('x-request-id')).toMatch(/^r_/);
    const body = (await response.json()) as { tokens: number; rateLimit: { requestsPerMinute: number } };
    expect(body.tokens).toBe(h.server.balance());
    expect(body.rateLimit.requestsPerMinute).toBe(10_000);
  });

  it('advertises exactly the converters it has, with pricing and limits', async () => {
    const response = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
    const body = (await response.json()) as FormatsInfo;
    expect(body.conversions).toEqual({
      csv: ['xlsx', 'json'],
      xlsx: ['csv'],
      json: ['csv'],
      md: ['html', 'pdf'],
      txt: ['pdf'],
      png: ['jpg', 'webp', 'pdf'],
      jpg: ['png', 'webp', 'pdf'],
      webp: ['png', 'jpg', 'pdf'],
      docx: ['html', 'txt'],
      pdf: ['txt', 'xlsx'],
    });
    expect(body.pricing).toEqual({
      baseTokens: 1,
      tokensPerMegabyte: 1,
      formatMultiplier: { xlsx: 2, pdf: 2 },
    });
    expect(body.limits).toEqual({ maxFileBytes: 64 * 1024, syncMaxBytes: 2097152, retentionHours: 24 });
  });

  it('answers 404 not_found for an unknown path', async () => {
    const response = await fetch(`${h.server.url}/api/nothing`, { headers: h.auth });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });
});

describe('POST /api/convert', () => {
  it('accepts with 202, Location and the charge of the published formula, then completes', async () => {
    const path = await fixture(h, 'sales.csv');
    const before = h.server.balance();
    const response = await postConvert(h, { to: 'xlsx', path });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { jobId: string; status: string; tokensCharged: number };
    expect(accepted.jobId).toMatch(/^j_/);
    expect(['queued', 'processing']).toContain(accepted.status);
    expect(response.headers.get('location')).toBe(`/api/convert/status/${accepted.jobId}`);
    const pricing = { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: { xlsx: 2 } };
    expect(accepted.tokensCharged).toBe(conversionCost(pricing, 235, 'xlsx'));
    expect(Number(response.headers.get('x-tokens-remaining'))).toBe(before - accepted.tokensCharged);
    const job = await untilFinal(h, accepted.jobId);
    expect(job).toMatchObject({
      status: 'completed',
      progress: 100,
      sourceName: 'sales.csv',
      targetFormat: 'xlsx',
    });
    expect(job.fileName).toBe('sales.xlsx');
    expect(job.bytes).toBeGreaterThan(0);
    expect(job.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(job.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect(Date.parse(job.createdAt)).toBeLessThanOrEqual(Date.now());
  });

  it('holds the answer with ?wait= and returns the finished Job with 200', async () => {
    const path = await fixture(h, 'notes.md');
    const response = await postConvert(h, { to: 'html', path, wait: 10 });
    expect(response.status).toBe(200);
    expect(((await response.json()) as JobBody).status).toBe('completed');
  });

  it('refuses a bad ?wait= with 400 bad_request', async () => {
    const path = await fixture(h, 'notes.md');
    for (const wait of ['31', 'soon', '-1']) {
      const response = await postConvert(h, { to: 'html', path, wait });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('bad_request');
    }
  });

  it('refuses an unsupported pair with 422 and the supported targets', async () => {
    const path = await fixture(h, 'notes.md');
    const response = await postConvert(h, { to: 'docx', path });
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toMatchObject({
      code: 'unsupported_conversion',
      from: 'md',
      to: 'docx',
      supportedTargets: ['html', 'pdf'],
    });
  });

  it('refuses an empty file and a request without `to` with 400', async () => {
    const empty = await fixture(h, 'empty.pdf');
    const response = await postConvert(h, { to: 'txt', path: empty });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('bad_request');
    const noTo = await fetch(`${h.server.url}/api/convert`, {
      method: 'POST',
      headers: { ...h.auth, 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\r\n--x--\r\n',
    });
    expect(noTo.status).toBe(400);
    const notMultipart = await fetch(`${h.server.url}/api/convert`, {
      method: 'POST',
      headers: h.auth,
      body: '{}',
    });
    expect(notMultipart.status).toBe(400);
    await notMultipart.body?.cancel();
  });

  it('takes a file of exactly maxFileBytes, and refuses one byte more', async () => {
    const atLimit = await makeFile(h, 'at-limit.csv', 'a'.repeat(64 * 1024));
    expect((await postConvert(h, { to: 'json', path: atLimit })).status).toBe(202);
    const over = await makeFile(h, 'over-limit.csv', 'a'.repeat(64 * 1024 + 1));
    const response = await postConvert(h, { to: 'json', path: over });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'file_too_large', maxBytes: 64 * 1024 });
  });

  it('refuses a file over maxFileBytes with 413 file_too_large and maxBytes', async () => {
    const big = await makeFile(h, 'big.csv', 'a,b\n'.repeat(20_000));
    const response = await postConvert(h, { to: 'json', path: big });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'file_too_large', maxBytes: 64 * 1024 });
  });

  it('refuses with 402 insufficient_tokens (required, balance) and charges nothing', async () => {
    const path = await fixture(h, 'sales.csv');
    const saved = h.server.balance();
    h.server.setTokens(3);
    const charged = h.server.ledger.totals.charged;
    const response = await postConvert(h, { to: 'xlsx', path });
    expect(response.status).toBe(402);
    expect(await errorOf(response)).toMatchObject({ code: 'insufficient_tokens', required: 4, balance: 3 });
    expect(h.server.ledger.totals.charged).toBe(charged);
    h.server.setTokens(saved);
  });
});

describe('status and cancel', () => {
  it('answers 404 for an unknown job on status and cancel', async () => {
    expect((await getJob(h, 'j_unknown')).status).toBe(404);
    const response = await fetch(`${h.server.url}/api/convert/j_unknown`, {
      method: 'DELETE',
      headers: h.auth,
    });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });

  it('answers 409 conflict when cancelling a finished job', async () => {
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    const response = await fetch(`${h.server.url}/api/convert/${job.jobId}`, {
      method: 'DELETE',
      headers: h.auth,
    });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe('conflict');
  });
});

describe('a failed job', () => {
  it('is a 200 with status failed and an error code, and its tokens are refunded', async () => {
    const before = h.server.balance();
    const job = await convert(h, { to: 'txt', path: await fixture(h, 'encrypted.pdf') });
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('encrypted_input');
    expect(job.downloadUrl).toBeUndefined();
    expect(h.server.balance()).toBe(before);
    expect(h.server.ledger.entry(job.jobId)).toMatchObject({ refunded: true, status: 'failed' });
  });
});
