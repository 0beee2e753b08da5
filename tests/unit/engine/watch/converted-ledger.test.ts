// The watch's memory of what it already sent, on real files: it survives a reopen, a crash
// that tore its last line, and many superseded lines (compacted on open); it tells an
// original it already took and that has not changed since; a forgotten entry stays forgotten;
// and a state folder it cannot write into is one plain error.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConvertedLedger,
  ledgerKey,
  ledgerPath,
  openConvertedLedger,
} from '../../../../electron/engine/watch/converted-ledger.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-converted-ledger-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(ruleId: string, stateDir = dir): Promise<ConvertedLedger> {
  const opened = await openConvertedLedger(stateDir, ruleId);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

describe('the converted ledger', () => {
  it('keys an entry by target format and content hash', () => {
    expect(ledgerKey('xlsx', 'ab12')).toBe('xlsx:ab12');
    expect(ledgerKey('xlsx', 'ab12')).not.toBe(ledgerKey('docx', 'ab12'));
    expect(ledgerPath(dir, 'rule-1')).toBe(join(dir, 'watch', 'rule-1.jsonl'));
  });

  it('remembers what was converted across a reopen and forgets on request', async () => {
    const ledger = await open('rule-1');
    await ledger.put({ key: ledgerKey('xlsx', 'aa'), state: 'submitted', source: '/in/a.pdf', jobId: 'j1' });
    await ledger.put({
      key: ledgerKey('xlsx', 'aa'),
      state: 'converted',
      source: '/in/a.pdf',
      output: '/o/a.xlsx',
    });
    await ledger.put({ key: ledgerKey('xlsx', 'bb'), state: 'submitting', source: '/in/b.pdf' });
    await ledger.forget(ledgerKey('xlsx', 'bb'));
    await ledger.forget(ledgerKey('xlsx', 'never-there')); // nothing to forget: no line
    await ledger.close();

    const again = await open('rule-1');
    expect(again.get('xlsx:aa')).toMatchObject({ state: 'converted', output: '/o/a.xlsx' });
    expect(again.get('xlsx:bb')).toBeUndefined();
    expect(again.get('docx:aa')).toBeUndefined();
    expect(again.entries().map((entry) => entry.key)).toEqual(['xlsx:aa']);
    await again.close();
    // Each rule has its own memory.
    const other = await open('rule-2');
    expect(other.entries()).toEqual([]);
    await other.close();
  });

  it('keeps every complete line when a crash tore the last one, and appends cleanly after it', async () => {
    const ledger = await open('rule-2');
    await ledger.put({ key: 'xlsx:aa', state: 'converted', source: '/in/a.pdf' });
    await ledger.close();
    await appendFile(ledgerPath(dir, 'rule-2'), '{"key":"xlsx:bb","state":"conv');
    const again = await open('rule-2');
    expect(again.get('xlsx:aa')?.state).toBe('converted');
    expect(again.entries()).toHaveLength(1);
    await again.put({ key: 'xlsx:cc', state: 'converted', source: '/in/c.pdf' });
    await again.close();
    const third = await open('rule-2');
    expect(third.get('xlsx:cc')?.state).toBe('converted');
    expect(third.entries()).toHaveLength(2);
    await third.close();
  });

  it('skips lines that are not entries (a hand edit, another version) and keeps the rest', async () => {
    await (await open('rule-x')).close();
    await writeFile(
      ledgerPath(dir, 'rule-x'),
      [
        JSON.stringify({ key: 'xlsx:aa', state: 'converted', source: '/in/a.pdf', at: 1 }),
        'not json at all',
        JSON.stringify({ key: 'xlsx:bb', state: 'exploded', source: '/in/b.pdf', at: 2 }),
        JSON.stringify({ state: 'converted' }),
        '',
      ].join('\n'),
    );
    const ledger = await open('rule-x');
    expect(ledger.entries().map((entry) => entry.key)).toEqual(['xlsx:aa']);
    await ledger.close();
  });

  it('compacts a log full of superseded lines into one line per entry', async () => {
    const ledger = await open('rule-3');
    for (let i = 0; i < 100; i += 1) {
      await ledger.put({ key: 'xlsx:aa', state: i % 2 ? 'submitted' : 'submitting', source: '/in/a.pdf' });
    }
    await ledger.close();
    await (await open('rule-3')).close();
    const lines = (await readFile(ledgerPath(dir, 'rule-3'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ key: 'xlsx:aa', state: 'submitted' });
  });

  it('knows an original it took that has not changed since, and not one that has', async () => {
    const ledger = await open('rule-4');
    const facts = { bytes: 10, mtimeMs: 1000, ino: 42 };
    await ledger.put({ key: 'xlsx:aa', state: 'converted', source: '/in/請求書 🧾.pdf', facts });
    expect(ledger.unchangedSince('/in/請求書 🧾.pdf', facts)?.key).toBe('xlsx:aa');
    expect(ledger.unchangedSince('/in/請求書 🧾.pdf', { ...facts, mtimeMs: 1001 })).toBeUndefined();
    expect(ledger.unchangedSince('/in/請求書 🧾.pdf', { ...facts, ino: 43 })).toBeUndefined();
    expect(ledger.unchangedSince('/in/other.pdf', facts)).toBeUndefined();
    // The same path later holding other bytes: the newest entry for the path is the one asked.
    const newer = { bytes: 20, mtimeMs: 2000, ino: 42 };
    await ledger.put({ key: 'xlsx:bb', state: 'converted', source: '/in/請求書 🧾.pdf', facts: newer });
    expect(ledger.unchangedSince('/in/請求書 🧾.pdf', facts)).toBeUndefined();
    expect(ledger.unchangedSince('/in/請求書 🧾.pdf', newer)?.key).toBe('xlsx:bb');
    await ledger.close();
  });

  it('takes 1,000 puts at once in order, every one on disk', async () => {
    const ledger = await open('rule-5');
    await Promise.all(
      Array.from({ length: 1000 }, (_, n) =>
        ledger.put({ key: `xlsx:${n}`, state: 'converted', source: `/in/${n}.pdf` }),
      ),
    );
    await ledger.close();
    const again = await open('rule-5');
    expect(again.entries()).toHaveLength(1000);
    await again.close();
    const lines = (await readFile(ledgerPath(dir, 'rule-5'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).key)).toEqual(
      Array.from({ length: 1000 }, (_, n) => `xlsx:${n}`),
    );
  });

  it('says the state folder is unwritable in one plain error when it is a file', async () => {
    const notAFolder = join(dir, 'state-file');
    await writeFile(notAFolder, 'x');
    const opened = await openConvertedLedger(notAFolder, 'rule-1');
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.code).toBe('state_unwritable');
    expect(opened.error.message).not.toMatch(/ENOTDIR|at .*\.ts/);
  });
});
