// The one account of this server: its key, token balance and webhook. Tokens move only here.
import { randomBytes } from 'node:crypto';

export class Account {
  readonly key: string;
  private tokens: number;
  /** Signs webhook bodies; replaced when a webhook is registered. */
  webhookSecret = randomBytes(32).toString('hex');
  webhookUrl: string | undefined;

  constructor(key: string, tokens: number) {
    this.key = key;
    this.tokens = Math.max(0, Math.floor(tokens));
  }

  balance(): number {
    return this.tokens;
  }

  setTokens(n: number): void {
    this.tokens = Math.max(0, Math.floor(n));
  }

  /** Takes `cost` tokens if the balance holds them. */
  charge(cost: number): boolean {
    if (cost > this.tokens) return false;
    this.tokens -= cost;
    return true;
  }

  refund(amount: number): void {
    this.tokens += amount;
  }

  registerWebhook(url: string): { url: string; secret: string } {
    this.webhookUrl = url;
    this.webhookSecret = randomBytes(32).toString('hex');
    return { url, secret: this.webhookSecret };
  }
}
