// What the engine knows about the account and the service: the format table with pricing and
// limits (cached briefly for expanding inputs), and the token balance, kept current from
// /api/account, X-Tokens-Remaining headers and charges, and announced when it changes.
import type { FormatsInfo } from '../../../shared/formats.ts';
import type { TokenBalance } from '../../../shared/jobs.ts';
import type { Result } from '../../../shared/result.ts';
import { fail, ok } from '../../../shared/result.ts';
import type { ApiClient, ApiResult, ResponseMeta } from '../api/api-client.ts';
import { toFailure } from '../api/api-errors.ts';
import type { EngineEmitter } from '../events.ts';
import type { RateGate } from '../api/rate-gate.ts';
import type { RetryTiming } from '../api/retry-policy.ts';
import { withRetry } from '../api/retry-policy.ts';

const FORMATS_FRESH_MS = 60_000;

export interface AccountInfoParts {
  client: ApiClient;
  gate: RateGate;
  retry: RetryTiming;
  emitter: EngineEmitter;
  offline: boolean;
  signal: AbortSignal;
  onAuthFailure(): void;
}

export class AccountInfo {
  private readonly parts: AccountInfoParts;
  private known: number | undefined;
  private formatsCache: { info: FormatsInfo; at: number } | undefined;

  constructor(parts: AccountInfoParts) {
    this.parts = parts;
  }

  get tokens(): number | undefined {
    return this.known;
  }

  async formats(): Promise<Result<FormatsInfo>> {
    const outcome = await this.call((signal) => this.parts.client.formats(signal));
    if (!outcome.ok) return fail(toFailure(outcome.error));
    this.formatsCache = { info: outcome.value, at: this.parts.gate.clock.now() };
    return ok(outcome.value);
  }

  /** The format table if fetched within the last minute, else fetched now. */
  async recentFormats(): Promise<Result<FormatsInfo>> {
    const cached = this.formatsCache;
    return cached && this.parts.gate.clock.now() - cached.at < FORMATS_FRESH_MS
      ? ok(cached.info)
      : this.formats();
  }

  limits(): FormatsInfo['limits'] | undefined {
    return this.formatsCache?.info.limits;
  }

  async balance(): Promise<Result<TokenBalance>> {
    const outcome = await this.call((signal) => this.parts.client.account(signal));
    if (!outcome.ok) return fail(toFailure(outcome.error));
    this.set(outcome.value.tokens);
    return ok(this.view(outcome.value.tokens));
  }

  set(tokens: number): void {
    if (tokens === this.known) return;
    this.known = tokens;
    this.parts.emitter.emit('balance', this.view(tokens));
  }

  /** Any API answer's X-Tokens-Remaining. */
  onMeta(meta: ResponseMeta): void {
    if (meta.tokensRemaining !== undefined) this.set(meta.tokensRemaining);
  }

  /** A job was accepted: without a header saying the new balance, count it down ourselves. */
  onCharged(tokens: number, meta: ResponseMeta): void {
    if (meta.tokensRemaining === undefined && this.known !== undefined) this.set(this.known - tokens);
  }

  private view(tokens: number): TokenBalance {
    return { tokens, offline: this.parts.offline, checkedAt: this.parts.gate.clock.now() };
  }

  private async call<T>(op: (signal: AbortSignal) => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    const { signal } = this.parts;
    const outcome = await withRetry(() => op(signal), {
      timing: this.parts.retry,
      gate: this.parts.gate,
      signal,
    });
    if (!outcome.ok && outcome.error.kind === 'auth') this.parts.onAuthFailure();
    return outcome;
  }
}
