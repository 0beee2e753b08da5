// Spending behind the window on its own, with a real engine on the local server (real HTTP) and
// the spend book in a temp state folder: a charge is in the book even when its job finished
// before the desk attached, and it is still there for a desk opened afresh; jobs on their way
// count against the month before they are charged (two quick batches cannot both pass);
// watch folders get the month cap only; conversions on this computer get none. Receipts: an
// empty month says so in one sentence without opening a dialog, a cancelled dialog writes
// nothing, a folder that cannot be written is one sentence, and a batch's receipt opens in
// another library with the tokens the server charged.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlatformAdapters } from '../../../electron/app-service/platform.ts';
import { openSpendDesk, type SpendDesk } from '../../../electron/app-service/spend-desk.ts';
import { createEngine, defaultSettings, type Engine } from '../../../electron/engine/index.ts';
import type { FaultPlan, LocalServer } from '../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import type { Settings } from '../../../shared/ipc/contract.ts';
import { messageFor } from '../../../shared/messages.ts';
import { headlessPlatform } from '../../support/headless-platform.ts';
import { FAST_ENGINE_TIMING, waitFor } from '../../support/wait.ts';
import { sheetCells } from '../../support/xlsx-cells.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';

const cleanups = cleanupsAfterEach();

interface Rig {
  dir: string;
  engine: Engine;
  server: LocalServer;
  settings: Settings;
  /** What the next save dialog answers; every name it was offered. */
  save: { answer: string | undefined; offered: string[] };
  platform: PlatformAdapters;
  open(): Promise<SpendDesk>;
  /** Submits copies of memo.txt named `names`, to pdf; resolves with the batch id. */
  submit(names: string[]): Promise<string>;
  settledBatch(batchId: string): Promise<void>;
}

async function rig(faults: Partial<FaultPlan> = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-spend-desk-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'in'));
  const server = await startLocalServer({ tokens: 10_000, faults });
  cleanups.push(() => server.close());
  const made = await createEngine({
    api: { url: server.url, key: server.key },
    stateDir: join(dir, 'state'),
    timing: { ...FAST_ENGINE_TIMING, syncWaitSeconds: 0 },
  });
  if (!made.ok) throw new Error(`engine: ${made.error.code}`);
  const engine = made.value;
  cleanups.push(() => engine.close());
  const settings: Settings = { ...defaultSettings(), endpoint: { kind: 'cloud', url: server.url } };
  const save: Rig['save'] = { answer: undefined, offered: [] };
  const platform: PlatformAdapters = {
    ...headlessPlatform(),
    chooseSaveFile: async (name) => {
      save.offered.push(name);
      return save.answer;
    },
  };
  const batches = new Map<string, Promise<void>>();
  return {
    dir,
    engine,
    server,
    settings,
    save,
    platform,
    async open() {
      const desk = await openSpendDesk({ stateDir: join(dir, 'state'), platform, settings: () => settings });
      cleanups.push(() => desk.written());
      return desk;
    },
    async submit(names) {
      const sources = await Promise.all(
        names.map(async (name) => {
          const path = join(dir, 'in', name);
          await copyFile(join(FIXTURES, 'memo.txt'), path);
          return path;
        }),
      );
      let settle: () => void = () => undefined;
      const settled = new Promise<void>((resolve) => {
        settle = resolve;
      });
      const off = engine.on('batch', (summary) => {
        if (summary.batchId !== batchId) return;
        off();
        settle();
      });
      const submitted = await engine.submit(
        sources.map((source) => ({ source, to: 'pdf', outDir: join(dir, 'out') })),
        { conflict: 'rename' },
      );
      if (!submitted.ok) throw new Error(`submit: ${submitted.error.code}`);
      const batchId = submitted.value.batchId;
      batches.set(batchId, settled);
      return batchId;
    },
    settledBatch: (batchId) => batches.get(batchId) ?? Promise.resolve(),
  };
}

