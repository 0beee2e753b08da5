// Webhooks: when a job ends, POST its Job JSON to the account's webhook and to the job's
// callbackUrl, signed as X-IFC-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>.
import { createHmac } from 'node:crypto';
import type { Clock } from '../../shared/clock.ts';

export function webhookSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const ATTEMPT_GAPS_MS = [0, 1000, 4000];

export class WebhookSender {
  private readonly stop = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly clock: Clock;

  /** The gaps between tries and the signed timestamps are on the server's clock. */
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Sends in the background; a receiver that fails gets two more tries, then polling covers it. */
  send(url: string, secret: string, body: Record<string, unknown>): void {
    const task = this.deliver(url, secret, JSON.stringify(body)).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(url: string, secret: string, rawBody: string): Promise<void> {
    for (const gap of ATTEMPT_GAPS_MS) {
      // The first try goes at once (a clock a test moves would hold even a 0 ms sleep).
      if (gap > 0) await this.clock.sleep(gap, this.stop.signal);
      if (this.stop.signal.aborted) return;
      // A fresh timestamp per attempt keeps retries inside the receiver's 300 s window.
      const timestamp = Math.floor(this.clock.now() / 1000);
      try {
        const response = await fetch(url, {
          method: 'POST',
          body: rawBody,
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(10_000)]),
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'X-IFC-Timestamp': String(timestamp),
            'X-IFC-Signature': webhookSignature(secret, timestamp, rawBody),
          },
        });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // Receiver down or slow: try again after the next gap.
      }
    }
  }
}
