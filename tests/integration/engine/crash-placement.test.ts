// A crash between putting a result in place and saving `completed` must not give a second
// copy: the journal names the final path (with size and sha256) before the rename, and a
// resume that finds that file adopts it. The state a SIGKILL leaves is built here by hand
// (the reliability suite hits it only by chance), plus the case where the file found there
// is NOT ours, and local file errors in an upload body, which are never network failures.
import { createHash } from 'node:crypto';
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../electron/engine/api/api-client.ts';
import { readJournal } from '../../../electron/engine/journal/journal.ts';
import { RateGate } from '../../../electron/engine/api/rate-gate.ts';
import { DEFAULT_RETRY, withRetry } from '../../../electron/engine/api/retry-policy.ts';
import { makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Converts one file to the end, then rewrites the journal as a SIGKILL right after the
 *  rename would have left it: `downloading`, final path recorded, no output yet. */
async function killedAfterRename(): Promise<{ output: string; data: Buffer; downloads: () => number }> {
  const source = await world.fixture('sales.csv');
  const first = await world.engine();
  await first.submit([{ source, to: 'json' }]);
  await first.idle();
  const output = first.jobs()[0]?.output;
  expect(first.jobs()[0]?.state).toBe('completed');
  await first.close();
  const data = await readFile(output!);
  const file = join(world.stateDir, 'journal.json');
  const journal = JSON.parse(await readFile(file, 'utf8'));
  const job = journal.jobs[0];
  job.state = 'downloading';
  job.partPath = join(world.inDir, `.ifc-${job.id}.part`);
  job.placing = { path: output, bytes: data.length, sha256: sha256(data) };
  delete job.output;
  await writeFile(file, JSON.stringify(journal));
  const resultPath = new URL(job.result.url, world.server.url).pathname;
  const downloads = () =>
    world.server.requests.filter((request) => request.method === 'GET' && request.path === resultPath).length;
  return { output: output!, data, downloads };
}

describe('a crash between placing a result and saving it', () => {
  it('adopts the result already at the recorded path instead of downloading a second copy', async () => {
    world = await makeWorld();
    const { output, data, downloads } = await killedAfterRename();
    const before = downloads();
    expect(before).toBe(1);
    const engine = await world.engine();
    const resumed = await engine.resumeJournal();
    expect(resumed.ok).toBe(true);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('completed');
    expect(job.output).toBe(output);
    expect(downloads()).toBe(before);
    expect((await readdir(world.inDir)).sort()).toEqual(['sales.csv', 'sales.json']);
    expect((await readFile(output)).equals(data)).toBe(true);
    // What is on disk now (snapshot + log; the engine is still open).
    const journal = await readJournal(world.stateDir);
    expect(journal?.jobs[0]?.placing).toBeUndefined();
    expect(journal?.jobs[0]?.state).toBe('completed');
  });

  it('downloads again when the file at the recorded path is not the one recorded', async () => {
    world = await makeWorld();
    const { output, data, downloads } = await killedAfterRename();
    // Someone else's file of the same size under that name: never taken for ours.
    const other = Buffer.alloc(data.length, 0x41);
    await writeFile(output, other);
    const before = downloads();
    const engine = await world.engine();
    await engine.resumeJournal();
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('completed');
    expect(downloads()).toBe(before + 1);
    expect(job.output).toBe(join(world.inDir, 'sales (1).json'));
    expect((await readFile(job.output!)).equals(data)).toBe(true);
    expect((await readFile(output)).equals(other)).toBe(true);
  });
});

describe('a local file error while sending the upload body', () => {
  it('is reported as the file problem, once, never as a network failure', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    const bytes = (await readFile(source)).length;
    // Measured, then shortened before it is sent (a file still being written).
    await truncate(source, 10);
    const gate = new RateGate();
    const client = new ApiClient({ url: world.server.url, key: world.server.key, gate });
    const send = (path: string) =>
      withRetry(
        () => client.submit({ path, fileName: 'sales.csv', bytes, to: 'json', idempotencyKey: `k-${path}` }),
        { timing: { ...DEFAULT_RETRY, backoffBaseMs: 20 }, gate },
      );
    const postsBefore = world.server.requests.filter((request) => request.method === 'POST').length;
    const shrunk = await send(source);
    const gone = await send(join(world.inDir, 'gone.csv'));
    await client.close();
    expect(shrunk.ok || shrunk.error).toEqual({ kind: 'local', code: 'file_changed' });
    expect(gone.ok || gone.error).toEqual({ kind: 'local', code: 'file_missing' });
    // One attempt each: nothing the retry policy would send again.
    const posts = world.server.requests.filter((request) => request.method === 'POST').length;
    expect(posts - postsBefore).toBeLessThanOrEqual(2);
    expect(world.server.ledger.jobs).toEqual([]);
  });
});
