// Saving results: a cut download is fetched again (not converted again), names from outside
// cannot leave the output folder, the key never goes to the download origin, and existing
// files are renamed around, overwritten or skipped exactly as asked.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesContaining, makeWorld, type World } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('downloads', () => {
  it('fetches a cut download again and saves it whole, with no temp file left', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ truncateDownload: { count: 1 } });
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('completed');
    expect(job.output).toBe(join(world.inDir, 'sales.json'));
    const rows = JSON.parse(await readFile(job.output!, 'utf8')) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveProperty('region');
    const downloads = world.server.requests.filter((request) => request.origin === 'download');
    expect(downloads).toHaveLength(2);
    expect(world.server.ledger.postsBySourceName('sales.csv')).toBe(1);
    expect((await world.files()).filter((file) => file.endsWith('.part'))).toEqual([]);
  });

  it('keeps hostile names inside the output folder and never sends the key to the download origin', async () => {
    world = await makeWorld();
    world.server.faults.set({ hostileNames: true });
    const names = ['CON.csv', 'evil\u0007name.csv', ' spaced .csv', '..csv'];
    const sources = await Promise.all(names.map((name) => world.fixture('sales.csv', name)));
    const out = join(world.dir, 'out');
    const engine = await world.engine({ output: { dir: out } });
    const submitted = await engine.submit(sources.map((source) => ({ source, to: 'json' })));
    expect(submitted.ok).toBe(true);
    await engine.idle();
    const outputs = engine.jobs().map((job) => job.output ?? '');
    expect(engine.jobs().map((job) => job.state)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    for (const output of outputs) expect(output.startsWith(`${out}/`)).toBe(true);
    expect(outputs.map((output) => output.slice(out.length + 1)).sort()).toEqual(
      ['_CON.json', 'converted.json', 'evilname.json', 'spaced.json'].sort(),
    );
    // Nothing written anywhere but the output folder (and the state dir).
    const written = (await world.files()).filter(
      (file) => !file.startsWith('in/') && !file.startsWith('state/'),
    );
    expect(written.sort()).toEqual(outputs.map((output) => output.slice(world.dir.length + 1)).sort());
    const downloads = world.server.requests.filter((request) => request.origin === 'download');
    expect(downloads.length).toBe(4);
    expect(downloads.every((request) => !request.hadAuthorization)).toBe(true);
    expect(await filesContaining(world.stateDir, world.server.key)).toEqual([]);
  });

  it('renames around an existing file by default: name (1).ext', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    await writeFile(join(world.inDir, 'sales.json'), 'mine');
    await writeFile(join(world.inDir, 'sales (1).json'), 'mine too');
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    expect(engine.jobs()[0]?.output).toBe(join(world.inDir, 'sales (2).json'));
    expect(await readFile(join(world.inDir, 'sales.json'), 'utf8')).toBe('mine');
  });

  it('overwrites only when asked, and skip does not even upload', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    await writeFile(join(world.inDir, 'sales.json'), 'old');
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }], { conflict: 'overwrite' });
    await engine.idle();
    const written = await readFile(join(world.inDir, 'sales.json'));
    expect(written.toString()).not.toBe('old');
    const posts = world.server.ledger.postsBySourceName('sales.csv');
    const summaries: string[][] = [];
    engine.on('batch', (summary) => summaries.push(summary.skipped.map((entry) => entry.source)));
    const skipped = await engine.submit([{ source, to: 'json' }], { conflict: 'skip' });
    expect(skipped.ok).toBe(true);
    await engine.idle();
    expect(world.server.ledger.postsBySourceName('sales.csv')).toBe(posts);
    expect(summaries).toEqual([[source]]);
    expect(sha256(await readFile(join(world.inDir, 'sales.json')))).toBe(sha256(written));
  });

  it('marks a result deleted by the service as expired, without converting again', async () => {
    world = await makeWorld();
    const source = await world.fixture('sales.csv');
    world.server.faults.set({ immediateExpiry: true });
    const engine = await world.engine();
    await engine.submit([{ source, to: 'json' }]);
    await engine.idle();
    const job = engine.jobs()[0]!;
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('expired');
    expect(world.server.ledger.postsBySourceName('sales.csv')).toBe(1);
  });

  it('saves into an output folder that does not exist yet', async () => {
    world = await makeWorld();
    const source = await world.fixture('Überweisung März 2026.pdf');
    const out = join(world.dir, 'new', 'deeper');
    const engine = await world.engine();
    await mkdir(join(world.dir, 'new'));
    await engine.submit([{ source, to: 'txt', outDir: out }]);
    await engine.idle();
    expect(engine.jobs()[0]?.output).toBe(join(out, 'Überweisung März 2026.txt'));
    expect(await readFile(join(out, 'Überweisung März 2026.txt'), 'utf8')).toContain('INV-2026-0042');
  });
});
