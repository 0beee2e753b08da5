// Idempotent re-POSTs never charge twice; the per-account rate limit answers 429 with a
// Retry-After that is exactly long enough.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { ManualClock } from '../../support/manual-clock.ts';
import {
  fixture,
  type Harness,
  harness,
  type JobBody,
  makeFile,
  postConvert,
  untilFinal,
} from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Idempotency-Key', () => {
  it('returns the original job for a repeat and charges nothing again', async () => {
    h = await harness({ tokens: 100 });
    const path = await fixture(h, 'sales.csv');
    const key = '6f1c1d7e-8a43-4b0a-9a55-0a9d3b1e2f10';
    const first = await postConvert(h, { to: 'xlsx', path, idempotencyKey: key });
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as JobBody;
    await untilFinal(h, accepted.jobId);
    const balance = h.server.balance();
    const repeat = await postConvert(h, { to: 'xlsx', path, idempotencyKey: key });
    expect(repeat.status).toBe(200); // the original job, already finished
    const again = (await repeat.json()) as JobBody;
    expect(again.jobId).toBe(accepted.jobId);
    expect(again.status).toBe('completed');
    expect(h.server.balance()).toBe(balance);
    expect(h.server.ledger.jobs).toHaveLength(1);
    expect(h.server.ledger.totals.charged).toBe(accepted.tokensCharged);
    expect(h.server.ledger.postsBySourceName('sales.csv')).toBe(2);
    expect(h.server.ledger.entry(accepted.jobId)?.idempotencyKey).toBe(key);
    const posts = h.server.requests.filter((entry) => entry.method === 'POST');
    expect(posts.map((entry) => entry.idempotencyKey)).toEqual([key, key]);
  });

  it('dedupes two concurrent POSTs with the same key into one job', async () => {
    h = await harness();
    const path = await fixture(h, 'notes.md');
    const key = 'concurrent-key';
    const answers = await Promise.all([
      postConvert(h, { to: 'html', path, idempotencyKey: key }),
      postConvert(h, { to: 'html', path, idempotencyKey: key }),
    ]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as JobBody[];
    expect(bodies[0]!.jobId).toBe(bodies[1]!.jobId);
    expect(h.server.ledger.jobs).toHaveLength(1);
  });

  it('answers a repeat whose first POST was sent whole by a client that then vanished', async () => {
    // What `ifc` killed mid-batch leaves behind: the first POST's bytes all arrived, but the
    // connection closed while the server still held some of them for the parser. That POST must
    // count as cut, or its key stays "in flight" and the repeat after a restart waits forever.
    h = await harness({ benchPassThrough: true });
    const key = 'vanished-client-key';
    const file = randomBytes(4 * 1024 * 1024);
    const path = await makeFile(h, 'big.bin', file);
    const url = new URL(h.server.url);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const boundary = `----vanish${attempt}`;
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="to"\r\n\r\ndat\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const head =
        `POST /api/convert HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${h.server.key}\r\n` +
        `Idempotency-Key: ${key}-${attempt}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.end(Buffer.concat([Buffer.from(head), body]), () => {
            socket.destroy();
            resolve();
          });
        });
        socket.on('error', reject);
      });
      const repeat = await Promise.race([
        postConvert(h, { to: 'dat', path, idempotencyKey: `${key}-${attempt}` }),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000)),
      ]);
      expect(repeat?.status, `attempt ${attempt}: the repeat was answered`).toBeOneOf([200, 202]);
      await repeat?.body?.cancel();
    }
    // One job per key whichever POST made it: never two.
    const perKey = new Map<string, number>();
    for (const job of h.server.ledger.jobs) {
      perKey.set(job.idempotencyKey ?? '', (perKey.get(job.idempotencyKey ?? '') ?? 0) + 1);
    }
    expect([...perKey.values()].every((count) => count === 1)).toBe(true);
    expect(perKey.size).toBe(5);
  });

  it('gives different keys different jobs', async () => {
    h = await harness();
    const path = await fixture(h, 'notes.md');
    const one = (await (await postConvert(h, { to: 'html', path, idempotencyKey: 'k1' })).json()) as JobBody;
    const two = (await (await postConvert(h, { to: 'html', path, idempotencyKey: 'k2' })).json()) as JobBody;
    expect(one.jobId).not.toBe(two.jobId);
  });
});

describe('rate limit', () => {
  it('answers 429 rate_limited with a Retry-After that is enough, per account', async () => {
    // The server's time stands still while the test asks (a clock the test moves): the bucket
    // holds exactly 60, and it refills when the test says so, not after a real second.
    const clock = new ManualClock();
    h = await harness({ rateLimitPerMinute: 60, clock });
    let allowed = 0;
    let limited: Awaited<ReturnType<typeof fetch>> | undefined;
    for (let i = 0; i < 200 && !limited; i += 1) {
      const response = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
      if (response.status === 429) limited = response;
      else {
        expect(response.status).toBe(200);
        allowed += 1;
        await response.body?.cancel();
      }
    }
    expect(allowed).toBe(60);
    if (!limited) throw new Error('no 429 after 200 requests');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(1); // 60 per minute: one more each second
    // Unauthenticated requests are not counted against the account (and still get 401).
    expect((await fetch(`${h.server.url}/api/formats`)).status).toBe(401);
    // One millisecond short of Retry-After the bucket is still short of a request; at it, not.
    await clock.advance(retryAfter * 1000 - 1);
    const early = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
    expect(early.status).toBe(429);
    await early.body?.cancel();
    await clock.advance(1);
    const after = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
    expect(after.status).toBe(200);
    await after.body?.cancel();
  });
});
