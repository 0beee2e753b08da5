// What the engine knows of the account, over real HTTP to the local server: the balance asked
// afresh and announced only when it changes; kept current from headers and from charges when
// no header says; the format table reused for a minute of the engine's clock (a clock the test
// moves) and asked again after; a refused key reported once per question, never thrown.
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenBalance } from '../../../../shared/jobs.ts';
import { ApiClient } from '../../../../electron/engine/api/api-client.ts';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { AccountInfo } from '../../../../electron/engine/jobs/account-info.ts';
import type { LocalServer } from '../../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function world(options: { key?: string; offline?: boolean } = {}) {
  const clock = new ManualClock();
  const server: LocalServer = await startLocalServer({ tokens: 100, clock });
  closers.push(() => server.close());
  const gate = new RateGate(clock);
  const client = new ApiClient({ url: server.url, key: options.key ?? server.key, gate });
  closers.push(() => client.close());
  const emitter = new EngineEmitter();
  const balances: TokenBalance[] = [];
  emitter.on('balance', (balance) => balances.push(balance));
  const authFailures = { count: 0 };
  const account = new AccountInfo({
    client,
    gate,
    retry: { backoffBaseMs: 1, maxAttempts: 1, jitter: 0 },
    emitter,
    offline: options.offline ?? false,
    signal: new AbortController().signal,
    onAuthFailure: () => {
      authFailures.count += 1;
    },
  });
  const asked = (path: string) => server.requests.filter((request) => request.path.startsWith(path)).length;
  return { account, server, clock, balances, authFailures, asked };
}

describe('the account as the engine knows it', () => {
  it('asks the balance afresh each time and announces it only when it changed', async () => {
    const { account, server, clock, balances, asked } = await world({ offline: true });
    expect(account.tokens).toBeUndefined();
    const first = await account.balance();
    expect(first).toEqual({ ok: true, value: { tokens: 100, offline: true, checkedAt: clock.now() } });
    await account.balance();
    server.setTokens(70);
    await account.balance();
    expect(asked('/api/account')).toBe(3);
    expect(balances.map((balance) => balance.tokens)).toEqual([100, 70]);
    expect(account.tokens).toBe(70);
  });

  it('follows the balance a header says, and counts a charge down itself only without one', () => {
    const { account, balances } = undefinedWorld();
    account.set(50);
    account.onMeta({ tokensRemaining: 45 });
    account.onMeta({}); // says nothing about tokens
    account.onCharged(5, {}); // no header: counted here
    account.onCharged(5, { tokensRemaining: 40 }); // the header already said
    expect(balances.map((balance) => balance.tokens)).toEqual([50, 45, 40]);
  });

  it('reuses the format table for a minute of its clock, then asks again', async () => {
    const { account, clock, asked } = await world();
    expect(account.limits()).toBeUndefined();
    const first = await account.recentFormats();
    expect(first.ok && first.value.conversions.md).toContain('pdf');
    expect(account.limits()?.syncMaxBytes).toBeGreaterThan(0);
    await clock.advance(59_999);
    await account.recentFormats();
    expect(asked('/api/formats')).toBe(1);
    await clock.advance(1);
    await account.recentFormats();
    expect(asked('/api/formats')).toBe(2);
    await account.formats(); // asked for outright: always asks
    expect(asked('/api/formats')).toBe(3);
  });

  it('answers a refused key as a failure and reports it', async () => {
    const { account, authFailures, balances } = await world({ key: 'ifc_local_wrong' });
    const balance = await account.balance();
    expect(balance.ok ? undefined : balance.error.code).toBe('invalid_api_key');
    const formats = await account.formats();
    expect(formats.ok ? undefined : formats.error.code).toBe('invalid_api_key');
    expect(authFailures.count).toBe(2);
    expect(balances).toEqual([]);
    expect(account.tokens).toBeUndefined();
  });
});

/** An AccountInfo whose client is never called (only the in-memory bookkeeping is used). */
function undefinedWorld() {
  const gate = new RateGate(new ManualClock());
  const client = new ApiClient({ url: 'http://127.0.0.1:9/', key: 'unused', gate });
  closers.push(() => client.close());
  const emitter = new EngineEmitter();
  const balances: TokenBalance[] = [];
  emitter.on('balance', (balance) => balances.push(balance));
  const account = new AccountInfo({
    client,
    gate,
    retry: { backoffBaseMs: 1, maxAttempts: 1, jitter: 0 },
    emitter,
    offline: false,
    signal: new AbortController().signal,
    onAuthFailure: () => undefined,
  });
  return { account, balances };
}
