// "Verify before saving": the key is asked about once through the engine (the same check as
// `ifc login`), so a typo never reaches the keychain.
import { isPlausibleKey } from '../../shared/api-key.ts';
import { messageFor } from '../../shared/messages.ts';
import { fail, type Result } from '../../shared/result.ts';
import { askAccount, type ProxySetting } from '../engine/index.ts';

export async function verifyKey(
  url: string,
  key: string,
  proxy?: ProxySetting,
): Promise<Result<{ tokens: number }>> {
  // A paste that cannot be a key (a stray "€", a non-breaking space) is never sent: no header
  // can carry it, and the person would hear "network" after a run of retries.
  if (!isPlausibleKey(key)) return fail({ code: 'invalid_api_key', message: messageFor('invalid_api_key') });
  const answer = await askAccount({ url, key, ...(proxy ? { proxy } : {}) });
  return answer.ok ? { ok: true, value: { tokens: answer.value.tokens } } : answer;
}
