// "Verify before saving": the key is asked about once through the engine (the same check as
// `ifc login`), so a typo never reaches the keychain.
import type { Result } from '../../shared/result.ts';
import { askAccount, type ProxySetting } from '../engine/index.ts';

export async function verifyKey(
  url: string,
  key: string,
  proxy?: ProxySetting,
): Promise<Result<{ tokens: number }>> {
  const answer = await askAccount({ url, key, ...(proxy ? { proxy } : {}) });
  return answer.ok ? { ok: true, value: { tokens: answer.value.tokens } } : answer;
}
