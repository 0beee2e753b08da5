// Stopping and resuming the real `ifc`: a 402 mid-batch, SIGKILL mid-batch and Ctrl-C all
// end, after `ifc resume`, with every output byte-exact, no file uploaded twice once the
// server had accepted it, no duplicate charge, no temp files, and the key nowhere on disk.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { conversionCost } from '../../../shared/formats.ts';
import { filesContaining, makeWorld, type World } from '../engine/support.ts';
import { runIfc, startIfc } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

function envFor(w: World) {
  return { IFC_API_URL: w.server.url, IFC_API_KEY: w.server.key, IFC_STATE_DIR: w.stateDir, HOME: w.dir };
}

async function sources(count: number): Promise<string[]> {
  const out: string[] = [];
  for (let index = 1; index <= count; index += 1) out.push(await world.fixture('sales.csv', `s${index}.csv`));
  return out;
}

/** What a stop and a resume are about is the job list, not the converter: these inputs go
 *  through the server's in-process byte copy (the bench's bin -> dat), so no conversion
 *  process has to start (a second or more of CPU each on a busy machine). */
const COPY_BYTES = 4096;
async function byteCopies(count: number): Promise<string[]> {
  const out: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const path = join(world.inDir, `s${index}.bin`);
    await writeFile(path, randomBytes(COPY_BYTES));
    out.push(path);
  }
  return out;
}

/** The server's own sha256 of a job's result, as its status answer gives it. */
async function serverSha(jobId: string): Promise<string> {
  const res = await request(`${world.server.url}/api/convert/status/${jobId}`, {
    headers: { authorization: `Bearer ${world.server.key}` },
  });
  return ((await res.body.json()) as { sha256: string }).sha256;
}

async function expectByteExactAndChargedOnce(names: string[]): Promise<void> {
  const entries = world.server.ledger.jobs;
  for (const name of names) {
    const accepted = entries.filter((entry) => entry.sourceName === name);
    expect(accepted, name).toHaveLength(1);
    const output = await readFile(join(world.inDir, name.replace(/\.bin$/, '.dat')));
    expect(createHash('sha256').update(output).digest('hex')).toBe(await serverSha(accepted[0]!.jobId));
    // The byte copy: the result is the source itself.
    expect(output.equals(await readFile(join(world.inDir, name))), name).toBe(true);
  }
  expect(entries).toHaveLength(names.length);
  const perFile = conversionCost(
    { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: {} },
    COPY_BYTES,
    'dat',
  );
  expect(world.server.ledger.totals.charged).toBe(names.length * perFile);
  const leftovers = (await readdir(world.dir, { recursive: true })).filter((name) =>
    String(name).endsWith('.part'),
  );
  expect(leftovers).toEqual([]);
  expect(await filesContaining(world.dir, world.server.key)).toEqual([]);
}

