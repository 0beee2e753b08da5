// One question to the service outside a batch, over real HTTP to the local server: the
// account behind a key (a wrong key is the one answer a key check needs), and the format
// table. Its retries and a Retry-After wait on the clock handed in: here a ManualClock the
// test moves (shared with the server, so the request log's times are that clock's).
import { afterEach, describe, expect, it } from 'vitest';
import { askAccount, askFormats } from '../../../../electron/engine/api/service-question.ts';
import type { LocalServer } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accountRequests = (s: LocalServer) => s.requests.filter((entry) => entry.path === '/api/account');

describe('asking the service', () => {
  it('answers the balance behind a key and refuses a wrong key', async () => {
    server = await startLocalServer({ tokens: 321 });
    const account = await askAccount({ url: server.url, key: server.key });
    expect(account.ok && account.value.tokens).toBe(321);
    const wrong = await askAccount({ url: server.url, key: 'ifc_local_wrong' });
    expect(wrong.ok ? undefined : wrong.error.code).toBe('invalid_api_key');
    expect(wrong.ok ? undefined : wrong.error.message).not.toMatch(/ifc_local_wrong/);
  });

  it('answers the format table with its conversions and limits', async () => {
    server = await startLocalServer();
    const formats = await askFormats({ url: server.url, key: server.key });
    expect(formats.ok).toBe(true);
    if (!formats.ok) return;
    expect(formats.value.conversions.md).toEqual(expect.arrayContaining(['pdf', 'html']));
    expect(formats.value.limits.syncMaxBytes).toBeGreaterThan(0);
  });

  it('asks again after a 503, waiting out the backoff on its clock (1 s, then 2 s)', async () => {
    const clock = new ManualClock();
    server = await startLocalServer({
      tokens: 55,
      clock,
      faults: { serverError: [{ path: 'account', status: 503, count: 2 }] },
    });
    const asked = askAccount({ url: server.url, key: server.key }, clock);
    const start = clock.now();
    // 1 s plus up to 10 % jitter, then 2 s plus up to 10 %.
    const first = await clock.untilSleeping('the first backoff');
    expect(first - start).toBeGreaterThanOrEqual(1000);
    expect(first - start).toBeLessThanOrEqual(1100);
    await clock.advance(first - clock.now());
    const second = await clock.untilSleeping('the second backoff', (at) => at > first);
    expect(second - first).toBeGreaterThanOrEqual(2000);
    expect(second - first).toBeLessThanOrEqual(2200);
    await clock.advance(second - clock.now());
    const account = await asked;
    expect(account.ok && account.value.tokens).toBe(55);
    expect(accountRequests(server).map((entry) => [entry.status, entry.at - start])).toEqual([
      [503, 0],
      [503, first - start],
      [200, second - start],
    ]);
  });

  it('waits for a 429 whose Retry-After is an HTTP date, and not a moment less', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0, 400)); // mid-second: the date rounds up
    server = await startLocalServer({
      clock,
      faults: { rateLimit: { count: 1, retryAfterSeconds: 30, asDate: true, paths: ['formats'] } },
    });
    const formats = await clock.runUntil(askFormats({ url: server.url, key: server.key }, clock));
    expect(formats.ok).toBe(true);
    const [refused, answered] = server.requests.filter((entry) => entry.path === '/api/formats');
    expect(refused?.status).toBe(429);
    expect(answered?.status).toBe(200);
    // The date names the whole second at or after 30 s from the refusal.
    const until = Math.ceil((refused!.at + 30_000) / 1000) * 1000;
    expect(answered!.at).toBeGreaterThanOrEqual(until);
    expect(answered!.at - until).toBeLessThan(1000);
  });

  it('gives up on a server that is not there after four tries, saying network in one code', async () => {
    const gone = await startLocalServer();
    const url = gone.url;
    await gone.close();
    const clock = new ManualClock();
    const start = clock.now();
    const account = await clock.runUntil(askAccount({ url, key: 'ifc_local_any' }, clock));
    expect(account.ok ? undefined : account.error.code).toBe('network');
    // Three backoffs between four tries: 1 + 2 + 4 s, each with at most 10 % jitter.
    expect(clock.now() - start).toBeGreaterThanOrEqual(7000);
    expect(clock.now() - start).toBeLessThanOrEqual(7700);
  });
});
