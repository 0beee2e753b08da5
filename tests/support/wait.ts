// The one way a test waits for something to happen: a positive event, looked for often, with a
// timeout that names what was awaited (a safety net for a broken build, never a measure of
// speed: how fast things go is `npm run bench`'s business).
import type { EngineTiming } from '../../electron/engine/index.ts';

/** Resolves with the probe's first truthy value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what = 'the condition',
  // Generous: two test files run side by side on two cores, so a slow moment is not a hang.
  timeoutMs = 45_000,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Short polls and retries for an engine under test: the same figures in every suite. */
export const FAST_ENGINE_TIMING = {
  poll: { firstMs: 50, maxMs: 200 },
  retry: { backoffBaseMs: 20 },
} as const satisfies EngineTiming;
