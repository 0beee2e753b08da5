// Results come from pre-signed URLs on a second origin: no Authorization, a signature that
// cannot be forged, 410 once the retention window has passed.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { convert, download, fixture, type Harness, harness } from './helpers.ts';
import { ManualClock } from '../../support/manual-clock.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('download origin', () => {
  it('serves the result on another origin without Authorization, with length, name and sha256', async () => {
    h = await harness();
    const job = await convert(h, { to: 'xlsx', path: await fixture(h, 'Überweisung März 2026.pdf') });
    const url = new URL(job.downloadUrl!);
    expect(url.origin).toBe(h.server.downloadOrigin);
    expect(url.origin).not.toBe(new URL(h.server.url).origin);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBe(job.bytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(job.sha256);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    const encoded = disposition.split("filename*=UTF-8''")[1]!;
    expect(decodeURIComponent(encoded)).toBe('Überweisung März 2026.xlsx');
    expect(job.fileName).toBe('Überweisung März 2026.xlsx');
    const log = h.server.requests.filter((entry) => entry.origin === 'download');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'GET', status: 200, hadAuthorization: false });
  });

  it('hashes and serves results of every size whole: a few bytes, exactly one read, larger than one read', async () => {
    // Results up to 1 MiB are hashed from one read of their own size and served in reads no
    // larger than the file; bigger ones in 1 MiB and 64 KiB reads (jobs.ts, download.ts).
    h = await harness({ benchPassThrough: true });
    for (const bytes of [3, 1024 * 1024, 1024 * 1024 + 1, 2.5 * 1024 * 1024 + 7]) {
      const path = join(h.dir, `result-of-${bytes}.bin`);
      const source = randomBytes(bytes);
      await writeFile(path, source);
      const job = await convert(h, { to: 'dat', path });
      expect(job.status).toBe('completed');
      expect(job.bytes).toBe(bytes);
      expect(job.sha256).toBe(createHash('sha256').update(source).digest('hex'));
      expect((await download(job)).equals(source), `the ${bytes}-byte result downloads whole`).toBe(true);
    }
  });

  it('logs every request by default, and none with requestLog: false (a server that runs for hours)', async () => {
    for (const requestLog of [undefined, false]) {
      h = await harness({ ...(requestLog === undefined ? {} : { requestLog }) });
      const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
      expect(JSON.parse((await download(job)).toString('utf8'))).toBeInstanceOf(Array);
      const origins = new Set(h.server.requests.map((entry) => entry.origin));
      if (requestLog === false) expect(h.server.requests).toEqual([]);
      else expect([...origins].sort()).toEqual(['api', 'download']);
      await h.close();
      h = undefined;
    }
  });

  it('answers 403 for a missing or tampered signature, and to the API origin it is unknown', async () => {
    h = await harness();
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    const url = new URL(job.downloadUrl!);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    expect((await fetch(url)).status).toBe(403);
    url.searchParams.delete('sig');
    expect((await fetch(url)).status).toBe(403);
    // A longer validity cannot be granted by editing exp: the signature covers it.
    const longer = new URL(job.downloadUrl!);
    longer.searchParams.set('exp', String(Number(longer.searchParams.get('exp')) + 3600));
    expect((await fetch(longer)).status).toBe(403);
    const onApi = await fetch(`${h.server.url}${new URL(job.downloadUrl!).pathname}`, { headers: h.auth });
    expect(onApi.status).toBe(404);
  });

  it('answers 410 expired once the retention window has passed', async () => {
    const clock = new ManualClock();
    h = await harness({ retentionMs: 1500, clock });
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    await clock.advance(1499);
    expect((await fetch(job.downloadUrl!)).status).toBe(200);
    await clock.advance(1);
    const response = await fetch(job.downloadUrl!);
    expect(response.status).toBe(410);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('expired');
  });

  it('deletes each result when its own retention is up, in the order they finished', async () => {
    const clock = new ManualClock();
    const dataDir = await mkdtemp(join(tmpdir(), 'ifc-ls-data-'));
    h = await harness({ retentionMs: 1500, clock, dataDir });
    const results = async () =>
      (await readdir(dataDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => extname(entry.name))
        .sort();
    try {
      await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
      await clock.advance(500);
      await convert(h, { to: 'xlsx', path: await fixture(h, 'sales.csv') });
      await expect.poll(results).toEqual(['.json', '.xlsx']);
      // 1.5 s after the first finished: the first is gone, the second has 0.5 s to go.
      await clock.advance(1000);
      await expect.poll(results).toEqual(['.xlsx']);
      await clock.advance(499);
      expect(await results()).toEqual(['.xlsx']);
      await clock.advance(1);
      await expect.poll(results).toEqual([]);
    } finally {
      await h.close();
      h = undefined;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
