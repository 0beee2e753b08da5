// The watch's building blocks on the real filesystem: which names are ignored, when a file
// being written counts as complete, and the watch rule. (The "already converted" memory, what
// happens to an original after success and the trash have their own files under
// tests/unit/engine/watch/.)
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIgnoredName, isIgnoredPath } from '../../../electron/engine/watch/ignore-rules.ts';
import { waitUntilStable } from '../../../electron/engine/watch/stable-file.ts';
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
