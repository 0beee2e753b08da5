// "Verify before saving": one GET /api/account with the candidate key, through the engine's
// API client (the one module that knows the wire format), so a typo never reaches the keychain.
import { fail, ok, type Result } from '../../../shared/result.ts';
import { ApiClient } from '../api-client.ts';
import { toFailure } from '../api-errors.ts';
import { RateGate } from '../rate-gate.ts';

export async function verifyKey(url: string, key: string): Promise<Result<{ tokens: number }>> {
  const client = new ApiClient({ url, key, gate: new RateGate() });
  try {
    const answer = await client.account();
    return answer.ok ? ok({ tokens: answer.value.tokens }) : fail(toFailure(answer.error));
  } finally {
    await client.close();
  }
}
