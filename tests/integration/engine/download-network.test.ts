// Result downloads over real networks, against the real local server: a redirect from https
// down to http is refused (and the http side never asked), a gzip-encoded result is decoded and
// an undecodable coding refused plainly, each after ONE attempt; a 429 from the storage origin
// waits on that origin while the API keeps answering; and a result whose expiresAt has passed
// by this computer's clock is still fetched, because the server decides expiry.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support.ts';
import { SkippingClock, spansARetryAfter } from '../../support/manual-clock.ts';
import { TLS_DIR, trustTestCa } from '../../support/test-ca.ts';

let world: World;
let plain: Server | undefined;
afterEach(async () => {
  await world?.close();
  await new Promise((resolve) => (plain ? plain.close(resolve) : resolve(undefined)));
  plain = undefined;
});

let untrustTestCa: (() => void) | undefined;
beforeAll(async () => {
  // The test CA in this process's default trust, as NODE_EXTRA_CA_CERTS would put it.
  untrustTestCa = await trustTestCa();
});
afterAll(() => untrustTestCa?.());

async function rowsOf(path: string): Promise<number> {
  return (JSON.parse(await readFile(path, 'utf8')) as unknown[]).length;
}

const downloads = (w: World) => w.server.requests.filter((request) => request.origin === 'download');

describe('downloads over real networks', () => {
  it('refuses a redirect from https to http after one attempt, and never asks the http side', async () => {
    world = await makeWorld({
      tls: {
        key: await readFile(join(TLS_DIR, 'localhost.key')),
        cert: await readFile(join(TLS_DIR, 'localhost.crt')),
      },
    });
    let asked = 0;
    plain = createServer((_req, res) => {
      asked += 1;
      res.end('not this');
    });
    await new Promise<void>((resolve) => plain!.listen(0, '127.0.0.1', resolve));
    const httpOrigin = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    world.server.faults.set({ redirectDownload: { toOrigin: httpOrigin, count: 10 } });
    const source = await world.fixture('sales.csv');
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('insecure_redirect');
    expect(downloads(world)).toHaveLength(1);
    expect(asked).toBe(0);
  });

  it('decodes a gzip-encoded result and saves the file itself', async () => {
    world = await makeWorld();
    world.server.faults.set({ encodeDownload: { count: 1, coding: 'gzip' } });
    const source = await world.fixture('sales.csv');
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('completed');
    expect(await rowsOf(job.output!)).toBe(5);
    expect(downloads(world)).toHaveLength(1);
  });

  it('refuses a content coding it cannot decode, plainly and once', async () => {
    world = await makeWorld();
    world.server.faults.set({ encodeDownload: { count: 10, coding: 'x-unknown' } });
    const source = await world.fixture('sales.csv');
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('content_encoding_unsupported');
    expect(downloads(world)).toHaveLength(1);
    expect((await world.files()).filter((file) => file.endsWith('.part'))).toEqual([]);
  });

  it('waits out a 429 from the storage origin on that origin alone: the API keeps answering', async () => {
    // Real time, until the API has answered; then the rest of the storage origin's wait is
    // skipped on the clock server and engine share (the request log keeps the order).
    const clock = new SkippingClock();
    world = await makeWorld({ clock });
    world.server.faults.set({ rateLimit: { count: 1, retryAfterSeconds: 5, paths: ['download'] } });
    const source = await world.fixture('sales.csv');
    const engine = await world.engine({ clock });
    await engine.submit([{ source, to: 'json' }]);
    await expect
      .poll(() => downloads(world).some((request) => request.status === 429), {
        timeout: 30_000,
        message: 'the storage origin answered 429',
      })
      .toBe(true);
    // The API's gate is open, and a question to the API is answered before the download is
    // tried again (the storage origin asked for 5 s).
    expect(engine.status().notBefore).toBeUndefined();
    const balance = await engine.balance();
    expect(balance.ok).toBe(true);
    const answeredAt = world.server.requests.length;
    expect(world.server.requests.at(-1)).toMatchObject({ origin: 'api', path: '/api/account', status: 200 });
    await clock.skipWhile(engine.idle(), spansARetryAfter(world.server.requests, 5));
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('completed');
    expect(await rowsOf(job.output!)).toBe(5);
    const retried = world.server.requests.findIndex(
      (request, index) => index > 0 && request.origin === 'download' && request.status === 200,
    );
    expect(retried).toBeGreaterThanOrEqual(answeredAt);
    expect(world.server.ledger.postsBySourceName('sales.csv')).toBe(1);
  });

  it('downloads a result whose expiresAt has passed by our clock while the server still serves it', async () => {
    world = await makeWorld();
    world.server.faults.set({ expiresAtEarlierMs: 48 * 3600 * 1000 });
    const source = await world.fixture('sales.csv');
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('completed');
    expect(await rowsOf(job.output!)).toBe(5);
  });
});
