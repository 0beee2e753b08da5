// Shared set-up of the reliability suite: a real local server on loopback (with the bench-only
// bin -> dat byte copy, so "byte-exact" can be checked against the source itself), a batch of
// mixed files, the engine in-process with short timings, and the checks every scenario ends
// with: each file byte-exact at its output path or accounted for with the right code, and the
// server's ledger showing no double charge.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { FormData, fetch } from 'undici';
import { createEngine, type Engine, type EngineTiming } from '../../../electron/engine/index.ts';
import {
  type LocalServer,
  type LocalServerOptions,
  startLocalServer,
} from '../../../electron/localserver/index.ts';
import type { BatchSummary, JobView } from '../../../shared/jobs.ts';
import { messageFor } from '../../../shared/messages.ts';
import { waitFor } from '../../support/wait.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures');

/** Polls every 50-200 ms and backs off 20 ms: the schedule's shape, at test speed. A job is
 *  called stalled only after two minutes: a busy machine can take half of one to convert. */
export const FAST_TIMING: EngineTiming = {
  poll: { firstMs: 50, maxMs: 200, growth: 1.5, jitter: 0, stallAfterMs: 120_000 },
  retry: { backoffBaseMs: 20 },
  progressIntervalMs: 50,
};

export async function tempRoot(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** What must become of one input: a file with exactly these bytes, or a listed code. */
export type Expectation =
  | { kind: 'output'; name: string; bytes: Buffer }
  | { kind: 'failed'; code: string }
  | { kind: 'skipped'; code: string };

export interface MixedInput {
  source: string;
  to: string;
  expect: Expectation;
}

/** Fixture conversions whose output is deterministic (same input and name, same bytes). */
const CONVERTED = [
  { name: 'sales.csv', to: 'json' },
  { name: 'notes.md', to: 'html' },
] as const;

/** The server's own result for a fixture, fetched over plain HTTP (not through the engine). */
export async function referenceOutputs(): Promise<Map<string, Buffer>> {
  // No rate limit: the status is asked often while a busy machine converts.
  const server = await startLocalServer({ rateLimitPerMinute: 1_000_000 });
  const outputs = new Map<string, Buffer>();
  try {
    for (const { name, to } of CONVERTED) {
      const form = new FormData();
      form.append('to', to);
      form.append('file', new Blob([await readFile(join(FIXTURES, name))]), name);
      const accepted = await fetch(`${server.url}/api/convert?wait=20`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${server.key}` },
      });
      let job = (await accepted.json()) as { jobId: string; status: string; downloadUrl?: string };
      // ?wait= holds the answer a while; a busy machine may take longer to convert.
      job = await waitFor(
        async () => {
          if (job.status !== 'processing' && job.status !== 'queued') return job;
          const status = await fetch(`${server.url}/api/convert/status/${job.jobId}`, {
            headers: { authorization: `Bearer ${server.key}` },
          });
          job = (await status.json()) as typeof job;
          return false;
        },
        `the reference conversion of ${name}`,
        50_000,
      );
      if (job.status !== 'completed' || !job.downloadUrl)
        throw new Error(`reference ${name}: ${JSON.stringify(job)}`);
      const result = await fetch(job.downloadUrl);
      outputs.set(name, Buffer.from(await result.arrayBuffer()));
    }
  } finally {
    await server.close();
  }
  return outputs;
}

/**
 * The mixed batch: a small and a large random .bin (sync path and polled path, compared with
 * their own bytes), two real documents, an encrypted PDF (fails with encrypted_input) and an
 * empty file (refused before upload).
 */
export async function mixedInputs(dir: string, references: Map<string, Buffer>): Promise<MixedInput[]> {
  await mkdir(dir, { recursive: true });
  const inputs: MixedInput[] = [];
  const random = async (name: string, bytes: number) => {
    const data = randomBytes(bytes);
    await writeFile(join(dir, name), data);
    inputs.push({
      source: join(dir, name),
      to: 'dat',
      expect: { kind: 'output', name: name.replace(/\.bin$/, '.dat'), bytes: data },
    });
  };
  await random('small.bin', 48 * 1024);
  await random('large.bin', 2 * 1024 * 1024 + 300 * 1024);
  for (const { name, to } of CONVERTED) {
    await copyFile(join(FIXTURES, name), join(dir, name));
    const bytes = references.get(name);
    if (!bytes) throw new Error(`no reference output for ${name}`);
    inputs.push({
      source: join(dir, name),
      to,
      expect: { kind: 'output', name: name.replace(/\.[^.]+$/, `.${to}`), bytes },
    });
  }
  await copyFile(join(FIXTURES, 'encrypted.pdf'), join(dir, 'encrypted.pdf'));
  inputs.push({
    source: join(dir, 'encrypted.pdf'),
    to: 'txt',
    expect: { kind: 'failed', code: 'encrypted_input' },
  });
  await writeFile(join(dir, 'empty.bin'), '');
  inputs.push({ source: join(dir, 'empty.bin'), to: 'dat', expect: { kind: 'skipped', code: 'file_empty' } });
  return inputs;
}

export interface World {
  root: string;
  inputDir: string;
  outDir: string;
  stateDir: string;
  server: LocalServer;
  engine: Engine;
  close(): Promise<void>;
}

export async function makeWorld(
  serverOptions: LocalServerOptions = {},
  timing: EngineTiming = FAST_TIMING,
): Promise<World> {
  const root = await tempRoot('ifc-reliability-');
  const inputDir = join(root, 'in');
  const outDir = join(root, 'out');
  const stateDir = join(root, 'state');
  await mkdir(outDir, { recursive: true });
  const server = await startLocalServer({ benchPassThrough: true, ...serverOptions });
  const made = await createEngine({
    api: { url: server.url, key: server.key },
    stateDir,
    output: { dir: outDir },
    timing,
    // One time for both sides, as in production, when the test brings a clock of its own.
    ...(serverOptions.clock ? { clock: serverOptions.clock } : {}),
  });
  if (!made.ok) throw new Error(`engine did not start: ${made.error.code}`);
  const engine = made.value;
  return {
    root,
    inputDir,
    outDir,
    stateDir,
    server,
    engine,
    async close() {
      await engine.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Submits and resolves with the batch summary (the engine's 'batch' event). */
export async function runBatch(
  engine: Engine,
  inputs: MixedInput[],
  timeoutMs = 55_000,
): Promise<BatchSummary> {
  let batchId: string | undefined;
  const seen: BatchSummary[] = [];
  let wake: () => void = () => undefined;
  const off = engine.on('batch', (summary) => {
    seen.push(summary);
    wake();
  });
  try {
    const submitted = await engine.submit(inputs.map(({ source, to }) => ({ source, to })));
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.code}`);
    batchId = submitted.value.batchId;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = seen.find((summary) => summary.batchId === batchId);
      if (done) return done;
      if (Date.now() > deadline)
        throw new Error(`batch did not settle in ${timeoutMs} ms: ${JSON.stringify(engine.jobs())}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  } finally {
    off();
  }
}

/** Every input ended as expected: byte-exact output at its path, or its code listed. */
export async function expectEveryFileAccountedFor(
  inputs: MixedInput[],
  summary: BatchSummary,
  jobs: JobView[],
  outDir: string,
): Promise<void> {
  for (const input of inputs) {
    const job = jobs.find((view) => view.source === input.source);
    const where = `${basename(input.source)} (${job?.state ?? 'no job'}: ${JSON.stringify(job?.error ?? job?.wait ?? '')})`;
    const expected = input.expect;
    if (expected.kind === 'output') {
      const path = join(outDir, expected.name);
      expect(job?.state, where).toBe('completed');
      expect(job?.output, where).toBe(path);
      expect(
        summary.completed.map((entry) => entry.output),
        where,
      ).toContain(path);
      const written = await readFile(path);
      expect(written.equals(expected.bytes), `${where}: output is not byte-exact`).toBe(true);
    } else if (expected.kind === 'failed') {
      expect(job?.state, where).toBe('failed');
      expect(job?.error?.code, where).toBe(expected.code);
      expect(summary.failed, where).toContainEqual({
        source: input.source,
        code: expected.code,
        message: messageFor(expected.code),
      });
    } else {
      expect(job, `${where}: a refused file must never become a job`).toBeUndefined();
      expect(summary.skipped, where).toContainEqual({
        source: input.source,
        reason: messageFor(expected.code),
      });
    }
  }
}

/** The output folder holds the expected results and nothing else (no temp, no stray names). */
export async function expectOnlyOutputs(outDir: string, names: string[]): Promise<void> {
  expect((await readdir(outDir)).sort()).toEqual([...names].sort());
}

/** No file was accepted (charged) twice, and what the engine says it spent is what was kept. */
export function expectNoDoubleCharge(server: LocalServer, summary?: BatchSummary): void {
  const byName = new Map<string, number>();
  for (const entry of server.ledger.jobs)
    byName.set(entry.sourceName, (byName.get(entry.sourceName) ?? 0) + 1);
  for (const [name, count] of byName) expect(count, `${name} was accepted ${count} times`).toBe(1);
  if (summary) {
    const { charged, refunded } = server.ledger.totals;
    expect(summary.tokensSpent, 'tokens the engine says it spent = tokens the server kept').toBe(
      charged - refunded,
    );
  }
}

/** Outputs the inputs should have produced, by file name. */
export function outputNames(inputs: MixedInput[]): string[] {
  return inputs.flatMap((input) => (input.expect.kind === 'output' ? [input.expect.name] : []));
}
