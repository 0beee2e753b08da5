// Month accounting: what a calendar month (local time) spent survives a restart, a new month
// starts from nothing, and a damaged book is set aside rather than stopping the app.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  monthOf,
  openSpendBook,
  type ReceiptLine,
  SPEND_FILE,
  SPEND_LOG,
} from '../../../../electron/engine/spend/spend-book.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-spend-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Local wall-clock time: the test holds in any time zone the machine is set to. */
const local = (year: number, month: number, day: number, hour = 12, minute = 0) =>
  new Date(year, month - 1, day, hour, minute).getTime();

function line(jobId: string, tokens: number, finishedAt: number, batchId = 'b_1'): ReceiptLine {
  return {
    jobId,
    batchId,
    source: `/docs/${jobId}.pdf`,
    to: 'xlsx',
    bytes: 1000,
    tokens,
    startedAt: finishedAt - 5000,
    finishedAt,
  };
}

describe('the month spend book', () => {
  it('names months by the local calendar, up to the last minute of the month', () => {
    expect(monthOf(local(2026, 1, 31, 23, 59))).toBe('2026-01');
    expect(monthOf(local(2026, 2, 1, 0, 0))).toBe('2026-02');
    expect(monthOf(local(2026, 12, 31, 23, 59))).toBe('2026-12');
  });

  it('adds up a month, keeps it across a restart, and starts the next month at zero', async () => {
    const clock = new ManualClock(local(2026, 1, 31, 23, 0));
    const book = await openSpendBook(dir, clock);
    await book.record(line('a', 6, local(2026, 1, 31, 22, 0)));
    await book.record(line('b', 4, local(2026, 1, 31, 23, 58)));
    // A repeat of the same job (an event seen twice) is not counted twice.
    await book.record(line('b', 4, local(2026, 1, 31, 23, 58)));
    expect(book.thisMonth()).toBe('2026-01');
    expect(book.spentIn(book.thisMonth())).toBe(10);

    const reopened = await openSpendBook(dir, clock);
    expect(reopened.spentIn('2026-01')).toBe(10);
    expect(reopened.linesOfMonth('2026-01').map((kept) => kept.jobId)).toEqual(['a', 'b']);

    // Midnight passes: a new month, nothing spent in it yet; January's lines stay.
    await clock.advance(local(2026, 2, 1, 0, 1) - clock.now());
    expect(reopened.thisMonth()).toBe('2026-02');
    expect(reopened.spentIn(reopened.thisMonth())).toBe(0);
    await reopened.record(line('c', 3, clock.now(), 'b_2'));
    expect(reopened.spentIn('2026-02')).toBe(3);
    expect(reopened.spentIn('2026-01')).toBe(10);
    expect(reopened.batches().map((batch) => [batch.batchId, batch.files, batch.tokens])).toEqual([
      ['b_2', 1, 3],
      ['b_1', 2, 10],
    ]);
  });

  it('appends a charge to the log, folds the log into the book on opening, and sets a damaged book aside', async () => {
    const clock = new ManualClock(local(2026, 3, 10));
    const book = await openSpendBook(dir, clock);
    await book.record(line('a', 5, clock.now()));
    expect(await readdir(dir)).toEqual([SPEND_LOG]);
    expect((await readFile(join(dir, SPEND_LOG), 'utf8')).trim().split('\n')).toHaveLength(1);

    // Opened again, the book is written whole (atomically: no temp file left) and the log goes.
    const again = await openSpendBook(dir, clock);
    expect(again.spentIn('2026-03')).toBe(5);
    expect(await readdir(dir)).toEqual([SPEND_FILE]);
    expect(JSON.parse(await readFile(join(dir, SPEND_FILE), 'utf8'))).toHaveLength(1);

    await writeFile(join(dir, SPEND_FILE), '{"half a write');
    const fresh = await openSpendBook(dir, clock);
    expect(fresh.spentIn('2026-03')).toBe(0);
    expect((await readdir(dir)).some((name) => name.startsWith(`${SPEND_FILE}.broken-`))).toBe(true);
  });

  it('forgets lines older than two years, keeping the months a receipt is asked for', async () => {
    const clock = new ManualClock(local(2028, 6, 15));
    const book = await openSpendBook(dir, clock);
    await book.record(line('old', 7, local(2026, 6, 30)));
    await book.record(line('kept', 2, local(2026, 7, 1)));
    expect(book.linesOfMonth('2026-06')).toEqual([]);
    expect(book.spentIn('2026-07')).toBe(2);
  });

  it('adds a charge to the log alone: the whole book is not written again for each file', async () => {
    const clock = new ManualClock(local(2026, 4, 20));
    const first = await openSpendBook(dir, clock);
    for (let index = 0; index < 1_000; index += 1) void first.record(line(`old-${index}`, 1, clock.now()));
    await first.written();
    const book = await openSpendBook(dir, clock);
    const whole = await readFile(join(dir, SPEND_FILE), 'utf8');
    expect(JSON.parse(whole)).toHaveLength(1_000);

    // One file at a time, each awaited: 100 appends of one line each.
    for (let index = 0; index < 100; index += 1) await book.record(line(`new-${index}`, 2, clock.now()));
    expect(await readFile(join(dir, SPEND_FILE), 'utf8')).toBe(whole);
    const logged = (await readFile(join(dir, SPEND_LOG), 'utf8')).trim().split('\n');
    expect(logged.map((text) => (JSON.parse(text) as ReceiptLine).jobId)).toEqual(
      Array.from({ length: 100 }, (_, index) => `new-${index}`),
    );
    expect(book.spentIn('2026-04')).toBe(1_200);
    expect((await openSpendBook(dir, clock)).spentIn('2026-04')).toBe(1_200);
  });

  it('survives a crash: a torn last line is dropped alone, and lines already in the book count once', async () => {
    const clock = new ManualClock(local(2026, 5, 2));
    // A crash after the book was written whole but before its log was removed, during an
    // append that got half a line out.
    await writeFile(join(dir, SPEND_FILE), JSON.stringify([line('a', 4, clock.now())]));
    await writeFile(
      join(dir, SPEND_LOG),
      `${JSON.stringify(line('a', 4, clock.now()))}\n${JSON.stringify(line('b', 3, clock.now()))}\n{"jobId":"c","tok`,
    );
    const book = await openSpendBook(dir, clock);
    expect(book.linesOfMonth('2026-05').map((kept) => kept.jobId)).toEqual(['a', 'b']);
    expect(book.spentIn('2026-05')).toBe(7);
    // Folded at once: what is appended next starts a clean log.
    expect(await readdir(dir)).toEqual([SPEND_FILE]);
    await book.record(line('d', 1, clock.now()));
    expect((await openSpendBook(dir, clock)).spentIn('2026-05')).toBe(8);
  });

  it('folds the log into the book once it outgrows it', async () => {
    const clock = new ManualClock(local(2026, 6, 9));
    const book = await openSpendBook(dir, clock);
    // ~155 bytes a line: 2,000 lines pass the 256 KiB a log may reach before it is folded.
    for (let turn = 0; turn < 10; turn += 1) {
      for (let index = 0; index < 200; index += 1)
        void book.record(line(`j-${turn}-${index}`, 1, clock.now()));
      await book.written();
    }
    const files = await readdir(dir);
    expect(files).toContain(SPEND_FILE);
    const inBook = (JSON.parse(await readFile(join(dir, SPEND_FILE), 'utf8')) as ReceiptLine[]).length;
    const inLog = files.includes(SPEND_LOG)
      ? (await readFile(join(dir, SPEND_LOG), 'utf8')).trim().split('\n').length
      : 0;
    expect(inBook).toBeGreaterThan(0);
    expect(inBook + inLog).toBe(2_000);
    expect((await openSpendBook(dir, clock)).spentIn('2026-06')).toBe(2_000);
  });
});
