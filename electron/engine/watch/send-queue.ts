// Sending a watch's complete files to the engine, one at a time, each only if the balance
// (less what our own unsent jobs will take once accepted) covers it. When it does not, the
// rule waits for tokens: it says so once, looks at the balance again every `recheckMs`, and
// carries on by itself after a top-up. Jobs that a 402 sent back to pending are restarted
// the same way, before any new file. The re-check waits on the watch's clock, so a test moves
// it instead of waiting real seconds.
import type { Clock } from '../../../shared/clock.ts';
import type { Pricing } from '../../../shared/formats.ts';
import { conversionCost } from '../../../shared/formats.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { Failure } from '../../../shared/result.ts';
import type { WatchRule } from '../../../shared/watch.ts';
import type { Candidate } from './arrivals.ts';
import type { ConvertedLedger } from './converted-ledger.ts';
import { readFacts, sameFacts } from './stable-file.ts';
import type { FolderWatchEmitter, SkipReason } from './watch-events.ts';
import type { WatchedJobs, WatchEngine } from './watched-jobs.ts';

// Refusals that are about the service or the account, not the file: the file keeps its place.
const SERVICE_TROUBLE = new Set(['invalid_api_key', 'network', 'server_error', 'rate_limited', 'protocol']);

export interface SendQueueDeps {
  engine: WatchEngine;
  rule: WatchRule;
  ledger: ConvertedLedger;
  jobs: WatchedJobs;
  pricing: Pricing;
  recheckMs: number;
  /** The watch's clock (the system's, or one a test moves): the re-check waits on it. */
  clock: Clock;
  events: FolderWatchEmitter;
  /** False while the person paused the rule or the watch is stopping. */
  mayRun(): boolean;
  alreadyHandled(key: string): SkipReason | undefined;
  skip(path: string, reason: SkipReason): void;
  /** A queued file changed since it was hashed: look at it afresh. */
  reconsider(path: string): void;
  report(error: Failure, source?: string): void;
  /** The service answered again: a later problem is worth saying again. */
  serviceOk(): void;
  changed(): void;
}

export class SendQueue {
  private readonly deps: SendQueueDeps;
  private readonly items: Candidate[] = [];
  /** Set while a re-check is planned; aborted by close(). */
  private recheck: AbortController | undefined;
  /** A re-check came due while a round was still going: that round's end starts another. */
  private recheckDue = false;
  /** Set while a shortfall may be our own jobs counted twice: the next acceptance (or end) of
   *  one of them asks again, and nothing is announced meanwhile. */
  private unsure = false;
  private running: Promise<void> | undefined;
  private closed = false;
  /** Set while the balance cannot cover the next file. */
  waiting: { required: number; balance: number } | undefined;
  /** The job sent while the rule waited for tokens: the rule is "resumed" only once the server
   *  accepts it (or it ends), since the balance the engine went by may be a moment out of date
   *  and a refusal must not make the rule say "on hold" twice. */
  private sentWhileWaiting: string | undefined;

  constructor(deps: SendQueueDeps) {
    this.deps = deps;
  }

