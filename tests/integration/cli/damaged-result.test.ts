// A result whose bytes match the server's sha256 but that does not open as its type (the local
// server's `damagedResult` fault: a converter's bug): the job fails with result_damaged, no
// file is placed, and nothing is fetched or converted again (a new conversion costs tokens).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageFor } from '../../../shared/messages.ts';
import { makeWorld, type World } from '../engine/support.ts';
import { runIfc } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

describe('a damaged result', () => {
  it('is not placed: the job fails with result_damaged after one upload and one download', async () => {
    world = await makeWorld();
    const source = await world.fixture('invoice.pdf');
    const out = join(world.dir, 'out');
    world.server.faults.set({ damagedResult: {} });
    const run = await runIfc(['convert', source, '--to', 'xlsx', '--out', out, '--json'], {
      IFC_API_URL: world.server.url,
      IFC_API_KEY: world.server.key,
      IFC_STATE_DIR: world.stateDir,
      HOME: world.dir,
      XDG_CONFIG_HOME: join(world.dir, 'config'),
    });
    expect(run.code).toBe(1);
    const summary = run.lines.at(-1) as {
      type: string;
      failed: { source: string; code: string; message: string }[];
    };
    expect(summary.type).toBe('summary');
    expect(summary.failed).toEqual([
      { source, code: 'result_damaged', message: messageFor('result_damaged') },
    ]);
    // The damaged file was served whole and with its own hash: only opening it shows the damage.
    const downloads = world.server.requests.filter((request) => request.origin === 'download');
    expect(downloads.map((request) => request.status)).toEqual([200]);
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(await readdir(out).catch(() => [])).toEqual([]);
    expect((await readdir(world.inDir)).sort()).toEqual(['invoice.pdf']);
  });
});
