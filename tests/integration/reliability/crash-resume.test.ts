// Crash safety: `ifc convert` of a 20-file batch is SIGKILLed at a random point (5 seeds:
// during uploads, polls, downloads or journal writes), then `ifc resume` finishes it. Every
// output must be complete and byte-exact, each file accepted (charged) once with any repeat
// POST deduped by its Idempotency-Key, no temp file left anywhere, and the journal consistent
// with the server's ledger.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJournal } from '../../../electron/engine/index.ts';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { tempRoot } from './helpers.ts';
import { ifcEnv, runIfc } from './ifc-process.ts';

const FILES = 20;
const SEEDS = [1, 2, 3, 4, 5];
let root: string;
let inputDir: string;
const sources = new Map<string, Buffer>();

/** mulberry32: a tiny seeded PRNG, so a failing seed can be replayed exactly. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  root = await tempRoot('ifc-crash-');
  inputDir = join(root, 'in');
  await mkdir(inputDir);
  // Small files take the sync path (?wait=), the larger ones are polled; sizes vary so a kill
  // can land in any phase of any of them.
  for (let index = 0; index < FILES; index += 1) {
    const bytes = index % 5 === 4 ? 2_400_000 + index * 1000 : 4_000 + index * 37_000;
    const data = randomBytes(bytes);
    const name = `file-${String(index).padStart(2, '0')}.bin`;
    await writeFile(join(inputDir, name), data);
    sources.set(name, data);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectConsistent(server: LocalServer, outDir: string, stateDir: string): Promise<void> {
  // Each property is checked softly, so one run reports every way it went wrong.
  // Every output complete and byte-exact, and nothing else in the folder (no temp, no "(1)").
  const outputs = (await readdir(outDir)).sort();
  expect
    .soft(outputs, 'the output folder holds the 20 results and nothing else')
    .toEqual([...sources.keys()].map((name) => name.replace('.bin', '.dat')).sort());
  for (const [name, data] of sources) {
    const written = await readFile(join(outDir, name.replace('.bin', '.dat')));
    expect.soft(written.equals(data), `${name} byte-exact`).toBe(true);
  }
  // Accepted once each; any repeated POST carried a key the server already knew.
  const ledger = server.ledger.jobs;
  for (const name of sources.keys()) {
    expect.soft(ledger.filter((entry) => entry.sourceName === name).length, `${name} accepted once`).toBe(1);
  }
  const keys = new Set(ledger.map((entry) => entry.idempotencyKey));
  const answered = server.requests.filter(
    (entry) => entry.method === 'POST' && entry.path === '/api/convert' && entry.status !== 0,
  );
  for (const post of answered)
    expect.soft(keys.has(post.idempotencyKey), 'every POST deduped onto its job').toBe(true);
  // The journal: readable, every job completed with the server's job id, key and our output.
  expect
    .soft((await readdir(stateDir)).sort(), 'the state folder holds the journal and nothing else')
    .toEqual(['journal.json']);
  const journal = await loadJournal(stateDir);
  expect(journal.setAside).toBeUndefined();
  expect(journal.data.jobs.length).toBe(FILES);
  for (const job of journal.data.jobs) {
    const entry = ledger.find((candidate) => candidate.sourceName === job.sourceName);
    expect.soft(job.state, job.sourceName).toBe('completed');
    expect.soft(job.serverJobId, job.sourceName).toBe(entry?.jobId);
    expect.soft(job.idempotencyKey, job.sourceName).toBe(entry?.idempotencyKey);
    expect.soft(job.output, job.sourceName).toBe(join(outDir, job.sourceName.replace('.bin', '.dat')));
    expect.soft(job.partPath, job.sourceName).toBeUndefined();
  }
}

describe('SIGKILL during a 20-file batch, then ifc resume', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: outputs complete and byte-exact, charged once, no leftovers, journal consistent`, async () => {
      const random = prng(seed);
      const server = await startLocalServer({ benchPassThrough: true });
      const outDir = join(root, `out-${seed}`);
      const stateDir = join(root, `state-${seed}`);
      try {
        const env = ifcEnv(server, stateDir);
        // The first 20 lines are the batch being queued; after them the batch is in the journal.
        const killAfterLines = FILES + 1 + Math.floor(random() * 70);
        const killDelayMs = Math.floor(random() * 25);
        const killed = await runIfc(['convert', inputDir, '--to', 'dat', '--out', outDir, '--json'], {
          env,
          killAfterLines,
          killDelayMs,
        });
        const where = `killed after line ${killAfterLines} + ${killDelayMs} ms`;
        expect(killed.killed || killed.code === 0, `${where}: ${killed.stderr}`).toBe(true);

        const resumed = await runIfc(['resume', '--json'], { env });
        expect(resumed.code, `${where}: resume said ${resumed.stderr}`).toBe(0);
        await expectConsistent(server, outDir, stateDir);
      } finally {
        await server.close();
      }
    });
  }
});
