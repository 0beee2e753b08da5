// measureItems checks many files at once; what it hands on must not depend on which check
// finished first: the files that can go, and those set aside with their one sentence, each
// in the order given.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureItems } from '../../../../electron/engine/jobs/preflight.ts';
import { messageFor } from '../../../../shared/messages.ts';

const info = {
  conversions: { csv: ['json'], pdf: ['txt'] },
  pricing: { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: {} },
  limits: { maxFileBytes: 1_000, syncMaxBytes: 100, retentionHours: 24 },
};

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('measureItems', () => {
  it('keeps the order given for a large mixed batch, each problem with its sentence', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ifc-measure-'));
    const expected: { name: string; problem?: string }[] = [];
    const items: { source: string; to: string }[] = [];
    // 200 files: more than are checked at once, with every kind of problem spread through.
    for (let index = 0; index < 200; index += 1) {
      const name = `file-${String(index).padStart(3, '0')}`;
      let file = `${name}.csv`;
      let problem: string | undefined;
      if (index % 11 === 3) problem = 'file_missing';
      else if (index % 13 === 5) {
        problem = 'file_empty';
        await writeFile(join(dir, file), '');
      } else if (index % 17 === 7) {
        problem = 'file_too_large';
        await writeFile(join(dir, file), 'x'.repeat(2_000));
      } else if (index % 19 === 9) {
        file = `${name}.pdf`;
        problem = 'unsupported_conversion';
        await writeFile(join(dir, file), '%PDF-1.4\n');
      } else await writeFile(join(dir, file), `id\n${index}\n`);
      expected.push({ name: file, ...(problem ? { problem } : {}) });
      items.push({ source: join(dir, file), to: 'json' });
    }

    const measured = await measureItems(items, info);

    expect(measured.items.map((item) => item.name)).toEqual(
      expected.filter((entry) => !entry.problem).map((entry) => entry.name),
    );
    expect(measured.items.every((item) => item.from === 'csv' && item.bytes > 0)).toBe(true);
    const problems = expected.filter((entry) => entry.problem);
    expect(new Set(problems.map((entry) => entry.problem)).size).toBe(4);
    expect(measured.skipped.map((entry) => [entry.source, entry.code, entry.reason])).toEqual(
      problems.map((entry) => [join(dir!, entry.name), entry.problem, messageFor(entry.problem as never)]),
    );
  });
});
