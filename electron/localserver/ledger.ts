// What every job cost and whether it was given back, for the person's balance and for tests
// that check "no double charge" and refunds.
import type { Ledger, LedgerEntry } from './types.ts';

export class JobLedger implements Ledger {
  private readonly list: LedgerEntry[] = [];
  private readonly byId = new Map<string, LedgerEntry>();
  private readonly posts = new Map<string, number>();

  get jobs(): readonly LedgerEntry[] {
    return this.list;
  }

  get totals(): { charged: number; refunded: number } {
    let charged = 0;
    let refunded = 0;
    for (const entry of this.list) {
      charged += entry.tokensCharged;
      if (entry.refunded) refunded += entry.tokensCharged;
    }
    return { charged, refunded };
  }

  entry(jobId: string): LedgerEntry | undefined {
    return this.byId.get(jobId);
  }

  postsBySourceName(name: string): number {
    return this.posts.get(name) ?? 0;
  }

  countPost(sourceName: string): void {
    this.posts.set(sourceName, (this.posts.get(sourceName) ?? 0) + 1);
  }

  add(entry: LedgerEntry): void {
    this.list.push(entry);
    this.byId.set(entry.jobId, entry);
  }
}
