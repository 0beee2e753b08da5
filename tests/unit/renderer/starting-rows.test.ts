// Rows first (starting-rows.ts): at Convert the files leave the staging list for the queue as
// "Checking…" rows; each row gives way to its job; a refused start puts every file back with
// the target chosen for it, and nothing dropped meanwhile is lost or listed twice.
import { describe, expect, it } from 'vitest';
import type { StagedBatch } from '../../../shared/ipc/contract.ts';
import { addToStaging, emptyStaging, stagedItems } from '../../../renderer/src/store/staging.ts';
import {
  afterJobsArrived,
  answered,
  putBack,
  takeForStart,
} from '../../../renderer/src/store/starting-rows.ts';
import { job } from './job-fixtures.ts';

const dropped: StagedBatch = {
  files: [
    { stageId: 's1', name: 'a.pdf', path: '/d/a.pdf', bytes: 10, from: 'pdf', targets: ['txt', 'docx'] },
    { stageId: 's2', name: 'b.csv', path: '/d/b.csv', bytes: 20, from: 'csv', targets: ['json', 'xlsx'] },
    { stageId: 's3', name: 'c.pdf', path: '/d/c.pdf', bytes: 30, from: 'pdf', targets: ['txt', 'docx'] },
  ],
  skipped: [{ name: 'x.zip', path: '/d/x.zip', reason: 'archive_input' }],
};

function staged() {
  const staging = addToStaging(emptyStaging(), dropped, {});
  return { ...staging, targets: { ...staging.targets, s1: 'docx', s2: 'xlsx', s3: 'txt' } };
}

describe('rows first', () => {
  it('takes every file out of the list at Convert and lists it as checking, with its target', () => {
    const { staging, rows } = takeForStart(staged(), stagedItems(staged()));
    expect(staging.files).toEqual([]);
    // The notes on files that could not be added go too: no empty panel is left behind.
    expect(staging.skipped).toEqual([]);
    expect(rows.files.map((file) => [file.name, file.bytes, file.from, file.to])).toEqual([
      ['a.pdf', 10, 'pdf', 'docx'],
      ['b.csv', 20, 'csv', 'xlsx'],
      ['c.pdf', 30, 'pdf', 'txt'],
    ]);
  });

  it('takes only the files named, and leaves the others staged with their targets', () => {
    const { staging, rows } = takeForStart(staged(), [{ stageId: 's2', to: 'xlsx' }]);
    expect(rows.files.map((file) => file.stageId)).toEqual(['s2']);
    expect(staging.files.map((file) => file.stageId)).toEqual(['s1', 's3']);
    expect(staging.targets).toEqual({ s1: 'docx', s3: 'txt' });
    expect(staging.skipped).toHaveLength(1);
  });

  it('puts every file back on a refusal, with its target, before files dropped meanwhile', () => {
    const { staging, rows } = takeForStart(staged(), stagedItems(staged()));
    const meanwhile = addToStaging(
      staging,
      {
        files: [
          // The same file dropped again while main checked it: listed once.
          {
            stageId: 's9',
            name: 'a.pdf',
            path: '/d/a.pdf',
            bytes: 10,
            from: 'pdf',
            targets: ['txt', 'docx'],
          },
          { stageId: 's4', name: 'd.md', path: '/d/d.md', bytes: 5, from: 'md', targets: ['html'] },
        ],
        skipped: [],
      },
      {},
    );
    const back = putBack(meanwhile, rows);
    expect(back.files.map((file) => file.name)).toEqual(['b.csv', 'c.pdf', 'a.pdf', 'd.md']);
    expect(back.targets).toEqual({ s2: 'xlsx', s3: 'txt', s9: 'txt', s4: 'html' });
    expect(back.skipped.map((item) => item.name)).toEqual(['x.zip']);
    expect(back.batchTarget).toBeUndefined();
  });

  it('puts back only the files a spending limit kept out of the batch', () => {
    const { staging, rows } = takeForStart(staged(), stagedItems(staged()));
    const back = putBack(staging, rows, new Set(['s3']));
    expect(back.files.map((file) => file.stageId)).toEqual(['s3']);
    expect(back.targets).toEqual({ s3: 'txt' });
    expect(back.batchTarget).toBe('txt');
    expect(back.skipped).toEqual([]);
  });

  it('drops each row when a new job for its file arrives, and all of them once main named every job', () => {
    const { rows } = takeForStart(staged(), stagedItems(staged()));
    const first = afterJobsArrived(rows, [job('j1', { source: '/d/a.pdf' })], () => false);
    expect(first?.files.map((file) => file.name)).toEqual(['b.csv', 'c.pdf']);
    // An update that brings no new job changes nothing.
    expect(afterJobsArrived(first!, [], () => false)).toBe(first);
    // Main answered: c.pdf was left out (gone since it was named); b.csv's job is on its way.
    const known = new Set(['j1']);
    const waiting = answered(first!, ['j1', 'j2'], (file) => file.path === '/d/c.pdf');
    expect(waiting.files.map((file) => file.name)).toEqual(['b.csv']);
    expect(afterJobsArrived(waiting, [], (id) => known.has(id))?.files).toHaveLength(1);
    // j2 came and went within one update (cancelled at once): no row waits for it forever.
    known.add('j2');
    expect(afterJobsArrived(waiting, [], (id) => known.has(id))).toBeUndefined();
  });

  it('is gone as soon as the last row has its job', () => {
    const { rows } = takeForStart(staged(), [{ stageId: 's1', to: 'docx' }]);
    expect(afterJobsArrived(rows, [job('j1', { source: '/d/a.pdf' })], () => false)).toBeUndefined();
  });
});
