// Which API key the app uses and where it lives. Precedence: IFC_API_KEY from the environment,
// then a key given for this session only, then the OS keychain (one entry per endpoint URL).
// The window only ever learns KeyStatus: set or not, the last 4 characters, and where it is.
//
// The keychain may never answer (a locked keyring waiting for a prompt nobody sees, a stuck
// D-Bus service). Every call to it therefore has a deadline: past it the app goes on without
// the key, says so once ('keychain_silent'), and offers "Try again" and a session-only key. A
// late answer is still taken (the person unlocked the keyring) and reported through onLateAnswer.
import { setTimeout as sleep } from 'node:timers/promises';
import { checkEndpointUrl, normalizeEndpointUrl } from '../../shared/endpoint-url.ts';
import type { KeyStatus } from '../../shared/ipc/contract.ts';
import { messageFor } from '../../shared/messages.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { DEFAULT_CLOUD_URL, KeychainUnavailableError, type KeyStore } from '../engine/index.ts';

/** Same as `ifc`: how long one keychain call may take before the app stops waiting. */
export const KEYCHAIN_TIMEOUT_MS = 5000;

export interface ApiKeys {
  /** The key to use for `account` (an endpoint URL), if any. */
  resolve(account: string): Promise<{ key: string; storage: NonNullable<KeyStatus['storage']> } | undefined>;
  status(account: string): Promise<KeyStatus>;
  /** Stores an already verified key: in the keychain, or for this session only if asked. */
  save(account: string, key: string, sessionOnly: boolean): Promise<Result<KeyStatus>>;
  remove(account: string): Promise<Result<KeyStatus>>;
  /** "Try again": forgets what the keychain said (or did not say) so the next read asks again. */
  retry(): void;
  /** Why the keychain could not be read, while that lasts. */
  problem(): KeyStatus['problem'];
}

