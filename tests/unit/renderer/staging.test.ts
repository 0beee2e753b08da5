import { describe, expect, it } from 'vitest';
import type { StagedFile } from '../../../shared/ipc/contract.ts';
import {
  addToStaging,
  chooseBatchTarget,
  chooseFileTarget,
  chooseGroupTarget,
  emptyStaging,
  fileSections,
  rememberedTargets,
  stagedItems,
  targetGroups,
} from '../../../renderer/src/store/staging.ts';

const file = (name: string, from: string, targets: string[]): StagedFile => ({
  stageId: `s-${name}`,
  name,
  path: `/home/ana/${name}`,
  bytes: 1000,
  from,
  targets,
});

const pdf = file('invoice.pdf', 'pdf', ['docx', 'xlsx', 'txt']);
const csv = file('sales.csv', 'csv', ['xlsx', 'json']);
const png = file('scan.png', 'png', ['jpg', 'webp', 'pdf']);

describe('choosing targets before converting', () => {
  it('starts each file with the target last chosen for its type, if still offered', () => {
    const staging = addToStaging(
      emptyStaging(),
      { files: [pdf, csv], skipped: [] },
      { pdf: 'xlsx', csv: 'ods' },
    );
    expect(staging.targets).toEqual({ 's-invoice.pdf': 'xlsx', 's-sales.csv': 'xlsx' });
    expect(staging.batchTarget).toBe('xlsx');
  });

  it('"Convert all to" changes only the files that can become that format', () => {
    const staging = chooseBatchTarget(
      addToStaging(emptyStaging(), { files: [pdf, csv, png], skipped: [] }, {}),
      'xlsx',
    );
    expect(stagedItems(staging)).toEqual([
      { stageId: 's-invoice.pdf', to: 'xlsx' },
      { stageId: 's-sales.csv', to: 'xlsx' },
      { stageId: 's-scan.png', to: 'jpg' },
    ]);
  });

  it('a per-file choice overrides the batch, and only among what that file offers', () => {
    let staging = chooseBatchTarget(
      addToStaging(emptyStaging(), { files: [pdf, csv], skipped: [] }, {}),
      'xlsx',
    );
    staging = chooseFileTarget(staging, 's-sales.csv', 'json');
    expect(staging.batchTarget).toBeUndefined();
    expect(chooseFileTarget(staging, 's-sales.csv', 'docx')).toBe(staging);
  });

  it('a second drop adds files once and keeps what was skipped, with the reason', () => {
    const first = addToStaging(
      emptyStaging(),
      { files: [pdf], skipped: [{ name: 'a.exe', path: '/a.exe', reason: 'No.' }] },
      {},
    );
    const second = addToStaging(
      first,
      { files: [pdf, csv], skipped: [{ name: 'a.exe', path: '/a.exe', reason: 'No.' }] },
      {},
    );
    expect(second.files.map((item) => item.name)).toEqual(['invoice.pdf', 'sales.csv']);
    expect(second.skipped).toHaveLength(1);
  });

  it('remembers the last target per source type', () => {
    const staging = chooseFileTarget(
      addToStaging(emptyStaging(), { files: [pdf, csv], skipped: [] }, {}),
      's-invoice.pdf',
      'txt',
    );
    expect(rememberedTargets(staging, { png: 'webp' })).toEqual({ png: 'webp', pdf: 'txt', csv: 'xlsx' });
  });
});

describe('an honest batch target and a grouped list (issue 21)', () => {
  const pdf2 = {
    ...file('report.pdf', 'pdf', ['docx', 'xlsx', 'txt']),
    folder: { name: 'Office', path: '/home/ana/Office' },
  };
  const csv2 = {
    ...file('q2.csv', 'csv', ['xlsx', 'json']),
    folder: { name: 'Office', path: '/home/ana/Office' },
  };

  it('offers one choice per source type, each naming only targets all its files take', () => {
    const staging = addToStaging(emptyStaging(), { files: [pdf, csv, pdf2], skipped: [] }, {});
    expect(targetGroups(staging)).toEqual([
      { from: 'pdf', count: 2, options: ['docx', 'xlsx', 'txt'], value: 'docx' },
      { from: 'csv', count: 1, options: ['xlsx', 'json'], value: 'xlsx' },
    ]);
  });

  it("a type's choice changes only that type; a per-file change shows the group as chosen per file", () => {
    let staging = addToStaging(emptyStaging(), { files: [pdf, csv, pdf2], skipped: [] }, {});
    staging = chooseGroupTarget(staging, 'pdf', 'txt');
    expect(staging.targets).toEqual({ 's-invoice.pdf': 'txt', 's-sales.csv': 'xlsx', 's-report.pdf': 'txt' });
    staging = chooseFileTarget(staging, 's-report.pdf', 'docx');
    const [pdfs, csvs] = targetGroups(staging);
    expect(pdfs?.value).toBeUndefined();
    // The other type's choice is untouched by a change among the PDFs.
    expect(csvs?.value).toBe('xlsx');
    // A one-file group follows its file.
    staging = chooseFileTarget(staging, 's-sales.csv', 'json');
    expect(targetGroups(staging)[1]?.value).toBe('json');
  });

  it("lists loose files first, then each dropped folder's files under its name", () => {
    const sections = fileSections([pdf2, pdf, csv2, csv]);
    expect(sections.map((section) => [section.folder?.name, section.files.map((f) => f.name)])).toEqual([
      [undefined, ['invoice.pdf', 'sales.csv']],
      ['Office', ['report.pdf', 'q2.csv']],
    ]);
  });
});
