// The watch's building blocks on the real filesystem: which names are ignored, when a file
// being written counts as complete, the "already converted" memory across reopen and crash,
// and what happens to an original after success (move without overwrite, the XDG trash).
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAfterSuccess, moveWithoutOverwrite } from '../../../electron/engine/watch/after-success.ts';
import { sha256OfFile } from '../../../electron/engine/watch/content-hash.ts';
import {
  ledgerKey,
  ledgerPath,
  openConvertedLedger,
} from '../../../electron/engine/watch/converted-ledger.ts';
import { isIgnoredName, isIgnoredPath } from '../../../electron/engine/watch/ignore-rules.ts';
import { moveToTrash, trashInfoPath } from '../../../electron/engine/watch/os-trash.ts';
import { readFacts, waitUntilStable } from '../../../electron/engine/watch/stable-file.ts';
import { parseWatchRule, ruleIdFor, sourceFormatsFor } from '../../../electron/engine/watch/watch-rule.ts';
import type { FormatsInfo } from '../../../shared/formats.ts';
import { trayWatchLine } from '../../../shared/watch.ts';
import { ManualClock } from '../../support/manual-clock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-watch-parts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ignore rules', () => {
  it('ignores partial downloads, office lock files, temp files and dotfiles', () => {
    for (const name of [
      'invoice.pdf.part',
      'invoice.pdf.crdownload',
      '~$invoice.docx',
      'invoice.tmp',
      '.invoice.pdf',
      '.~lock.invoice.docx#',
      'INVOICE.PDF.PART',
    ]) {
      expect(isIgnoredName(name), name).toBe(true);
    }
    for (const name of ['invoice.pdf', 'Überweisung März 2026.pdf', 'my~file.pdf', 'temporary.pdf']) {
      expect(isIgnoredName(name), name).toBe(false);
    }
  });

  it('ignores whatever sits in a hidden folder or a folder the watch writes into', () => {
    const scope = { root: '/in', excluded: ['/in/Converted', '/in/out'] };
    expect(isIgnoredPath(scope, '/in/.sync/a.pdf')).toBe(true);
    expect(isIgnoredPath(scope, '/in/Converted/a.pdf')).toBe(true);
    expect(isIgnoredPath(scope, '/in/out/sub/a.pdf')).toBe(true);
    expect(isIgnoredPath(scope, '/in/sub/a.pdf')).toBe(false);
    expect(isIgnoredPath(scope, '/in/Converted2/a.pdf')).toBe(false);
  });
});

describe('stable file detection', () => {
  it('waits while a file is still growing and takes it once writes stop', async () => {
    const clock = new ManualClock();
    const path = join(dir, 'slow.pdf');
    await writeFile(path, 'chunk0\n');
    let settled = false;
    const waiting = waitUntilStable(path, { windowMs: 150, pollMs: 20, clock }).finally(() => {
      settled = true;
    });
    // A writer adding a chunk every 60 ms of the watch's time: never a 150 ms pause.
    let lastWriteAt = clock.now();
    for (let i = 1; i <= 5; i += 1) {
      await clock.untilSleeping(`the watch looking at the file before chunk ${i}`);
      // mtime has a coarse grain on some file systems: the size alone must tell a change.
      await appendFile(path, `chunk${i}\n`);
      lastWriteAt = clock.now();
      await clock.advance(60);
      expect(settled, `taken as complete after chunk ${i}`).toBe(false);
    }
    const outcome = await clock.runUntil(waiting);
    expect(outcome.kind).toBe('stable');
    if (outcome.kind === 'stable') expect(outcome.facts.bytes).toBe(7 * 6);
    expect(clock.now() - lastWriteAt).toBeGreaterThanOrEqual(150);
  });

  it('says gone when the file is renamed away while waiting', async () => {
    const path = join(dir, 'a.pdf');
    await writeFile(path, 'x');
    const clock = new ManualClock();
    const waiting = waitUntilStable(path, { windowMs: 300, pollMs: 20, clock });
    await clock.untilSleeping('the watch looking at the file');
    await rm(path);
    await clock.advance(20);
    expect((await waiting).kind).toBe('gone');
  });

  it('stops waiting when aborted', async () => {
    const path = join(dir, 'a.pdf');
    await writeFile(path, 'x');
    const controller = new AbortController();
    const waiting = waitUntilStable(path, { windowMs: 5000, pollMs: 20, signal: controller.signal });
    controller.abort();
    expect((await waiting).kind).toBe('aborted');
  });
});

