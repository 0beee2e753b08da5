// The contract's JSON bodies, parsed leniently: what the local server really answers over
// HTTP fits, optional fields may be missing or null, unknown fields are ignored, and a body
// that lacks what the engine needs (or has it as the wrong type) does not fit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptedWire,
  AccountWire,
  ErrorWire,
  FormatsWire,
  JobWire,
} from '../../../../electron/engine/api/wire-schema.ts';
import type { LocalServer } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({ tokens: 77 });
});
afterAll(async () => {
  await server.close();
});

async function answer(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(new URL(path, server.url), {
    ...init,
    headers: { Authorization: `Bearer ${server.key}`, ...init.headers },
  });
  return { status: res.status, body: await res.json() };
}

describe('the local server’s real answers', () => {
  it('fit the account, formats, accepted, job and error shapes', async () => {
    const account = await answer('/api/account');
    expect(AccountWire.parse(account.body).tokens).toBe(77);
    const formats = FormatsWire.parse((await answer('/api/formats')).body);
    expect(formats.conversions.csv).toContain('json');
    expect(formats.pricing.baseTokens).toBeGreaterThan(0);

    const form = new FormData();
    form.set('to', 'json');
    form.set('file', new Blob(['a,b\n1,2\n']), 'tiny.csv');
    const accepted = await answer('/api/convert', { method: 'POST', body: form });
    expect(accepted.status).toBe(202);
    const parsed = AcceptedWire.parse(accepted.body);
    expect(parsed.jobId).toBeTruthy();
    const job = JobWire.parse((await answer(`/api/convert/status/${parsed.jobId}`)).body);
    expect(job.jobId).toBe(parsed.jobId);

    const missing = await answer('/api/convert/status/j_no_such_job');
    expect(missing.status).toBe(404);
    expect(ErrorWire.parse(missing.body).error.code).toBe('not_found');
  });
});

describe('leniency', () => {
  it('takes missing or null optional fields, and ignores fields it does not know', () => {
    expect(AccountWire.parse({ tokens: 5, rateLimit: null, plan: 'pro' })).toEqual({
      tokens: 5,
      rateLimit: null,
    });
    expect(AccountWire.parse({ tokens: 5, rateLimit: { requestsPerMinute: null } }).rateLimit).toEqual({
      requestsPerMinute: null,
    });
    expect(
      FormatsWire.parse({
        conversions: { pdf: ['xlsx'] },
        pricing: { baseTokens: 1, tokensPerMegabyte: 2 },
        limits: null,
      }).limits,
    ).toBeNull();
    expect(JobWire.parse({ jobId: 'j1', status: 'queued', progress: null, error: null, eta: 12 })).toEqual({
      jobId: 'j1',
      status: 'queued',
      progress: null,
      error: null,
    });
    expect(AcceptedWire.parse({})).toEqual({});
    // An error keeps the extra facts it carries (required, balance, ...).
    expect(
      ErrorWire.parse({ error: { code: 'insufficient_tokens', required: 9, balance: 1 } }).error,
    ).toEqual({
      code: 'insufficient_tokens',
      required: 9,
      balance: 1,
    });
  });

  it('refuses a body without what the engine needs, or with it as the wrong type', () => {
    const refused: [string, { safeParse(value: unknown): { success: boolean } }, unknown][] = [
      ['account without tokens', AccountWire, { balance: 5 }],
      ['tokens as text', AccountWire, { tokens: '5' }],
      ['formats without pricing', FormatsWire, { conversions: {} }],
      [
        'a target that is not a name',
        FormatsWire,
        { conversions: { pdf: [1] }, pricing: { baseTokens: 1, tokensPerMegabyte: 1 } },
      ],
      ['job without an id', JobWire, { status: 'queued' }],
      ['job with an empty id', JobWire, { jobId: '', status: 'queued' }],
      ['job without a status', JobWire, { jobId: 'j1' }],
      ['progress as text', JobWire, { jobId: 'j1', status: 'processing', progress: '50%' }],
      ['error without a code', ErrorWire, { error: { message: 'x' } }],
      ['an error that is text', ErrorWire, { error: 'bad' }],
      ['not an object', JobWire, 'completed'],
    ];
    for (const [what, schema, value] of refused) expect(schema.safeParse(value).success, what).toBe(false);
  });
});