describe('the spend desk', () => {
  it('books a charge made before it attached, and a desk opened afresh still counts it', async () => {
    const r = await rig();
    const batchId = await r.submit(['Rechnung März.txt']);
    await r.settledBatch(batchId);
    const charged = r.server.ledger.totals.charged;
    expect(charged).toBeGreaterThan(0);
    const desk = await r.open();
    const off = desk.attach(r.engine);
    await desk.written();
    off();
    const summary = await desk.handlers['spend:summary']({});
    expect(summary.ok && summary.value.spent).toBe(charged);
    expect(summary.ok && summary.value.batches.map((batch) => batch.batchId)).toEqual([batchId]);
    const again = await r.open();
    const reread = await again.handlers['spend:summary']({});
    expect(reread.ok && reread.value.spent).toBe(charged);
  });

  it('books nothing for conversions on this computer: they are free, so the month has spent nothing', async () => {
    const r = await rig();
    r.settings.endpoint = { kind: 'local' };
    const desk = await r.open();
    const off = desk.attach(r.engine);
    const batchId = await r.submit(['offline.txt']);
    await r.settledBatch(batchId);
    // The local server keeps a token ledger of its own; none of it is the person's spending.
    expect(r.server.ledger.totals.charged).toBeGreaterThan(0);
    await desk.written();
    off();
    const summary = await desk.handlers['spend:summary']({});
    expect(summary.ok && summary.value.spent).toBe(0);
    expect(summary.ok && summary.value.batches).toEqual([]);
    const again = await (await r.open()).handlers['spend:summary']({});
    expect(again.ok && again.value.spent).toBe(0);
  });

  it('counts jobs still on their way against the month, and gives watch folders the month cap only', async () => {
    const r = await rig({ neverFinish: { match: 'hold' } });
    const desk = await r.open();
    cleanups.push(async () => desk.attach(r.engine)());
    await r.submit(['hold-1.txt', 'hold-2.txt']);
    // Accepted and charged by the server, never finished: the book has none of it yet.
    await waitFor(
      () =>
        r.engine.jobs().length === 2 &&
        r.engine.jobs().every((job) => job.serverJobId && job.state === 'processing'),
      'both uploads accepted, as the engine knows',
    );
    const onItsWay = r.engine.jobs().reduce((sum, job) => sum + (job.tokens ?? 0), 0);
    expect(onItsWay).toBeGreaterThan(0);
    r.settings.spendCaps = { batch: 5, month: 100 };
    expect(desk.capsFor(r.engine, r.settings)).toEqual({ batch: 5, month: 100, monthSpent: onItsWay });
    expect(desk.capsFor(r.engine, r.settings, true)).toEqual({ month: 100, monthSpent: onItsWay });
    // A batch cap alone means nothing to a watch folder; no caps mean none at all.
    r.settings.spendCaps = { batch: 5 };
    expect(desk.capsFor(r.engine, r.settings, true)).toBeUndefined();
    r.settings.spendCaps = {};
    expect(desk.capsFor(r.engine, r.settings)).toBeUndefined();
    // This computer converts for free: no limit applies.
    r.settings.spendCaps = { batch: 1, month: 1 };
    expect(desk.capsFor(r.engine, { ...r.settings, endpoint: { kind: 'local' } })).toBeUndefined();
  });

  it('says an empty receipt in one sentence without opening a dialog', async () => {
    const r = await rig();
    const desk = await r.open();
    const answer = await desk.handlers['spend:exportReceipt']({
      scope: { kind: 'month', month: '2026-01' },
      format: 'csv',
    });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'receipt_empty', message: messageFor('receipt_empty') },
    });
    expect(r.save.offered).toEqual([]);
  });

  it('writes a batch receipt where chosen, writes nothing when cancelled, and says when it cannot write', async () => {
    const r = await rig();
    const desk = await r.open();
    const off = desk.attach(r.engine);
    cleanups.push(async () => off());
    const batchId = await r.submit(['ü-eins.txt', '日本-二.txt']);
    await r.settledBatch(batchId);
    await desk.written();
    const scope = { kind: 'batch' as const, batchId };

    r.save.answer = undefined;
    expect(await desk.handlers['spend:exportReceipt']({ scope, format: 'xlsx' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(r.save.offered).toEqual([`receipt-${batchId.slice(0, 10)}.xlsx`]);

    const blocked = join(r.dir, 'blocked');
    await writeFile(blocked, 'a file where a folder should be');
    r.save.answer = join(blocked, 'receipt.xlsx');
    expect(await desk.handlers['spend:exportReceipt']({ scope, format: 'xlsx' })).toEqual({
      ok: false,
      error: { code: 'output_unwritable', message: messageFor('output_unwritable') },
    });

    const receipt = join(r.dir, 'Beleg März.xlsx');
    r.save.answer = receipt;
    expect(await desk.handlers['spend:exportReceipt']({ scope, format: 'xlsx' })).toEqual({
      ok: true,
      value: { path: receipt, count: 2 },
    });
    const [header, ...rows] = await sheetCells(receipt, 'Receipt');
    const tokens = header!.findIndex((cell) => /tokens/i.test(cell));
    const file = header!.findIndex((cell) => /file/i.test(cell));
    const lines = rows.filter((row) => row[file] !== 'Total');
    expect(lines.map((row) => row[file]).sort()).toEqual(['ü-eins.txt', '日本-二.txt']);
    expect(lines.reduce((sum, row) => sum + Number(row[tokens]), 0)).toBe(r.server.ledger.totals.charged);
    expect((await readdir(r.dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
