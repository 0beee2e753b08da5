// `ifc convert --receipt` and `--max-tokens` against the real local server over HTTP: the
// receipt's rows are what the server charged (job ids, tokens) and add up to the batch's
// total; a batch past --max-tokens exits 4 before the server sees any upload.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { messageFor } from '../../../shared/messages.ts';
import { sheetCells } from '../../support/xlsx-cells.ts';
import { makeWorld, type World } from '../engine/support.ts';
import { runIfc } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

function envFor(w: World) {
  return {
    IFC_API_URL: w.server.url,
    IFC_API_KEY: w.server.key,
    IFC_STATE_DIR: w.stateDir,
    HOME: w.dir,
    XDG_CONFIG_HOME: join(w.dir, 'config'),
  };
}

interface Summary {
  type: 'summary';
  completed: { source: string; tokens: number }[];
  failed: unknown[];
  tokensSpent: number;
}

const summaryOf = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Summary;

describe('ifc convert --receipt', () => {
  it('writes a CSV receipt whose rows are the charges the server made and sum to the batch total', async () => {
    world = await makeWorld();
    await world.fixture('sales.csv');
    await world.fixture('invoice.pdf');
    // Refunded by the service (a failed job): charged nothing, so not on the receipt.
    await world.fixture('encrypted.pdf');
    const receipt = join(world.dir, 'receipt.csv');
    const run = await runIfc(
      [
        'convert',
        world.inDir,
        '--to',
        'xlsx',
        '--out',
        join(world.dir, 'out'),
        '--receipt',
        receipt,
        '--json',
      ],
      envFor(world),
    );
    expect(run.code, run.stderr).toBe(1);
    const summary = summaryOf(run.stdout);
    expect(summary.completed).toHaveLength(2);
    expect(summary.tokensSpent).toBeGreaterThan(0);

    const rows = parse(await readFile(receipt, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'File',
      'Target',
      'Size (bytes)',
      'Tokens',
      'Job id',
      'Started',
      'Finished',
    ]);
    expect(rows.map((row) => row.File).sort()).toEqual(['invoice.pdf', 'sales.csv']);
    const sum = rows.reduce((total, row) => total + Number(row.Tokens), 0);
    expect(sum).toBe(summary.tokensSpent);
    // The server's own ledger: what it charged and did not give back, job by job.
    const kept = world.server.ledger.jobs.filter((entry) => !entry.refunded);
    expect(sum).toBe(kept.reduce((total, entry) => total + entry.tokensCharged, 0));
    for (const row of rows) {
      const entry = world.server.ledger.entry(row['Job id']!);
      expect(entry?.sourceName).toBe(row.File);
      expect(entry?.tokensCharged).toBe(Number(row.Tokens));
      expect(entry?.bytes).toBe(Number(row['Size (bytes)']));
      expect(row.Target).toBe('xlsx');
      expect(Date.parse(row.Finished!)).toBeGreaterThanOrEqual(Date.parse(row.Started!));
    }
  });

  it('writes an XLSX receipt another library reads back, with a total that matches', async () => {
    world = await makeWorld();
    const sales = await world.fixture('sales.csv');
    const invoice = await world.fixture('invoice.pdf');
    const receipt = join(world.dir, 'receipt.xlsx');
    const run = await runIfc(
      ['convert', sales, invoice, '--to', 'xlsx', '--receipt', receipt, '--json'],
      envFor(world),
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf(run.stdout);
    const cells = await sheetCells(receipt, 'Receipt');
    expect(cells[0]).toEqual(['File', 'Target', 'Size (bytes)', 'Tokens', 'Job id', 'Started', 'Finished']);
    const body = cells.slice(1, -1);
    expect(body.map((row) => row[0]).sort()).toEqual(['invoice.pdf', 'sales.csv']);
    const sum = body.reduce((total, row) => total + Number(row[3]), 0);
    expect(sum).toBe(summary.tokensSpent);
    expect(cells.at(-1)?.[0]).toBe('Total');
    expect(Number(cells.at(-1)?.[3])).toBe(sum);
  });
});

describe('ifc convert --max-tokens', () => {
  it('exits 4 with the numbers before anything is uploaded when the estimate passes it', async () => {
    world = await makeWorld();
    // pdf -> xlsx costs (1 + 1) * 2 = 4 tokens; the balance would cover it, the limit does not.
    const source = await world.fixture('invoice.pdf');
    const run = await runIfc(
      ['convert', source, '--to', 'xlsx', '--max-tokens', '3', '--json'],
      envFor(world),
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(messageFor('spend_cap_batch'));
    expect(run.stderr).toContain('needs 4 tokens, --max-tokens 3');
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    expect(world.server.ledger.jobs).toHaveLength(0);
    expect(summaryOf(run.stdout).completed).toEqual([]);

    // At the limit it goes through.
    const fits = await runIfc(
      ['convert', source, '--to', 'xlsx', '--max-tokens', '4', '--json'],
      envFor(world),
    );
    expect(fits.code, fits.stderr).toBe(0);
    expect(summaryOf(fits.stdout).tokensSpent).toBe(4);
  });

  it('refuses a limit that is not a whole number of tokens as a usage error', async () => {
    world = await makeWorld();
    const source = await world.fixture('invoice.pdf');
    const run = await runIfc(['convert', source, '--to', 'xlsx', '--max-tokens', 'lots'], envFor(world));
    expect(run.code).toBe(2);
    expect(world.server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });
});
