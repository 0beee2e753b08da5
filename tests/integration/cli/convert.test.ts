// The real `ifc convert` against the real local server: NDJSON exactly as cli.md says, the
// exit codes, and the key kept out of every output.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageFor } from '../../../shared/messages.ts';
import { filesContaining, makeWorld, type World } from '../engine/support.ts';
import { runIfc } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

const STATES = new Set([
  'queued',
  'uploading',
  'processing',
  'downloading',
  'completed',
  'failed',
  'pending',
  'cancelled',
]);

function envFor(w: World, extra: Record<string, string | undefined> = {}) {
  return {
    IFC_API_URL: w.server.url,
    IFC_API_KEY: w.server.key,
    IFC_STATE_DIR: w.stateDir,
    HOME: w.dir,
    XDG_CONFIG_HOME: join(w.dir, 'config'),
    ...extra,
  };
}

describe('ifc convert', () => {
  it('converts a folder, prints NDJSON only, and keeps the key out of every output', async () => {
    world = await makeWorld();
    await world.fixture('sales.csv');
    await world.fixture('invoice.pdf');
    await world.fixture('scan.png');
    const out = join(world.dir, 'out');
    const run = await runIfc(['convert', world.inDir, '--to', 'xlsx', '--out', out, '--json'], envFor(world));
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(lines.every((line) => line.type === 'job' || line.type === 'summary')).toBe(true);
    expect(lines.at(-1)?.type).toBe('summary');
    expect(lines.filter((line) => line.type === 'summary')).toHaveLength(1);
    for (const line of lines.filter((entry) => entry.type === 'job')) {
      expect(STATES.has(line.state as string)).toBe(true);
      expect(typeof line.id).toBe('string');
      expect(line.source).toMatch(/^\//);
      expect(line.progress).toBeGreaterThanOrEqual(0);
      expect(line.progress).toBeLessThanOrEqual(1);
    }
    const summary = lines.at(-1) as {
      completed: { source: string; output: string; tokens: number }[];
      skipped: { source: string; reason: string }[];
      failed: unknown[];
      pending: unknown[];
      tokensSpent: number;
      balance: number;
    };
    expect(summary.completed.map((entry) => entry.output).sort()).toEqual([
      join(out, 'invoice.xlsx'),
      join(out, 'sales.xlsx'),
    ]);
    expect(summary.skipped.map((entry) => entry.source)).toEqual([join(world.inDir, 'scan.png')]);
    expect(summary.tokensSpent).toBe(8);
    expect(summary.balance).toBe(world.server.balance());
    expect(Object.keys(summary).sort()).toEqual([
      'balance',
      'completed',
      'failed',
      'pending',
      'skipped',
      'tokensSpent',
      'type',
    ]);
    expect(run.stdout).not.toContain(world.server.key);
    expect(run.stderr).not.toContain(world.server.key);
    expect(await filesContaining(world.dir, world.server.key)).toEqual([]);
    expect((await readFile(join(out, 'sales.xlsx'))).subarray(0, 2).toString()).toBe('PK');
  });

  it('exits 2 for a missing file, an unknown format or a bad flag, before anything is sent', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    const missing = await runIfc(['convert', join(world.inDir, 'nope.csv'), '--to', 'json'], envFor(world));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('That file no longer exists.');
    const unknown = await runIfc(['convert', source, '--to', 'mp3'], envFor(world));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Nothing can be converted to that format.');
    const flag = await runIfc(['convert', source, '--to', 'json', '--colour'], envFor(world));
    expect(flag.code).toBe(2);
    // html exists as a target (md -> html), but this named csv cannot become it: bad input,
    // and the other file of the batch is not sent either.
    const notable = await runIfc(
      ['convert', source, await world.fixture('notes.md'), '--to', 'html'],
      envFor(world),
    );
    expect(notable.code).toBe(2);
    expect(notable.stderr).toContain(messageFor('unsupported_conversion'));
    expect(notable.stderr).toContain(source);
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('exits 3 when the key is refused, and says how to log in when there is none', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    const refused = await runIfc(
      ['convert', source, '--to', 'json'],
      envFor(world, { IFC_API_KEY: 'ifc_wrong_key_123' }),
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim()).toBe(
      'The API key was not accepted. Check it in Settings and paste it again.',
    );
    const none = await runIfc(
      ['convert', source, '--to', 'json'],
      envFor(world, { IFC_API_KEY: undefined, IFC_API_URL: undefined }),
    );
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('ifc login');
    expect(none.stderr).toContain('--endpoint local');
  });

  it('exits 4 with the shortfall and nothing uploaded when the balance is short', async () => {
    world = await makeWorld({ tokens: 3 });
    const source = await world.fixture('invoice.pdf');
    const run = await runIfc(['convert', source, '--to', 'xlsx', '--json'], envFor(world));
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('needs 4 tokens, balance 3, short by 1');
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    const summary = JSON.parse(run.stdout.trim()) as { type: string; pending: { source: string }[] };
    expect(summary.type).toBe('summary');
    expect(summary.pending.map((entry) => entry.source)).toEqual([source]);
  });

  it('exits 1 when a conversion fails, naming the cause in plain words', async () => {
    world = await makeWorld();
    const source = await world.fixture('encrypted.pdf');
    const run = await runIfc(['convert', source, '--to', 'txt'], envFor(world));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('This file is password-protected.');
  });

  it('exits 2 on a ledger address it cannot read, before anything is sent', async () => {
    world = await makeWorld();
    const source = await world.fixture('invoice.pdf');
    const run = await runIfc(
      ['convert', source, '--to', 'xlsx', '--invoices', '--ledger', 'mysql://a@h/db'],
      envFor(world),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(messageFor('ledger_url_invalid'));
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('exits 5 when the service keeps failing after the retries', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ serverError: [{ path: 'convert', status: 500, count: 100 }] });
    const run = await runIfc(['convert', source, '--to', 'json', '--json'], envFor(world));
    expect(run.code).toBe(5);
    // Exactly the policy's 4 attempts, under one key (see fault-matrix.test.ts).
    const posts = world.server.requests.filter((request) => request.method === 'POST');
    expect(posts.length).toBe(4);
    expect(new Set(posts.map((post) => post.idempotencyKey)).size).toBe(1);
  });

  it('renames around an existing result, or skips it when asked', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    const first = await runIfc(['convert', source, '--to', 'json'], envFor(world));
    expect(first.code).toBe(0);
    const second = await runIfc(['convert', source, '--to', 'json', '--json'], envFor(world));
    expect(second.code).toBe(0);
    expect((second.lines.at(-1) as { completed: { output: string }[] }).completed[0]?.output).toBe(
      join(world.inDir, 'sales (1).json'),
    );
    const third = await runIfc(
      ['convert', source, '--to', 'json', '--on-conflict', 'skip', '--json'],
      envFor(world),
    );
    expect(third.code).toBe(0);
    expect((third.lines.at(-1) as { skipped: unknown[] }).skipped).toHaveLength(1);
    expect(world.server.ledger.postsBySourceName('sales.csv')).toBe(2);
  });

  it("says what a result could not keep: the service's note on the job line and in --json", async () => {
    world = await makeWorld();
    const source = join(world.inDir, 'launch.txt');
    await writeFile(source, 'Launch day \u{1F600} went well.\n');
    const plain = await runIfc(['convert', source, '--to', 'pdf'], envFor(world));
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/launch\.txt -> .*launch\.pdf \(.*U\+1F600.*\)/);
    const json = await runIfc(['convert', source, '--to', 'pdf', '--json'], envFor(world));
    const done = json.lines.find((line) => line.type === 'job' && line.state === 'completed') as {
      note?: string;
    };
    expect(done.note).toContain('U+1F600');
  });

  it('works on this computer with --endpoint local and no key at all', async () => {
    world = await makeWorld();
    const source = await world.fixture('invoice.pdf');
    const run = await runIfc(
      ['convert', source, '--to', 'txt', '--endpoint', 'local'],
      envFor(world, { IFC_API_KEY: undefined, IFC_API_URL: undefined }),
    );
    expect(run.code).toBe(0);
    expect(await readFile(join(world.inDir, 'invoice.txt'), 'utf8')).toContain('INV-2026-0042');
  });
});
