// The API key in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on
// Linux) through @napi-rs/keyring: service "iFileConverter Desktop", one account per endpoint
// URL. There is deliberately no file fallback: where no keychain answers, callers say so and
// offer a session-only key instead.

// The native module loads on first use, not on import: `ifc convert --endpoint local` and a
// start with IFC_API_KEY never pay for it, and importing the engine index stays cheap.
let keyring: Promise<typeof import('@napi-rs/keyring')> | undefined;
const loadKeyring = () => {
  keyring ??= import('@napi-rs/keyring');
  return keyring;
};

export const KEYCHAIN_SERVICE = 'iFileConverter Desktop';

/** Where keys are kept; the app service takes any implementation (tests use a memory one). */
export interface KeyStore {
  available(): Promise<boolean>;
  get(account: string): Promise<string | undefined>;
  set(account: string, key: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Thrown by the keychain store so the caller can tell "no keychain" from other failures. */
export class KeychainUnavailableError extends Error {
  readonly code = 'keychain_unavailable';
}

export function createKeychainStore(service: string = KEYCHAIN_SERVICE): KeyStore {
  // Listing our own service's items touches the platform store without writing anything; on
  // Linux it fails at once when no Secret Service is on the session bus. A plain read cannot
  // be used for this: with no Secret Service it answers "nothing stored" instead of failing.
  async function available(): Promise<boolean> {
    try {
      const { findCredentialsAsync } = await loadKeyring();
      await findCredentialsAsync(service);
      return true;
    } catch {
      return false;
    }
  }
  async function requireKeychain(): Promise<void> {
    if (!(await available())) throw new KeychainUnavailableError('no system keychain is reachable');
  }
  return {
    available,
    async get(account) {
      await requireKeychain();
      const { AsyncEntry } = await loadKeyring();
      return (await new AsyncEntry(service, account).getPassword()) ?? undefined;
    },
    async set(account, key) {
      await requireKeychain();
      const { AsyncEntry } = await loadKeyring();
      await new AsyncEntry(service, account).setPassword(key);
    },
    async delete(account) {
      await requireKeychain();
      const { AsyncEntry } = await loadKeyring();
      return new AsyncEntry(service, account).deletePassword();
    },
  };
}

/** A store that keeps keys in memory only: for tests, and where a person opts out. */
export function createMemoryKeyStore(isAvailable = true): KeyStore {
  const keys = new Map<string, string>();
  const guard = () => {
    if (!isAvailable) throw new KeychainUnavailableError('no system keychain is reachable');
  };
  return {
    available: async () => isAvailable,
    async get(account) {
      guard();
      return keys.get(account);
    },
    async set(account, key) {
      guard();
      keys.set(account, key);
    },
    async delete(account) {
      guard();
      return keys.delete(account);
    },
  };
}
