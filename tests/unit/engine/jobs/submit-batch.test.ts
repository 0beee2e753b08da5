// Turning a batch into job records before anything is sent: every file that fits is queued
// with its estimated cost and its idempotency key made now; a batch the balance cannot cover
// is refused with the numbers, or with --partial the rest wait pending for tokens; files that
// cannot go (unconvertible, empty, an existing result under "skip", past a spend cap) are set
// aside with their reason. Real files in a temp folder.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormatsInfo } from '../../../../shared/formats.ts';
import { messageFor } from '../../../../shared/messages.ts';
import { type BatchDefaults, prepareBatch } from '../../../../electron/engine/jobs/submit-batch.ts';

// Each small file to pdf costs (1 base + 1 per started MiB) x 2 = 4 tokens; to html, 2.
const INFO: FormatsInfo = {
  conversions: { txt: ['pdf'], md: ['pdf', 'html'] },
  pricing: { baseTokens: 1, tokensPerMegabyte: 1, formatMultiplier: { pdf: 2 } },
  limits: { maxFileBytes: 1_000_000, syncMaxBytes: 1000, retentionHours: 24 },
};
const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);

let dir: string;
let out: string;
let a: string;
let b: string;
let c: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-submit-batch-'));
  out = join(dir, 'out');
  await mkdir(out);
  a = join(dir, 'a.txt');
  b = join(dir, 'b.md');
  c = join(dir, 'c.txt');
  for (const path of [a, b, c]) await writeFile(path, `contents of ${path}`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const defaults = (patch: Partial<BatchDefaults> = {}): BatchDefaults => ({
  endpoint: 'http://127.0.0.1:9/',
  conflict: 'rename',
  paused: false,
  now: NOW,
  ...patch,
});

describe('preparing a batch', () => {
  it('queues every file with its estimated cost and a key of its own', async () => {
    const prepared = await prepareBatch(
      [
        { source: a, to: 'pdf' },
        { source: b, to: 'html', outDir: join(dir, 'html') },
      ],
      {},
      INFO,
      100,
      defaults({ outDir: out }),
    );
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const { batch, jobs } = prepared.value;
    expect(batch).toMatchObject({ createdAt: NOW, skipped: [], jobIds: jobs.map((job) => job.id) });
    expect(jobs.map((job) => [job.sourceName, job.to, job.state, job.tokens, job.outDir])).toEqual([
      ['a.txt', 'pdf', 'queued', 4, out],
      ['b.md', 'html', 'queued', 2, join(dir, 'html')],
    ]);
    expect(
      jobs.every((job) => job.batchId === batch.id && job.priority === NOW && job.wait === undefined),
    ).toBe(true);
    expect(new Set(jobs.map((job) => job.idempotencyKey)).size).toBe(2);
  });

  it('marks the jobs of a paused queue as waiting', async () => {
    const prepared = await prepareBatch(
      [{ source: a, to: 'pdf' }],
      {},
      INFO,
      100,
      defaults({ paused: true }),
    );
    expect(prepared.ok && prepared.value.jobs[0]?.wait).toEqual({ kind: 'paused' });
  });

  it('refuses a batch the balance cannot cover, with the numbers', async () => {
    const items = [a, b, c].map((source) => ({ source, to: 'pdf' }));
    const refused = await prepareBatch(items, {}, INFO, 9, defaults());
    expect(refused.ok ? undefined : refused.error).toMatchObject({
      code: 'insufficient_tokens',
      details: { required: 12, balance: 9, shortfall: 3, fitCount: 2, fitTokens: 8 },
    });
  });

  it('with --partial, queues what fits in order and leaves the rest pending for tokens', async () => {
    const items = [a, b, c].map((source) => ({ source, to: 'pdf' }));
    const prepared = await prepareBatch(items, { partial: true }, INFO, 9, defaults());
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.value.jobs.map((job) => [job.sourceName, job.state, job.wait])).toEqual([
      ['a.txt', 'queued', undefined],
      ['b.md', 'queued', undefined],
      ['c.txt', 'pending', { kind: 'tokens', required: 12, balance: 9 }],
    ]);
  });

  it('sets aside what cannot go, each with its reason, and the caller’s own set-asides', async () => {
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    await writeFile(join(out, 'c.pdf'), 'an earlier result');
    const prepared = await prepareBatch(
      [
        { source: a, to: 'pdf' },
        { source: b, to: 'xlsx' },
        { source: empty, to: 'pdf' },
        { source: c, to: 'pdf' },
      ],
      { conflict: 'skip', skipped: [{ source: '/in/x.zip', reason: 'not a document' }] },
      INFO,
      100,
      defaults({ outDir: out }),
    );
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.value.jobs.map((job) => [job.sourceName, job.conflict])).toEqual([['a.txt', 'skip']]);
    expect(prepared.value.batch.skipped).toEqual([
      { source: '/in/x.zip', reason: 'not a document' },
      { source: b, reason: messageFor('unsupported_conversion') },
      { source: empty, reason: messageFor('file_empty') },
      { source: c, reason: messageFor('output_exists') },
    ]);
  });

  it('refuses a batch past its spend cap, or with --partial sends what fits under it', async () => {
    const items = [a, b, c].map((source) => ({ source, to: 'pdf' }));
    const refused = await prepareBatch(items, { caps: { batch: 10 } }, INFO, 100, defaults());
    expect(refused.ok ? undefined : refused.error.code).toBe('spend_cap_batch');
    const partial = await prepareBatch(items, { caps: { batch: 10 }, partial: true }, INFO, 100, defaults());
    expect(partial.ok).toBe(true);
    if (!partial.ok) return;
    expect(partial.value.jobs.map((job) => [job.sourceName, job.state])).toEqual([
      ['a.txt', 'queued'],
      ['b.md', 'queued'],
    ]);
    expect(partial.value.batch.skipped).toEqual([{ source: c, reason: messageFor('spend_cap_batch') }]);
    const month = await prepareBatch(items, { caps: { month: 20, monthSpent: 18 } }, INFO, 100, defaults());
    expect(month.ok ? undefined : month.error.code).toBe('spend_cap_month');
  });
});
