// What `ifc` says and writes about cost: the numbers behind a refusal (a shortfall, or a batch
// past --max-tokens), and the --receipt file of a finished batch.
import { resolve } from 'node:path';
import type { Engine } from '../engine/index.ts';
import { receiptLineOf, writeReceipt } from '../engine/index.ts';

/** The facts printed after a refusal's sentence, for the codes that carry numbers. */
export function refusalFacts(code: string, details: Record<string, unknown> | undefined): string | undefined {
  if (!details) return undefined;
  if (code === 'insufficient_tokens') {
    return `needs ${details.required} tokens, balance ${details.balance}, short by ${details.shortfall}`;
  }
  if (code === 'spend_cap_batch') return `needs ${details.required} tokens, --max-tokens ${details.limit}`;
  return undefined;
}

/** Writes the receipt of a batch: one row per job the service charged. False if it could
 *  not be written (the conversions themselves are done and kept). */
export async function writeBatchReceipt(engine: Engine, batchId: string, path: string): Promise<boolean> {
  const lines = engine
    .jobs()
    .filter((job) => job.batchId === batchId)
    .flatMap((job) => receiptLineOf(job) ?? []);
  try {
    await writeReceipt(lines, resolve(path));
    return true;
  } catch {
    return false;
  }
}
