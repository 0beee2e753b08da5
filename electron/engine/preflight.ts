// Batch preflight, before any upload: measure the files, price them with the published
// formula (shared/formats.ts, the same one the server charges), compare with the balance, and
// refuse the batch or trim it to the files that fit, in the order given.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { BatchEstimate, FormatsInfo } from '../../shared/formats.ts';
import { canConvert, estimateBatch, sourceFormatOf } from '../../shared/formats.ts';
import type { ErrorCode } from '../../shared/messages.ts';
import { messageFor } from '../../shared/messages.ts';
import type { SubmitItem } from './engine-types.ts';

export interface MeasuredItem extends SubmitItem {
  source: string;
  name: string;
  bytes: number;
  from: string;
}

export interface Measured {
  items: MeasuredItem[];
  skipped: { source: string; code: ErrorCode; reason: string }[];
}

export async function measureItems(items: SubmitItem[], info: FormatsInfo): Promise<Measured> {
  const out: Measured = { items: [], skipped: [] };
  for (const item of items) {
    const source = resolve(item.source);
    const refuse = (code: ErrorCode): void => {
      out.skipped.push({ source, code, reason: messageFor(code) });
    };
    let bytes: number;
    try {
      const stats = await stat(source);
      if (stats.isDirectory()) {
        refuse('is_directory');
        continue;
      }
      bytes = stats.size;
    } catch {
      refuse('file_missing');
      continue;
    }
    const from = sourceFormatOf(source);
    if (!from) refuse('unknown_format');
    else if (!canConvert(info, from, item.to)) refuse('unsupported_conversion');
    else if (bytes === 0) refuse('file_empty');
    else if (bytes > info.limits.maxFileBytes) refuse('file_too_large');
    else out.items.push({ ...item, source, name: basename(source), bytes, from });
  }
  return out;
}

export interface BatchPlan {
  estimate: BatchEstimate;
  /** Items to send now, and items left pending for lack of tokens (partial only). */
  run: MeasuredItem[];
  pending: MeasuredItem[];
  refused: boolean;
}

export function planBatch(
  info: FormatsInfo,
  items: MeasuredItem[],
  balance: number,
  partial: boolean,
): BatchPlan {
  const estimate = estimateBatch(info.pricing, items, balance);
  if (estimate.shortfall <= 0) return { estimate, run: items, pending: [], refused: false };
  if (!partial) return { estimate, run: [], pending: [], refused: true };
  return {
    estimate,
    run: items.slice(0, estimate.fitCount),
    pending: items.slice(estimate.fitCount),
    refused: false,
  };
}