export interface ApiKeysOptions {
  /** Resolves when one keychain call has waited long enough; the signal aborts it once the call
   *  answered. Default: KEYCHAIN_TIMEOUT_MS. Tests pass a deadline they resolve themselves. */
  keychainDeadline?: (signal: AbortSignal) => Promise<void>;
  /** A keychain answer arrived after its deadline: statuses may have changed. */
  onLateAnswer?: () => void;
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

const silentFailure = () => fail({ code: 'keychain_silent', message: messageFor('keychain_silent') });

/** IFC_API_KEY belongs to the standard service, or to the service IFC_API_URL names; a key from
 *  the environment never follows an address the window (or a settings file) chose. */
export function envKeyApplies(account: string, env: NodeJS.ProcessEnv): boolean {
  const allowed = [DEFAULT_CLOUD_URL];
  const fromEnv = env.IFC_API_URL?.trim();
  if (fromEnv && checkEndpointUrl(fromEnv) === 'ok') allowed.push(fromEnv);
  return allowed.map(normalizeEndpointUrl).includes(normalizeEndpointUrl(account));
}

const defaultDeadline = (signal: AbortSignal) => sleep(KEYCHAIN_TIMEOUT_MS, undefined, { signal });

type Answer<T> = { answered: true; value: T } | { answered: false };

export function createApiKeys(
  keyStore: KeyStore,
  env: NodeJS.ProcessEnv,
  options: ApiKeysOptions = {},
): ApiKeys {
  const deadline = options.keychainDeadline ?? defaultDeadline;
  const sessionKeys = new Map<string, string>();
  // Keychain reads can be slow (D-Bus, a locked login keychain): read each account once.
  const stored = new Map<string, string | undefined>();
  const reading = new Map<string, Promise<string | undefined>>();
  let keychainAvailable: boolean | undefined;
  let availability: Promise<boolean> | undefined;
  let silent = false;
  let failed = false;
  // A retry starts a new generation: late answers to an older one still fill the cache.
  let generation = 0;

  async function withDeadline<T>(work: Promise<T>): Promise<Answer<T>> {
    const abort = new AbortController();
    const timedOut = deadline(abort.signal).then(
      (): Answer<T> => ({ answered: false }),
      (): Answer<T> => ({ answered: false }),
    );
    try {
      return await Promise.race([work.then((value): Answer<T> => ({ answered: true, value })), timedOut]);
    } finally {
      abort.abort();
    }
  }

  function lateAnswer<T>(work: Promise<T>, take: (value: T) => void): void {
    const asked = generation;
    silent = true;
    work.then(
      (value) => {
        if (asked !== generation) return;
        take(value);
        silent = false;
        // Reads that gave up are not waited on again: the next status asks afresh.
        reading.clear();
        options.onLateAnswer?.();
      },
      () => undefined,
    );
  }

  function isAvailable(): Promise<boolean> {
    if (keychainAvailable !== undefined) return Promise.resolve(keychainAvailable);
    if (silent) return Promise.resolve(false);
    availability ??= (async () => {
      const work = keyStore.available().catch(() => false);
      const answer = await withDeadline(work);
      availability = undefined;
      if (!answer.answered) {
        lateAnswer(work, (value) => {
          keychainAvailable = value;
        });
        return false;
      }
      keychainAvailable = answer.value;
      return answer.value;
    })();
    return availability;
  }

  function fromKeychain(account: string): Promise<string | undefined> {
    if (stored.has(account)) return Promise.resolve(stored.get(account));
    const running = reading.get(account);
    if (running) return running;
    // Declared first: the read's own `finally` compares against it.
    let read: Promise<string | undefined> | undefined;
    read = (async () => {
      try {
        if (!(await isAvailable())) return undefined;
        const work = keyStore.get(account);
        const answer = await withDeadline(work);
        if (!answer.answered) {
          lateAnswer(work, (key) => stored.set(account, key));
          return undefined;
        }
        stored.set(account, answer.value);
        return answer.value;
      } catch (error) {
        if (error instanceof KeychainUnavailableError) keychainAvailable = false;
        else failed = true;
        return undefined;
      } finally {
        // A late answer may have started a newer read already; leave that one in place.
        if (reading.get(account) === read) reading.delete(account);
      }
    })();
    reading.set(account, read);
    return read;
  }

  async function resolve(account: string) {
    const fromEnv = env.IFC_API_KEY?.trim();
    if (fromEnv && envKeyApplies(account, env)) return { key: fromEnv, storage: 'env' as const };
    const session = sessionKeys.get(account);
    if (session) return { key: session, storage: 'session' as const };
    const key = await fromKeychain(account);
    return key ? { key, storage: 'keychain' as const } : undefined;
  }

  function problem(): KeyStatus['problem'] {
    if (silent) return 'keychain_silent';
    return failed ? 'keychain_error' : undefined;
  }

  async function status(account: string): Promise<KeyStatus> {
    const found = await resolve(account);
    const available = await isAvailable();
    if (!found) {
      const now = problem();
      return { set: false, keychainAvailable: available, ...(now ? { problem: now } : {}) };
    }
    return { set: true, last4: last4(found.key), storage: found.storage, keychainAvailable: available };
  }

  return {
    resolve,
    status,
    problem,
    retry() {
      generation += 1;
      silent = false;
      failed = false;
      keychainAvailable = undefined;
      availability = undefined;
      reading.clear();
      for (const [account, key] of stored) if (key === undefined) stored.delete(account);
    },
    async save(account, key, sessionOnly) {
      if (sessionOnly) {
        sessionKeys.set(account, key);
        return ok(await status(account));
      }
      // Never a silent fallback: without a keychain the person must choose "this session only".
      const available = await withDeadline(keyStore.available().catch(() => false));
      if (!available.answered) return silentFailure();
      keychainAvailable = available.value;
      if (!keychainAvailable) return keychainFailure(new KeychainUnavailableError('no keychain'));
      try {
        const written = await withDeadline(keyStore.set(account, key));
        if (!written.answered) return silentFailure();
      } catch (error) {
        return keychainFailure(error);
      }
      stored.set(account, key);
      sessionKeys.delete(account);
      silent = false;
      failed = false;
      return ok(await status(account));
    },
    async remove(account) {
      sessionKeys.delete(account);
      if (await isAvailable()) {
        try {
          const removed = await withDeadline(keyStore.delete(account));
          if (!removed.answered) return silentFailure();
        } catch (error) {
          return keychainFailure(error);
        }
      }
      stored.set(account, undefined);
      return ok(await status(account));
    },
  };
}