  get length(): number {
    return this.items.length;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  has(key: string): boolean {
    return this.items.some((item) => item.key === key);
  }

  push(candidate: Candidate): void {
    this.items.push(candidate);
    this.pump();
  }

  /** Sends what can be sent now; does nothing if a round is already going. */
  pump(): void {
    if (this.running || this.closed) return;
    this.running = this.sendAll()
      .catch((error: unknown) =>
        this.deps.report({
          code: 'internal',
          message: messageFor('internal'),
          details: { reason: String(error) },
        }),
      )
      .finally(() => {
        this.running = undefined;
        this.deps.changed();
        // Work that arrived while this round was busy.
        const more = this.items.length > 0 || this.deps.jobs.pendingJobs().length > 0;
        const due = this.recheckDue;
        this.recheckDue = false;
        if (due || (more && this.deps.mayRun() && !this.waiting && !this.recheck && !this.unsure))
          this.pump();
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.recheck?.abort();
    this.recheck = undefined;
    await this.running;
    this.items.length = 0;
    this.waiting = undefined;
  }

  private async sendAll(): Promise<void> {
    const { engine, jobs, ledger } = this.deps;
    while (!this.closed && this.deps.mayRun()) {
      const stuck = jobs.pendingJobs()[0];
      const next = stuck ? undefined : this.items[0];
      if (!stuck && !next) return;
      if (next) {
        const handled = this.deps.alreadyHandled(next.key);
        if (handled) {
          this.items.shift();
          this.deps.skip(next.path, handled);
          continue;
        }
        const now = await readFacts(next.path);
        if (typeof now !== 'object' || !sameFacts(now, next.facts)) {
          // Gone, or written again since it was hashed.
          this.items.shift();
          if (typeof now === 'object') this.deps.reconsider(next.path);
          continue;
        }
      }
      const cost = stuck
        ? stuck.tokens
        : conversionCost(this.deps.pricing, next!.facts.bytes, this.deps.rule.to);
      const known = await this.spendable();
      if (known === undefined || this.closed) return;
      const { spendable, balance, reserved } = known;
      if (spendable < cost && reserved > 0 && balance >= cost) return this.askAgainLater();
      if (spendable < cost) return this.waitForTokens(cost, Math.max(0, spendable));
      if (stuck) {
        // Already moving again (the engine resumed it on its own): then just follow it.
        if (!engine.retry(stuck.jobId).ok) stuck.state = 'queued';
        // "Resumed" waits for the server to take it (pastTokenCheck()): if it is refused for tokens
        // again, the rule simply goes on waiting, without a second notice.
        if (this.waiting) this.sentWhileWaiting = stuck.jobId;
        else this.tokensBack();
        continue;
      }
      await this.send(this.items.shift()!, cost, ledger);
    }
  }

  /** What this rule can spend now, or undefined (and a re-check planned) when unknown. */
  private async spendable(): Promise<{ spendable: number; balance: number; reserved: number } | undefined> {
    // Counted before asking: a job accepted while the answer is on its way may then be
    // counted twice (safe), never not at all (which would overspend).
    const reserved = this.deps.jobs.reservedTokens();
    const balance = await this.deps.engine.balance();
    if (!balance.ok) {
      this.deps.report(balance.error);
      this.recheckLater();
      return undefined;
    }
    this.deps.serviceOk();
    return { spendable: balance.value.tokens - reserved, balance: balance.value.tokens, reserved };
  }

  /**
   * The account covers the file but not with what our own unaccepted jobs will take. Those may
   * already be charged (the server takes the tokens on accepting an upload; the engine hears
   * of it only with the job id, on the sync path after the conversion), and then they count
   * twice: holding the rule on that would say "on hold", then "resumed" at the next look. So
   * nothing is said yet; the balance is asked again once one of them is accepted or ends
   * (pastTokenCheck), when the answer holds it alone, or at the next re-check otherwise.
   */
  private askAgainLater(): void {
    this.unsure = true;
    this.recheckLater();
  }

  private async send(candidate: Candidate, cost: number, ledger: ConvertedLedger): Promise<void> {
    const { engine, rule, events, jobs } = this.deps;
    const base = { key: candidate.key, source: candidate.path, facts: candidate.facts };
    try {
      // On disk before the engine hears of it: a crash in between is resolved by adopt().
      await ledger.put({ ...base, state: 'submitting' });
    } catch (error) {
      this.items.unshift(candidate);
      this.deps.report({
        code: 'state_unwritable',
        message: messageFor('state_unwritable'),
        details: { reason: String(error) },
      });
      this.recheckLater();
      return;
    }
    const sent = await engine.submit(
      [{ source: candidate.path, to: rule.to, ...(rule.outDir ? { outDir: rule.outDir } : {}) }],
      { conflict: rule.conflict },
    );
    const jobId = sent.ok ? sent.value.jobIds[0] : undefined;
    if (!sent.ok || !jobId) {
      await ledger.forget(candidate.key).catch(() => undefined);
      if (!sent.ok && sent.error.code === 'insufficient_tokens') {
        this.items.unshift(candidate);
        this.waitForTokens(
          Number(sent.error.details?.required ?? cost),
          Number(sent.error.details?.balance ?? 0),
        );
        return;
      }
      if (!sent.ok && sent.error.code === 'spend_cap_month') {
        // The month's limit is reached: the rule pauses like for tokens (one notice, the file
        // keeps its place) and goes on by itself next month or once the limit is raised.
        this.items.unshift(candidate);
        this.waitForTokens(
          Number(sent.error.details?.required ?? cost),
          Number(sent.error.details?.left ?? 0),
          messageFor('watch_paused_spend_cap'),
        );
        return;
      }
      if (!sent.ok && SERVICE_TROUBLE.has(sent.error.code)) {
        this.items.unshift(candidate);
        this.deps.report(sent.error);
        this.recheckLater();
        return;
      }
      this.deps.report(
        sent.ok ? { code: 'internal', message: messageFor('internal') } : sent.error,
        candidate.path,
      );
      return;
    }
    // "Resumed" is said only once the server took it (pastTokenCheck), so a refusal cannot
    // make the rule flap; track() below may say so at once.
    if (this.waiting) this.sentWhileWaiting = jobId;
    await ledger.put({ ...base, state: 'submitted', jobId }).catch(() => undefined);
    events.emit('taken', {
      ruleId: rule.id,
      source: candidate.path,
      jobId,
      batchId: sent.value.batchId,
      bytes: candidate.facts.bytes,
      tokens: cost,
    });
    jobs.track({
      jobId,
      key: candidate.key,
      source: candidate.path,
      facts: candidate.facts,
      tokens: cost,
      state: 'queued',
    });
  }

  private waitForTokens(
    required: number,
    balance: number,
    message = messageFor('watch_waiting_tokens'),
  ): void {
    const first = this.waiting === undefined;
    this.waiting = { required, balance };
    if (first) {
      this.deps.events.emit('paused', {
        ruleId: this.deps.rule.id,
        reason: 'tokens',
        required,
        balance,
        message,
      });
    }
    this.deps.changed();
    this.recheckLater();
  }

  /** One of this rule's jobs can no longer be refused for tokens (watched-jobs.ts). */
  pastTokenCheck(jobId: string): void {
    if (this.unsure) {
      this.unsure = false;
      // The round that was unsure may not quite have ended: its end then looks again.
      if (this.running) this.recheckDue = true;
      else this.pump();
    }
    if (jobId !== this.sentWhileWaiting) return;
    this.tokensBack();
    this.pump();
  }

  private tokensBack(): void {
    this.sentWhileWaiting = undefined;
    if (!this.waiting) return;
    this.waiting = undefined;
    this.deps.events.emit('resumed', { ruleId: this.deps.rule.id, reason: 'tokens' });
    this.deps.changed();
  }

  private recheckLater(): void {
    if (this.recheck || this.closed) return;
    const recheck = new AbortController();
    this.recheck = recheck;
    void this.deps.clock.sleep(this.deps.recheckMs, recheck.signal).then(() => {
      // A sleep ends quietly when aborted: close() cleared it, nothing to do.
      if (recheck.signal.aborted) return;
      this.recheck = undefined;
      this.unsure = false;
      // Planned by a round that has not quite ended yet (a clock can run that fast): the
      // look happens once it has, instead of being lost.
      if (this.running) this.recheckDue = true;
      else this.pump();
    });
  }
}