describe('converted ledger', () => {
  it('remembers what was converted across a reopen and forgets on request', async () => {
    const opened = await openConvertedLedger(dir, 'rule-1');
    if (!opened.ok) throw new Error(opened.error.message);
    const ledger = opened.value;
    await ledger.put({ key: ledgerKey('xlsx', 'aa'), state: 'submitted', source: '/in/a.pdf', jobId: 'j1' });
    await ledger.put({
      key: ledgerKey('xlsx', 'aa'),
      state: 'converted',
      source: '/in/a.pdf',
      output: '/o/a.xlsx',
    });
    await ledger.put({ key: ledgerKey('xlsx', 'bb'), state: 'submitting', source: '/in/b.pdf' });
    await ledger.forget(ledgerKey('xlsx', 'bb'));
    await ledger.close();

    const again = await openConvertedLedger(dir, 'rule-1');
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.get('xlsx:aa')).toMatchObject({ state: 'converted', output: '/o/a.xlsx' });
    expect(again.value.get('xlsx:bb')).toBeUndefined();
    expect(again.value.get('docx:aa')).toBeUndefined();
    await again.value.close();
  });

  it('keeps every complete line when a crash tore the last one', async () => {
    const opened = await openConvertedLedger(dir, 'rule-2');
    if (!opened.ok) throw new Error(opened.error.message);
    await opened.value.put({ key: 'xlsx:aa', state: 'converted', source: '/in/a.pdf' });
    await opened.value.close();
    await appendFile(ledgerPath(dir, 'rule-2'), '{"key":"xlsx:bb","state":"conv');
    const again = await openConvertedLedger(dir, 'rule-2');
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.get('xlsx:aa')?.state).toBe('converted');
    expect(again.value.entries()).toHaveLength(1);
    await again.value.put({ key: 'xlsx:cc', state: 'converted', source: '/in/c.pdf' });
    await again.value.close();
    const third = await openConvertedLedger(dir, 'rule-2');
    if (!third.ok) throw new Error(third.error.message);
    expect(third.value.get('xlsx:cc')?.state).toBe('converted');
    await third.value.close();
  });

  it('compacts a log full of superseded lines into one line per entry', async () => {
    const opened = await openConvertedLedger(dir, 'rule-3');
    if (!opened.ok) throw new Error(opened.error.message);
    for (let i = 0; i < 100; i += 1) {
      await opened.value.put({
        key: 'xlsx:aa',
        state: i % 2 ? 'submitted' : 'submitting',
        source: '/in/a.pdf',
      });
    }
    await opened.value.close();
    const again = await openConvertedLedger(dir, 'rule-3');
    if (!again.ok) throw new Error(again.error.message);
    await again.value.close();
    const lines = (await readFile(ledgerPath(dir, 'rule-3'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ key: 'xlsx:aa', state: 'submitted' });
  });

  it('hashes content, so a renamed copy of the same bytes has the same key', async () => {
    await writeFile(join(dir, 'a.pdf'), '%PDF-1.4 same');
    await writeFile(join(dir, 'renamed.pdf'), '%PDF-1.4 same');
    await writeFile(join(dir, 'other.pdf'), '%PDF-1.4 other');
    const a = await sha256OfFile(join(dir, 'a.pdf'));
    expect(await sha256OfFile(join(dir, 'renamed.pdf'))).toBe(a);
    expect(await sha256OfFile(join(dir, 'other.pdf'))).not.toBe(a);
  });
});

