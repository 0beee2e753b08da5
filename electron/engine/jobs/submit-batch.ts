// Turning a preflighted batch into job records: the files that fit are queued, the rest (with
// --partial) wait pending for tokens; each carries its estimated cost until the server says.
import { randomUUID } from 'node:crypto';
import type { FormatsInfo } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { Result } from '../../../shared/result.ts';
import { fail, ok } from '../../../shared/result.ts';
import type { BatchRecord, ConflictPolicy, JobRecord, SubmitItem, SubmitOptions } from '../engine-types.ts';
import { outputDirFor, outputExists } from '../results/output-path.ts';
import { measureItems, planBatch } from './preflight.ts';
import { outputNameFor } from '../results/safe-name.ts';
import { capErrorCode, checkSpendCaps } from '../spend/spend-cap.ts';
import type { BatchCaps } from '../engine-types.ts';
import { estimateBatch } from '../../../shared/formats.ts';
import type { MeasuredItem } from './preflight.ts';

export interface BatchDefaults {
  endpoint: string;
  conflict: ConflictPolicy;
  outDir?: string;
  paused: boolean;
  /** Epoch ms on the engine's clock. */
  now: number;
}

export async function prepareBatch(
  items: SubmitItem[],
  options: SubmitOptions,
  info: FormatsInfo,
  balance: number,
  defaults: BatchDefaults,
): Promise<Result<{ batch: BatchRecord; jobs: JobRecord[] }>> {
  const conflict = options.conflict ?? defaults.conflict;
  const measured = await measureItems(items, info);
  const skipped = [
    ...(options.skipped ?? []),
    ...measured.skipped.map(({ source, reason }) => ({ source, reason })),
  ];
  let runnable = measured.items;
  if (conflict === 'skip') {
    // Skipping an existing result is decided before upload: no tokens for a file not saved.
    const kept = [];
    for (const item of runnable) {
      const dir = outputDirFor(item.source, item.outDir ?? defaults.outDir);
      if (await outputExists(dir, outputNameFor(item.name, item.to))) {
        skipped.push({ source: item.source, reason: messageFor('output_exists') });
      } else kept.push(item);
    }
    runnable = kept;
  }
  if (options.caps) {
    const capped = applySpendCaps(info, runnable, options.caps, options.partial === true);
    if (!capped.ok) return capped;
    skipped.push(...capped.value.over);
    runnable = capped.value.kept;
  }
  const plan = planBatch(info, runnable, balance, options.partial === true);
  if (plan.refused) {
    return fail({
      code: 'insufficient_tokens',
      message: messageFor('insufficient_tokens'),
      details: {
        required: plan.estimate.total,
        balance,
        shortfall: plan.estimate.shortfall,
        fitCount: plan.estimate.fitCount,
        fitTokens: plan.estimate.fitTokens,
      },
    });
  }
  const { now } = defaults;
  const batch: BatchRecord = { id: `b_${randomUUID()}`, createdAt: now, jobIds: [], skipped };
  const costs = new Map(runnable.map((item, index) => [item, plan.estimate.perItem[index] ?? 0]));
  const make = (item: (typeof runnable)[number], state: 'queued' | 'pending'): JobRecord => {
    const job: JobRecord = {
      id: randomUUID(),
      batchId: batch.id,
      source: item.source,
      sourceName: item.name,
      bytes: item.bytes,
      from: item.from,
      to: item.to,
      state,
      progress: 0,
      tokens: costs.get(item) ?? 0,
      createdAt: now,
      updatedAt: now,
      endpoint: defaults.endpoint,
      conflict,
      priority: now,
      // Made now so that the one journal write of the batch holds every job's key: no job
      // then has to wait for a write of its own before its upload.
      idempotencyKey: randomUUID(),
    };
    const outDir = item.outDir ?? defaults.outDir;
    if (outDir) job.outDir = outDir;
    if (state === 'pending') job.wait = { kind: 'tokens', required: plan.estimate.total, balance };
    else if (defaults.paused) job.wait = { kind: 'paused' };
    return job;
  };
  const jobs = [
    ...plan.run.map((item) => make(item, 'queued')),
    ...plan.pending.map((item) => make(item, 'pending')),
  ];
  batch.jobIds = jobs.map((job) => job.id);
  return ok({ batch, jobs });
}

/** A batch past a spend cap is refused with the numbers; with `partial` the files that fit
 *  (in the order given) go on and the rest are set aside, never left pending: waiting would
 *  not make room under the cap the way a top-up makes room in the balance. */
function applySpendCaps(
  info: FormatsInfo,
  items: MeasuredItem[],
  caps: BatchCaps,
  partial: boolean,
): Result<{ kept: MeasuredItem[]; over: { source: string; reason: string }[] }> {
  const { perItem } = estimateBatch(info.pricing, items, 0);
  const verdict = checkSpendCaps(perItem, caps, caps.monthSpent ?? 0);
  if (!verdict) return ok({ kept: items, over: [] });
  const code = capErrorCode(verdict.kind);
  if (!partial || verdict.fitCount === 0) {
    return fail({ code, message: messageFor(code), details: { ...verdict } });
  }
  return ok({
    kept: items.slice(0, verdict.fitCount),
    over: items.slice(verdict.fitCount).map((item) => ({ source: item.source, reason: messageFor(code) })),
  });
}
