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

  it('writes the book atomically (no temp file left) and sets a damaged one aside', async () => {
    const clock = new ManualClock(local(2026, 3, 10));
    const book = await openSpendBook(dir, clock);
    await book.record(line('a', 5, clock.now()));
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
});
