// Which API key the app uses and where it lives. Precedence: IFC_API_KEY from the environment,
// then a key given for this session only, then the OS keychain (one entry per endpoint URL).
// The window only ever learns KeyStatus: set or not, the last 4 characters, and where it is.
import type { KeyStatus } from '../../shared/ipc/contract.ts';
import { messageFor } from '../../shared/messages.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { KeychainUnavailableError, type KeyStore } from '../engine/index.ts';

export interface ApiKeys {
  /** The key to use for `account` (an endpoint URL), if any. */
  resolve(account: string): Promise<{ key: string; storage: NonNullable<KeyStatus['storage']> } | undefined>;
  status(account: string): Promise<KeyStatus>;
  /** Stores an already verified key: in the keychain, or for this session only if asked. */
  save(account: string, key: string, sessionOnly: boolean): Promise<Result<KeyStatus>>;
  remove(account: string): Promise<Result<KeyStatus>>;
}

export function last4(key: string): string {
  return key.slice(-4);
}

function keychainFailure(error: unknown) {
  const code = error instanceof KeychainUnavailableError ? 'keychain_unavailable' : 'keychain_error';
  return fail({
    code,
    message: messageFor(code),
    details: { reason: error instanceof Error ? error.message : String(error) },
  });
}

export function createApiKeys(keyStore: KeyStore, env: NodeJS.ProcessEnv): ApiKeys {
  const sessionKeys = new Map<string, string>();
  // Keychain reads can be slow (D-Bus, a locked login keychain): read each account once.
  const stored = new Map<string, string | undefined>();
  let keychainAvailable: boolean | undefined;

  async function isAvailable(): Promise<boolean> {
    keychainAvailable ??= await keyStore.available().catch(() => false);
    return keychainAvailable;
  }

  async function fromKeychain(account: string): Promise<string | undefined> {
    if (stored.has(account)) return stored.get(account);
    if (!(await isAvailable())) return undefined;
    try {
      const key = await keyStore.get(account);
      stored.set(account, key);
      return key;
    } catch {
      return undefined;
    }
  }

  async function resolve(account: string) {
    const fromEnv = env.IFC_API_KEY?.trim();
    if (fromEnv) return { key: fromEnv, storage: 'env' as const };
    const session = sessionKeys.get(account);
    if (session) return { key: session, storage: 'session' as const };
    const key = await fromKeychain(account);
    return key ? { key, storage: 'keychain' as const } : undefined;
  }

  async function status(account: string): Promise<KeyStatus> {
    const found = await resolve(account);
    const available = await isAvailable();
    if (!found) return { set: false, keychainAvailable: available };
    return { set: true, last4: last4(found.key), storage: found.storage, keychainAvailable: available };
  }

  return {
    resolve,
    status,
    async save(account, key, sessionOnly) {
      if (sessionOnly) {
        sessionKeys.set(account, key);
        return ok(await status(account));
      }
      // Never a silent fallback: without a keychain the person must choose "this session only".
      keychainAvailable = await keyStore.available().catch(() => false);
      if (!keychainAvailable) return keychainFailure(new KeychainUnavailableError('no keychain'));
      try {
        await keyStore.set(account, key);
      } catch (error) {
        return keychainFailure(error);
      }
      stored.set(account, key);
      sessionKeys.delete(account);
      return ok(await status(account));
    },
    async remove(account) {
      sessionKeys.delete(account);
      if (await isAvailable()) {
        try {
          await keyStore.delete(account);
        } catch (error) {
          return keychainFailure(error);
        }
      }
      stored.set(account, undefined);
      return ok(await status(account));
    },
  };
}
