// `ifc watch` as a server runs it: a real child process against the local server, NDJSON on
// stdout, Ctrl-C (SIGINT) to stop, and a second run that converts nothing twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { until, writeInvoice, writeSlowly, invoiceVariant } from './helpers.ts';

const IFC = new URL('../../../electron/cli/ifc.ts', import.meta.url).pathname;

interface Run {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exit: Promise<number | null>;
}

function runIfc(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [IFC, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  let errText = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      lines.push(JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errText += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => errText, exit };
}

let root: string;
let server: LocalServer;
let env: NodeJS.ProcessEnv;
const running: ChildProcess[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ifc-watch-cli-'));
  server = await startLocalServer({ tokens: 1000 });
  env = {
    PATH: process.env.PATH,
    // Node's compile cache (vitest.config.ts), so each `ifc` does not compile its modules anew.
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE,
    HOME: join(root, 'home'),
    IFC_API_KEY: server.key,
    IFC_TEST_TIMING: JSON.stringify({
      poll: { firstMs: 60, maxMs: 150, growth: 1.3, jitter: 0 },
      retry: { backoffBaseMs: 20 },
    }),
  };
});
afterEach(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  running.length = 0;
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const completed = (run: Run) => run.lines.filter((line) => line.type === 'job' && line.state === 'completed');

describe('ifc watch', () => {
  it('converts each new file once, prints NDJSON, stops on Ctrl-C with 130, and remembers across runs', async () => {
    const inbox = join(root, 'inbox');
    const out = join(root, 'out');
    await mkdir(inbox);
    const args = [
      'watch',
      inbox,
      '--to',
      'xlsx',
      '--out',
      out,
      '--after',
      'move',
      '--endpoint',
      server.url,
      '--state-dir',
      join(root, 'state'),
      '--json',
    ];
    await writeInvoice(inbox, 'before-start.pdf', 1);
    const first = runIfc(args, env);
    running.push(first.child);
    await until(() => first.stderr().includes('Press Ctrl-C'), 20_000, 'watching');
    await writeSlowly(join(inbox, 'slow.pdf'), invoiceVariant(2), 3, 150);
    await until(() => completed(first).length === 2, 30_000, 'two results');
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(130);
    const summary = first.lines.at(-1);
    expect(summary).toMatchObject({ type: 'summary', failed: [] });
    expect(summary?.completed).toHaveLength(2);
    expect(first.lines.every((line) => line.type === 'job' || line.type === 'summary')).toBe(true);
    expect((await readdir(out)).sort()).toEqual(['before-start.xlsx', 'slow.xlsx']);
    expect((await readdir(join(inbox, 'Converted'))).sort()).toEqual(['before-start.pdf', 'slow.pdf']);

    // Put an already converted invoice back (same bytes) and add a new one: only the new one is sent.
    await writeInvoice(inbox, 'before-start again.pdf', 1);
    await writeInvoice(inbox, 'new.pdf', 3);
    const second = runIfc(args, env);
    running.push(second.child);
    await until(() => completed(second).length === 1, 30_000, 'the new one');
    await until(() => second.stderr().includes('already-converted'), 10_000, 'the copy skipped');
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(130);
    expect(server.ledger.jobs.map((job) => job.sourceName).sort()).toEqual([
      'before-start.pdf',
      'new.pdf',
      'slow.pdf',
    ]);
    expect((await readdir(inbox)).sort()).toEqual(['Converted', 'before-start again.pdf']);
  });

  it('exits 2 for a folder that does not exist and 3 for a key the service refuses', async () => {
    const state = join(root, 'state');
    const missing = runIfc(
      ['watch', join(root, 'nope'), '--to', 'xlsx', '--endpoint', server.url, '--state-dir', state, '--json'],
      env,
    );
    running.push(missing.child);
    expect(await missing.exit).toBe(2);
    expect(missing.stderr()).toContain('does not exist');

    await mkdir(join(root, 'inbox'));
    const refused = runIfc(
      [
        'watch',
        join(root, 'inbox'),
        '--to',
        'xlsx',
        '--endpoint',
        server.url,
        '--state-dir',
        state,
        '--json',
      ],
      { ...env, IFC_API_KEY: 'ifc_wrong_key_123456' },
    );
    running.push(refused.child);
    expect(await refused.exit).toBe(3);
  });
});
