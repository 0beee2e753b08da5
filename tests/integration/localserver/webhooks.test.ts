// Webhooks: registration, and a signed POST of the Job JSON when a job ends, verified here
// the way a receiver must (HMAC-SHA256 over timestamp + "." + raw body, constant-time).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { ManualClock } from '../../support/manual-clock.ts';
import { waitFor } from '../../support/wait.ts';
import { convert, fixture, type Harness, harness, type JobBody } from './helpers.ts';

interface Delivery {
  headers: IncomingMessage['headers'];
  raw: string;
  path: string;
}

let h: Harness | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await h?.close();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  h = undefined;
  receiver = undefined;
});

/** A webhook receiver; it answers the first deliveries with `statuses` (then 204). */
async function startReceiver(
  statuses: number[] = [],
): Promise<{ url: string; next(what?: string): Promise<Delivery> }> {
  const queue: Delivery[] = [];
  receiver = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    res.writeHead(statuses.shift() ?? 204).end();
    queue.push({ headers: req.headers, raw, path: req.url ?? '' });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next: (what = 'a webhook delivery') => waitFor(() => queue.shift(), what),
  };
}

function verify(secret: string, delivery: Delivery): boolean {
  const timestamp = String(delivery.headers['x-ifc-timestamp']);
  const given = String(delivery.headers['x-ifc-signature']);
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${delivery.raw}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe('webhooks', () => {
  it('registers a webhook and POSTs the signed Job JSON when a job ends', async () => {
    h = await harness();
    const hook = await startReceiver();
    const put = await fetch(`${h.server.url}/api/account/webhook`, {
      method: 'PUT',
      headers: { ...h.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${hook.url}/hook` }),
    });
    expect(put.status).toBe(200);
    const { url, secret } = (await put.json()) as { url: string; secret: string };
    expect(url).toBe(`${hook.url}/hook`);
    expect(secret.length).toBeGreaterThanOrEqual(32);

    const job = await convert(h, { to: 'html', path: await fixture(h, 'notes.md') });
    const delivery = await hook.next();
    expect(delivery.path).toBe('/hook');
    expect(verify(secret, delivery)).toBe(true);
    expect(verify('not-the-secret', delivery)).toBe(false);
    const age = Date.now() / 1000 - Number(delivery.headers['x-ifc-timestamp']);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(300);
    const body = JSON.parse(delivery.raw) as JobBody;
    expect(body).toMatchObject({ jobId: job.jobId, status: 'completed', sha256: job.sha256 });
  });

  it('signs failed jobs too, sends to a per-job callbackUrl, and stops after DELETE', async () => {
    h = await harness();
    const hook = await startReceiver();
    const put = await fetch(`${h.server.url}/api/account/webhook`, {
      method: 'PUT',
      headers: { ...h.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${hook.url}/account` }),
    });
    const { secret } = (await put.json()) as { secret: string };
    const del = await fetch(`${h.server.url}/api/account/webhook`, { method: 'DELETE', headers: h.auth });
    expect(del.status).toBe(204);
    const job = await convert(h, {
      to: 'txt',
      path: await fixture(h, 'corrupt.pdf'),
      callbackUrl: `${hook.url}/job`,
    });
    const delivery = await hook.next();
    expect(delivery.path).toBe('/job'); // not /account: that hook was deleted
    expect(verify(secret, delivery)).toBe(true);
    expect(JSON.parse(delivery.raw)).toMatchObject({
      jobId: job.jobId,
      status: 'failed',
      error: { code: 'corrupt_input' },
    });
  });

  it('tries a refused delivery again after 1 s and then 4 s on the server clock, freshly signed', async () => {
    const clock = new ManualClock();
    h = await harness({ clock });
    const hook = await startReceiver([500, 503]);
    const put = await fetch(`${h.server.url}/api/account/webhook`, {
      method: 'PUT',
      headers: { ...h.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${hook.url}/hook` }),
    });
    const { secret } = (await put.json()) as { secret: string };
    const job = await convert(h, { to: 'html', path: await fixture(h, 'notes.md') });
    const start = clock.now();
    const first = await hook.next('the first try');
    // Refused: the next try waits 1 s on the server's clock (a real timer is never seen here).
    await clock.untilSleeping('the webhook waiting 1 s before its second try', (at) => at === start + 1000);
    await clock.advance(1000);
    const second = await hook.next('the second try, 1 s later');
    await clock.untilSleeping('the webhook waiting 4 s before its last try', (at) => at === start + 5000);
    await clock.advance(4000);
    const third = await hook.next('the last try, 4 s after the second');

    const stamps = [first, second, third].map((delivery) => Number(delivery.headers['x-ifc-timestamp']));
    expect(stamps.map((stamp) => stamp - Math.floor(start / 1000))).toEqual([0, 1, 5]);
    for (const delivery of [first, second, third]) {
      expect(verify(secret, delivery)).toBe(true);
      expect(JSON.parse(delivery.raw)).toMatchObject({ jobId: job.jobId, status: 'completed' });
    }
  });

  it('refuses a webhook that is not an http(s) URL', async () => {
    h = await harness();
    const put = await fetch(`${h.server.url}/api/account/webhook`, {
      method: 'PUT',
      headers: { ...h.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'file:///etc/passwd' }),
    });
    expect(put.status).toBe(400);
  });
});
