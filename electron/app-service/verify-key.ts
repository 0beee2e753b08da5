// "Verify before saving": the key is asked about once through the engine (the same check as
// `ifc login`), so a typo never reaches the keychain.
import type { Result } from '../../shared/result.ts';
import { askAccount } from '../engine/index.ts';

export async function verifyKey(url: string, key: string): Promise<Result<{ tokens: number }>> {
  const answer = await askAccount({ url, key });
  return answer.ok ? { ok: true, value: { tokens: answer.value.tokens } } : answer;
}
