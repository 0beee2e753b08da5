// "Combine into one PDF" on its own, over a real engine and the local server (real HTTP, real
// converters): PDFs are taken as they are, the rest become PDF as one batch that the app hides
// from History (partsStarted) and takes out of the queue afterwards (partsDone); the parts are
// joined in the order given under a name with non-ASCII letters, and the result is opened with
// poppler (pages, text in order). A part that fails, a balance that cannot cover the parts, a
// file that is gone or a target that cannot be written each stop the whole with one code and
// its sentence (naming the file to blame), and leave no half-written PDF and no parts behind.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CombineHooks, combineIntoPdf } from '../../../electron/app-service/combine-pdf.ts';
import type { Engine } from '../../../electron/engine/index.ts';
import type { FaultPlan, LocalServer } from '../../../electron/localserver/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';
import { serverAndEngine } from '../../support/server-and-engine.ts';

const cleanups = cleanupsAfterEach();

interface Rig {
  engine: Engine;
  server: LocalServer;
  dir: string;
  hooks: CombineHooks;
  started: string[];
  done: string[][];
  /** Every output path a part's job reported (to see the parts folder is gone after). */
  partOutputs: Set<string>;
  file(fixture: string, as?: string): Promise<string>;
}

async function rig(options: { tokens?: number; faults?: Partial<FaultPlan> } = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-combine-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'in'));
  const { server, engine } = await serverAndEngine(dir, cleanups, {
    tokens: options.tokens ?? 1000,
    faults: options.faults ?? {},
  });
  const started: string[] = [];
  const done: string[][] = [];
  const partOutputs = new Set<string>();
  engine.on('job', (job) => {
    if (job.output) partOutputs.add(job.output);
  });
  return {
    engine,
    server,
    dir,
    started,
    done,
    partOutputs,
    hooks: {
      partsStarted: (batchId) => started.push(batchId),
      partsDone: (jobIds) => done.push(jobIds),
    },
    async file(fixture, as = fixture) {
      const path = join(dir, 'in', as);
      await copyFile(join(FIXTURES, fixture), path);
      return path;
    },
  };
}

const pagesOf = (pdf: string) =>
  Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf]).stdout.toString())?.[1] ?? Number.NaN);
const textOf = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-']).stdout.toString();

describe('combining files into one PDF', () => {
  it('joins PDFs as they are and converted files, in the order given, and tidies the parts away', async () => {
    const r = await rig();
    const report = await r.file('report.pdf', 'Bericht – Q1.pdf');
    const memo = await r.file('memo.txt', 'Notiz für März.txt');
    const invoice = await r.file('invoice.pdf');
    const target = join(r.dir, 'Zusammenfassung März 日本.pdf');
    const outcome = await combineIntoPdf(r.engine, [memo, report, invoice], target, r.hooks);
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
    if (!outcome.ok) return;
    const expectedPages = 1 + pagesOf(join(FIXTURES, 'report.pdf')) + pagesOf(join(FIXTURES, 'invoice.pdf'));
    expect(outcome.value).toEqual({ path: target, pages: expectedPages, parts: 3 });
    expect(pagesOf(target)).toBe(expectedPages);
    // The memo (converted) comes first, with its non-ASCII line intact.
    const text = textOf(target);
    const memoAt = text.indexOf('Plain text memo.');
    expect(memoAt).toBeGreaterThanOrEqual(0);
    expect(text).toContain('£ € ü');
    const reportText = textOf(join(FIXTURES, 'report.pdf')).trim().split('\n')[0]!.trim();
    expect(text.indexOf(reportText)).toBeGreaterThan(memoAt);
    // Only the memo was uploaded: one part's batch, told to the app, then forgotten.
    expect(r.server.ledger.jobs.map((job) => job.sourceName)).toEqual(['Notiz für März.txt']);
    expect(r.started).toHaveLength(1);
    expect(r.done).toHaveLength(1);
    expect(r.done[0]).toHaveLength(1);
    expect(r.engine.jobs()).toEqual([]);
    expect(r.partOutputs.size).toBe(1);
    for (const part of r.partOutputs) expect(existsSync(part)).toBe(false);
    expect(await readdir(r.dir)).toEqual(expect.arrayContaining(['Zusammenfassung März 日本.pdf']));
  });

  it('takes only PDFs without asking the service at all', async () => {
    const r = await rig();
    const target = join(r.dir, 'both.pdf');
    const outcome = await combineIntoPdf(
      r.engine,
      [await r.file('invoice.pdf'), await r.file('report.pdf')],
      target,
      r.hooks,
    );
    expect(outcome.ok).toBe(true);
    expect(r.started).toEqual([]);
    expect(r.server.ledger.jobs).toEqual([]);
    expect(pagesOf(target)).toBe(
      pagesOf(join(FIXTURES, 'invoice.pdf')) + pagesOf(join(FIXTURES, 'report.pdf')),
    );
  });

  it('stops at a part the service fails, naming it, and writes nothing', async () => {
    const r = await rig({ faults: { failJobs: { code: 'conversion_failed', match: 'kaputt' } } });
    const good = await r.file('memo.txt', 'gut.txt');
    const bad = await r.file('notes.md', 'kaputt.md');
    const target = join(r.dir, 'combined.pdf');
    const outcome = await combineIntoPdf(r.engine, [good, bad], target, r.hooks);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.details).toEqual({ source: bad });
    expect(outcome.error.message).toBe(messageFor(outcome.error.code));
    expect(existsSync(target)).toBe(false);
    // The parts' rows leave the queue and their files go with the parts folder.
    expect(r.done.flat()).toHaveLength(2);
    expect(r.engine.jobs()).toEqual([]);
    for (const part of r.partOutputs) expect(existsSync(part)).toBe(false);
  });

  it('refuses before any upload when the balance cannot cover the parts', async () => {
    const r = await rig({ tokens: 0 });
    const target = join(r.dir, 'combined.pdf');
    const outcome = await combineIntoPdf(
      r.engine,
      [await r.file('memo.txt'), await r.file('notes.md')],
      target,
      r.hooks,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe(messageFor(outcome.error.code));
    expect(r.server.ledger.jobs).toEqual([]);
    expect(r.started).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  it('names a file that is gone, or a damaged PDF, before anything is uploaded', async () => {
    const r = await rig();
    const memo = await r.file('memo.txt');
    const gone = join(r.dir, 'in', 'verschwunden.pdf');
    const missing = await combineIntoPdf(r.engine, [memo, gone], join(r.dir, 'a.pdf'), r.hooks);
    expect(missing).toEqual({
      ok: false,
      error: { code: 'file_missing', message: messageFor('file_missing'), details: { source: gone } },
    });
    const corrupt = await r.file('corrupt.pdf');
    const damaged = await combineIntoPdf(r.engine, [memo, corrupt], join(r.dir, 'b.pdf'), r.hooks);
    expect(damaged.ok ? undefined : damaged.error.details).toEqual({ source: corrupt });
    expect(r.server.ledger.jobs).toEqual([]);
    expect(r.started).toEqual([]);
  });

  it('says the target cannot be written when its folder is a file, and leaves the parts tidied', async () => {
    const r = await rig();
    const blocked = join(r.dir, 'blocked');
    await writeFile(blocked, 'a file, not a folder');
    const outcome = await combineIntoPdf(
      r.engine,
      [await r.file('memo.txt')],
      join(blocked, 'x.pdf'),
      r.hooks,
    );
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'output_unwritable', message: messageFor('output_unwritable') },
    });
    expect(r.engine.jobs()).toEqual([]);
    for (const part of r.partOutputs) expect(existsSync(part)).toBe(false);
  });
});
