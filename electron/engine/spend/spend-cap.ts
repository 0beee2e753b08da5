// Spend caps, decided before any upload: a limit per batch and one per calendar month (tokens).
// Pure: the caller hands the batch's per-file costs (the published pricing, the same estimate
// the balance check uses) and what the month has already spent; the answer is the tighter
// limit the batch passes, with the numbers a person needs ("needs 240; the month leaves 100")
// and how many files, in the order given, fit under every limit (for "convert what fits").

export interface SpendCaps {
  /** At most this many tokens per batch. */
  batch?: number;
  /** At most this many tokens per calendar month (local time). */
  month?: number;
}

export type CapKind = 'batch' | 'month';

export interface CapVerdict {
  kind: CapKind;
  /** What the whole batch needs. */
  required: number;
  /** The limit that is passed, and what it leaves for this batch. */
  limit: number;
  left: number;
  /** Files (in order) and their tokens that fit under every limit. */
  fitCount: number;
  fitTokens: number;
}

/** What each limit leaves for the next batch; undefined where there is no limit. */
export function capRoom(caps: SpendCaps, monthSpent: number): { batch?: number; month?: number } {
  const room: { batch?: number; month?: number } = {};
  if (caps.batch !== undefined) room.batch = Math.max(0, caps.batch);
  if (caps.month !== undefined) room.month = Math.max(0, caps.month - Math.max(0, monthSpent));
  return room;
}

/** Undefined when the batch fits every limit; else the limit it passes that leaves least. */
export function checkSpendCaps(
  perItem: readonly number[],
  caps: SpendCaps,
  monthSpent: number,
): CapVerdict | undefined {
  const room = capRoom(caps, monthSpent);
  const required = perItem.reduce((sum, cost) => sum + cost, 0);
  const passed = (['batch', 'month'] as const)
    .filter((kind) => room[kind] !== undefined && required > room[kind]!)
    .sort((a, b) => room[a]! - room[b]!);
  const kind = passed[0];
  if (kind === undefined) return undefined;
  const left = Math.min(...Object.values(room));
  let fitCount = 0;
  let fitTokens = 0;
  for (const cost of perItem) {
    if (fitTokens + cost > left) break;
    fitTokens += cost;
    fitCount += 1;
  }
  return { kind, required, limit: caps[kind]!, left: room[kind]!, fitCount, fitTokens };
}

/** The error code a refusal for this limit carries (shared/messages.ts). */
export function capErrorCode(kind: CapKind): 'spend_cap_batch' | 'spend_cap_month' {
  return kind === 'batch' ? 'spend_cap_batch' : 'spend_cap_month';
}
