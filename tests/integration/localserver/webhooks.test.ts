// Webhooks: registration, and a signed POST of the Job JSON when a job ends, verified here
// the way a receiver must (HMAC-SHA256 over timestamp + "." + raw body, constant-time).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
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

async function startReceiver(): Promise<{ url: string; next(): Promise<Delivery> }> {
  const queue: Delivery[] = [];
  const waiting: ((delivery: Delivery) => void)[] = [];
  receiver = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    res.writeHead(204).end();
    const delivery = { headers: req.headers, raw, path: req.url ?? '' };
    const wake = waiting.shift();
    if (wake) wake(delivery);
    else queue.push(delivery);
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next: () => {
      const ready = queue.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
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
