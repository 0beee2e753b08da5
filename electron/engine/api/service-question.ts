// One question to the service outside a batch (the balance, the format table, "does this key
// work?"), through the API client and the retry policy, with the client closed afterwards.
// The desktop's "verify before saving", `ifc login`, `ifc balance` and `ifc formats` all ask
// here, so a key is checked one way everywhere. Its retries (and a Retry-After) wait on the
// clock handed in: the system's, or one a test moves.
import { type Clock, systemClock } from '../../../shared/clock.ts';
import type { FormatsInfo } from '../../../shared/formats.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import { type Account, ApiClient, type ApiResult } from './api-client.ts';
import { toFailure } from './api-errors.ts';
import type { ProxySetting } from './network.ts';
import { RateGate } from './rate-gate.ts';
import { DEFAULT_RETRY, withRetry } from './retry-policy.ts';

export interface ServiceAddress {
  url: string;
  key: string;
  /** As the engine would go (network.ts); default: the proxy environment variables. */
  proxy?: ProxySetting;
}

async function ask<T>(
  address: ServiceAddress,
  question: (client: ApiClient) => Promise<ApiResult<T>>,
  clock: Clock,
): Promise<Result<T>> {
  const gate = new RateGate(clock);
  const client = new ApiClient({
    url: address.url,
    key: address.key,
    gate,
    ...(address.proxy ? { proxy: address.proxy } : {}),
  });
  try {
    const answer = await withRetry(() => question(client), { timing: DEFAULT_RETRY, gate });
    return answer.ok ? ok(answer.value) : fail(toFailure(answer.error));
  } finally {
    await client.close();
  }
}

/** The account behind a key: a wrong key answers with `auth_failed`, so this is also the key check. */
export const askAccount = (address: ServiceAddress, clock: Clock = systemClock): Promise<Result<Account>> =>
  ask(address, (client) => client.account(), clock);

export const askFormats = (
  address: ServiceAddress,
  clock: Clock = systemClock,
): Promise<Result<FormatsInfo>> => ask(address, (client) => client.formats(), clock);
