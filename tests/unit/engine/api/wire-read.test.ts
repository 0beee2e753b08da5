// Reading the service's answers off the wire, over real HTTP (a loopback server that answers
// each path with a body written here, read with undici as the API client reads it): the
// contract's error shape with its extra fields, bodies that are not it, a proxy's 407, an
// error body too large to read, and the Job object's lenient parsing (statuses, progress,
// the download address resolved against the API's, a failed job without a reason).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerOf, readError, readJob, readJsonBody } from '../../../../electron/engine/api/wire-read.ts';
import { AccountWire } from '../../../../electron/engine/api/wire-schema.ts';

const ANSWERS: Record<string, { status: number; body: string }> = {
  '/402': {
    status: 402,
    body: JSON.stringify({
      error: { code: 'insufficient_tokens', message: 'Top up', required: 7, balance: 2 },
    }),
  },
  '/503-html': { status: 503, body: '<html>Service Unavailable</html>' },
  '/407': { status: 407, body: JSON.stringify({ error: { code: 'forbidden' } }) },
  '/500-huge': {
    status: 500,
    body: JSON.stringify({ error: { code: 'x', message: 'y'.repeat(70 * 1024) } }),
  },
  '/account': { status: 200, body: JSON.stringify({ tokens: 42, extra: 'ignored' }) },
  '/account-wrong': { status: 200, body: JSON.stringify({ balance: 42 }) },
  '/completed': {
    status: 200,
    body: JSON.stringify({
      jobId: 'j1',
      status: 'completed',
      progress: 100,
      tokensCharged: 3,
      downloadUrl: '/files/j1/result.xlsx?sig=abc',
      bytes: 1234,
      sha256: 'ABCDEF',
      expiresAt: '2026-01-06T09:00:00Z',
      note: 'n'.repeat(600),
    }),
  },
  '/completed-no-url': { status: 200, body: JSON.stringify({ jobId: 'j2', status: 'completed' }) },
  '/running': {
    status: 200,
    body: JSON.stringify({ jobId: 'j3', status: 'converting', progress: 140, bytes: null }),
  },
  '/queued': { status: 200, body: JSON.stringify({ jobId: 'j4', status: 'queued', progress: -5 }) },
  '/failed': { status: 200, body: JSON.stringify({ jobId: 'j5', status: 'failed', error: null }) },
  '/failed-why': {
    status: 200,
    body: JSON.stringify({
      jobId: 'j6',
      status: 'failed',
      error: { code: 'encrypted_input', message: 'Password' },
    }),
  },
};

let server: Server;
let base: URL;
beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = ANSWERS[req.url ?? ''] ?? { status: 404, body: '' };
    res.writeHead(answer.status, { 'content-type': 'application/json', 'x-two': ['a', 'b'] });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (path: string) => request(new URL(path, base));

describe('reading an error answer', () => {
  it('takes the code, the message and the extra fields of the contract’s error shape', async () => {
    expect(await readError(await get('/402'))).toEqual({
      kind: 'insufficient_tokens',
      code: 'insufficient_tokens',
      status: 402,
      serverMessage: 'Top up',
      details: { required: 7, balance: 2 },
    });
  });

  it('falls back to the status’s kind for a body that is not the contract’s, or too large to read', async () => {
    expect(await readError(await get('/503-html'))).toEqual({ kind: 'server', code: 'server', status: 503 });
    expect(await readError(await get('/500-huge'))).toEqual({ kind: 'server', code: 'server', status: 500 });
  });

  it('calls a 407 the proxy’s, whatever its body says', async () => {
    expect(await readError(await get('/407'))).toMatchObject({ kind: 'proxy', code: 'proxy_auth_required' });
  });
});

describe('reading a JSON body', () => {
  it('gives the value when it fits the schema, unknown fields ignored, and nothing when it does not', async () => {
    expect(await readJsonBody(await get('/account'), AccountWire)).toEqual({ tokens: 42 });
    expect(await readJsonBody(await get('/account-wrong'), AccountWire)).toBeUndefined();
    expect(await readJsonBody(await get('/503-html'), AccountWire)).toBeUndefined();
  });

  it('reads the first of a repeated header', async () => {
    const res = await get('/account');
    await res.body.dump();
    expect(headerOf(res.headers, 'x-two')).toBe('a');
    expect(headerOf(res.headers, 'content-type')).toBe('application/json');
    expect(headerOf(res.headers, 'x-none')).toBeUndefined();
  });
});

describe('reading a job', () => {
  it('reads a completed job with its result, the address resolved against the API’s', async () => {
    const job = await readJob(await get('/completed'), base);
    expect(job).toEqual({
      jobId: 'j1',
      status: 'completed',
      progress: 1,
      tokensCharged: 3,
      result: {
        url: new URL('/files/j1/result.xlsx?sig=abc', base).href,
        bytes: 1234,
        sha256: 'abcdef',
        note: 'n'.repeat(500),
        expiresAt: Date.UTC(2026, 0, 6, 9, 0, 0),
      },
    });
  });

  it('counts any other word as still converting, progress kept within 0..1', async () => {
    expect(await readJob(await get('/running'), base)).toEqual({
      jobId: 'j3',
      status: 'processing',
      progress: 1,
    });
    expect(await readJob(await get('/queued'), base)).toEqual({ jobId: 'j4', status: 'queued', progress: 0 });
  });

  it('refuses a completed job without a download address', async () => {
    expect(await readJob(await get('/completed-no-url'), base)).toBeUndefined();
  });

  it('gives a failed job its reason, conversion_error when the server gave none', async () => {
    expect(await readJob(await get('/failed'), base)).toEqual({
      jobId: 'j5',
      status: 'failed',
      error: { code: 'conversion_error' },
    });
    expect(await readJob(await get('/failed-why'), base)).toEqual({
      jobId: 'j6',
      status: 'failed',
      error: { code: 'encrypted_input', message: 'Password' },
    });
  });
});