describe('after success', () => {
  it('moves into Converted, keeping the subfolder and never overwriting', async () => {
    await mkdir(join(dir, 'sub'));
    await mkdir(join(dir, 'Converted', 'sub'), { recursive: true });
    await writeFile(join(dir, 'Converted', 'sub', 'a.pdf'), 'older');
    await writeFile(join(dir, 'sub', 'a.pdf'), 'new');
    const facts = await readFacts(join(dir, 'sub', 'a.pdf'));
    if (typeof facts !== 'object') throw new Error('no file');
    const result = await applyAfterSuccess({
      source: join(dir, 'sub', 'a.pdf'),
      folder: dir,
      after: 'move',
      taken: facts,
      trash: moveToTrash,
    });
    expect(result).toEqual({
      ok: true,
      value: { action: 'move', movedTo: join(dir, 'Converted', 'sub', 'a (1).pdf') },
    });
    expect(await readFile(join(dir, 'Converted', 'sub', 'a.pdf'), 'utf8')).toBe('older');
    expect(await readFile(join(dir, 'Converted', 'sub', 'a (1).pdf'), 'utf8')).toBe('new');
    expect(await readdir(join(dir, 'sub'))).toEqual([]);
  });

  it('leaves an original alone when it was re-saved after being taken', async () => {
    const path = join(dir, 'a.pdf');
    await writeFile(path, 'first');
    const facts = await readFacts(path);
    if (typeof facts !== 'object') throw new Error('no file');
    await writeFile(path, 'second version');
    const result = await applyAfterSuccess({
      source: path,
      folder: dir,
      after: 'move',
      taken: facts,
      trash: moveToTrash,
    });
    expect(result).toEqual({ ok: true, value: { action: 'left', reason: 'changed' } });
    expect(await readFile(path, 'utf8')).toBe('second version');
  });

  it('moves to the freedesktop trash with a .trashinfo that names the original place', async () => {
    const home = join(dir, 'home');
    const path = join(dir, 'Überweisung März.pdf');
    await writeFile(path, 'bytes');
    const context = {
      platform: 'linux' as const,
      env: { XDG_DATA_HOME: join(home, 'data') },
      home,
      uid: 1000,
    };
    await moveToTrash(path, context);
    await writeFile(path, 'same name again');
    await moveToTrash(path, context);
    const trash = join(home, 'data', 'Trash');
    expect((await readdir(join(trash, 'files'))).sort()).toEqual([
      'Überweisung März.2.pdf',
      'Überweisung März.pdf',
    ]);
    const info = await readFile(join(trash, 'info', 'Überweisung März.pdf.trashinfo'), 'utf8');
    expect(info).toMatch(/^\[Trash Info\]\nPath=.+\nDeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\n$/);
    expect(info).toContain(`Path=${trashInfoPath(path)}\n`);
    expect(trashInfoPath('/a b/ü.pdf')).toBe('/a%20b/%C3%BC.pdf');
    expect(await readFile(join(trash, 'files', 'Überweisung März.2.pdf'), 'utf8')).toBe('same name again');
  });

  it('moves to the first free numbered name, never over an existing file', async () => {
    await writeFile(join(dir, 'x.pdf'), '1');
    await mkdir(join(dir, 'target'));
    await writeFile(join(dir, 'target', 'x.pdf'), '0');
    await writeFile(join(dir, 'target', 'x (1).pdf'), '0');
    expect(await moveWithoutOverwrite(join(dir, 'x.pdf'), join(dir, 'target'))).toBe(
      join(dir, 'target', 'x (2).pdf'),
    );
  });
});

describe('watch rule', () => {
  const info: FormatsInfo = {
    conversions: { pdf: ['xlsx', 'docx'], csv: ['xlsx'], png: ['jpg'] },
    pricing: { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: { xlsx: 2 } },
    limits: { maxFileBytes: 1e8, syncMaxBytes: 2e6, retentionHours: 24 },
  };

  it('fills defaults and refuses relative folders', () => {
    const parsed = parseWatchRule({ id: 'r1', folder: '/in', to: 'xlsx' });
    expect(parsed).toEqual({
      ok: true,
      value: {
        id: 'r1',
        folder: '/in',
        to: 'xlsx',
        recursive: false,
        from: [],
        after: 'keep',
        conflict: 'rename',
        paused: false,
      },
    });
    expect(parseWatchRule({ id: 'r1', folder: 'in', to: 'xlsx' }).ok).toBe(false);
    expect(parseWatchRule({ id: '../x', folder: '/in', to: 'xlsx' }).ok).toBe(false);
  });

  it('takes every source the service turns into the target unless narrowed', () => {
    const all = sourceFormatsFor({ from: [], to: 'xlsx' }, info);
    expect(all.ok && [...all.value].sort()).toEqual(['csv', 'pdf']);
    const narrowed = sourceFormatsFor({ from: ['pdf', 'png'], to: 'xlsx' }, info);
    expect(narrowed.ok && [...narrowed.value]).toEqual(['pdf']);
    const none = sourceFormatsFor({ from: [], to: 'mp3' }, info);
    expect(!none.ok && none.error.code).toBe('unknown_target_format');
  });

  it('gives ifc the same rule id for the same folder and target on every run', () => {
    expect(ruleIdFor('/in', 'xlsx')).toBe(ruleIdFor('/in/', 'xlsx'));
    expect(ruleIdFor('/in', 'xlsx')).not.toBe(ruleIdFor('/in', 'docx'));
    expect(ruleIdFor('/in', 'xlsx')).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('sums up the watches for the tray', () => {
    expect(trayWatchLine([])).toBeUndefined();
    expect(trayWatchLine([{ state: 'watching' }, { state: 'watching' }])).toBe('Watching 2 folders');
    expect(trayWatchLine([{ state: 'watching' }, { state: 'paused' }])).toBe('Watching 1 folder');
    expect(trayWatchLine([{ state: 'paused' }])).toBe('Watch folder paused');
    expect(trayWatchLine([{ state: 'waiting-tokens' }])).toBe('Watching 1 folder (waiting for tokens)');
    expect(trayWatchLine([{ state: 'stopped' }, { state: 'error' }])).toBeUndefined();
  });
});