describe('ifc resume', () => {
  it('after a 402 mid-batch (exit 4), finishes the rest without re-uploading accepted files', async () => {
    world = await makeWorld({ benchPassThrough: true });
    const files = await byteCopies(4);
    world.server.faults.set({ drainAfterJobs: 2 });
    const first = await runIfc(
      ['convert', ...files, '--to', 'dat', '--concurrency', '1', '--json'],
      envFor(world),
    );
    expect(first.code).toBe(4);
    const summary = first.lines.at(-1) as {
      completed: unknown[];
      pending: { source: string; state: string }[];
    };
    expect(summary.completed).toHaveLength(2);
    expect(summary.pending).toEqual(files.slice(2).map((source) => ({ source, state: 'pending' })));

    const listed = await runIfc(['jobs', '--json'], envFor(world));
    expect(listed.lines.map((line) => line.state)).toEqual(['completed', 'completed', 'pending', 'pending']);

    world.server.faults.clear();
    world.server.setTokens(100);
    const resumed = await runIfc(['resume', '--json'], envFor(world));
    expect(resumed.code).toBe(0);
    expect((resumed.lines.at(-1) as { completed: unknown[] }).completed).toHaveLength(2);
    expect(world.server.ledger.postsBySourceName('s1.bin')).toBe(1);
    expect(world.server.ledger.postsBySourceName('s2.bin')).toBe(1);
    await expectByteExactAndChargedOnce(['s1.bin', 's2.bin', 's3.bin', 's4.bin']);
  });

  it('after SIGKILL mid-batch, ends with every output byte-exact and no duplicate charge', async () => {
    world = await makeWorld({ benchPassThrough: true });
    const files = await byteCopies(6);
    // Downloads are slow, so the kill lands with jobs accepted but not yet saved.
    world.server.faults.set({ slow: { path: 'download', delayMs: 600 } });
    const run = startIfc(['convert', ...files, '--to', 'dat', '--concurrency', '2', '--json'], envFor(world));
    await run.waitFor((line) => line.state === 'downloading');
    run.child.kill('SIGKILL');
    expect(await run.done).toBe(137);
    // Killed mid-batch: downloads are slow, so most results were not saved yet.
    const saved = (await readdir(world.inDir)).filter((name) => name.endsWith('.dat'));
    expect(saved.length).toBeLessThan(6);

    world.server.faults.clear();
    const resumed = await runIfc(['resume', '--json'], envFor(world));
    expect(resumed.code).toBe(0);
    // Whatever the kill left (not yet sent, or sent and unanswered), each file is charged once.
    const names = files.map((file) => file.split('/').pop()!);
    for (const name of names) {
      const posts = world.server.ledger.postsBySourceName(name);
      expect(posts, name).toBeGreaterThanOrEqual(1);
    }
    await expectByteExactAndChargedOnce(names);
    expect(resumed.stdout + resumed.stderr).not.toContain(world.server.key);
  });

  it('after SIGKILL on this computer, jobs shows as pending exactly what resume --endpoint local finishes', async () => {
    world = await makeWorld();
    const files = await sources(8);
    const env = {
      IFC_STATE_DIR: world.stateDir,
      HOME: world.dir,
      IFC_API_KEY: undefined,
      IFC_API_URL: undefined,
    };
    const run = startIfc(
      ['convert', ...files, '--to', 'json', '--endpoint', 'local', '--concurrency', '1', '--json'],
      env,
    );
    await run.waitFor((line) => line.state === 'completed');
    run.child.kill('SIGKILL');
    expect(await run.done).toBe(137);

    // The run and its in-process server are gone: nothing is "processing" any more.
    const listed = await runIfc(['jobs', '--json'], env);
    const states = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { source: string; state: string });
    expect(states).toHaveLength(8);
    expect(new Set(states.map((job) => job.state)).size).toBeLessThanOrEqual(2);
    for (const job of states) expect(['completed', 'pending']).toContain(job.state);
    const pending = states.filter((job) => job.state === 'pending').map((job) => job.source);
    expect(pending.length).toBeGreaterThan(0);

    const resumed = await runIfc(['resume', '--endpoint', 'local', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = resumed.lines.at(-1) as { completed: { source: string }[] };
    expect(summary.completed.map((entry) => entry.source).sort()).toEqual(pending.sort());
    const after = await runIfc(['jobs', '--json'], env);
    expect(
      after.stdout
        .trim()
        .split('\n')
        .every((line) => JSON.parse(line).state === 'completed'),
    ).toBe(true);
    for (const file of files) {
      const output = JSON.parse(await readFile(file.replace(/\.csv$/, '.json'), 'utf8')) as unknown[];
      expect(output.length, file).toBeGreaterThan(0);
    }
  });

  it('on Ctrl-C keeps accepted jobs (exit 130), and resume downloads them without uploading', async () => {
    world = await makeWorld({ benchPassThrough: true });
    const files = await byteCopies(2);
    world.server.faults.set({ slow: { path: 'download', delayMs: 800 } });
    const run = startIfc(['convert', ...files, '--to', 'dat', '--json'], envFor(world));
    // Interrupted once every job is accepted (each has reached its download): a small file's
    // POST is held while it converts (?wait=), and a job whose answer had not come yet is sent
    // again by resume (same Idempotency-Key, charged once, but a second POST). Conversions run
    // in their own processes, so that answer can take a while on a busy machine.
    const downloading = new Set<unknown>();
    await run.waitFor((line) => {
      if (line.state === 'downloading') downloading.add(line.source);
      return downloading.size === files.length;
    });
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
    expect(run.stderr()).toContain('Stopped before it finished.');
    expect(run.lines.at(-1)?.type).toBe('summary');
    world.server.faults.clear();
    const posts = files.map((file) => world.server.ledger.postsBySourceName(file.split('/').pop()!));
    const resumed = await runIfc(['resume'], envFor(world));
    expect(resumed.code).toBe(0);
    expect(files.map((file) => world.server.ledger.postsBySourceName(file.split('/').pop()!))).toEqual(
      posts.map((count) => Math.max(count, 1)),
    );
    await expectByteExactAndChargedOnce(['s1.bin', 's2.bin']);
  });

  it('refuses a second ifc on the same state dir while one is running', async () => {
    world = await makeWorld();
    const files = await sources(1);
    world.server.faults.set({ neverFinish: {} });
    const run = startIfc(['convert', ...files, '--to', 'json', '--json'], envFor(world));
    await run.waitFor((line) => line.state === 'processing');
    const second = await runIfc(['resume'], envFor(world));
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('Another iFileConverter is already using this job list.');
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
  });
});
