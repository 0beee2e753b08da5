import { describe, expect, it, vi } from 'vitest';
import { createApiKeys } from '../../../electron/app-service/api-key.ts';
import { createMemoryKeyStore, type KeyStore } from '../../../electron/engine/storage/keychain.ts';
import { DEFAULT_CLOUD_URL } from '../../../electron/engine/storage/settings.ts';

const URL_A = 'https://api.example.test';
const URL_B = 'http://127.0.0.1:9999';

describe('API key precedence and status', () => {
  it('keeps one key per endpoint in the keychain and shows only its last 4 characters', async () => {
    const store = createMemoryKeyStore();
    const keys = createApiKeys(store, {});
    expect(await keys.status(URL_A)).toEqual({ set: false, keychainAvailable: true });
    const saved = await keys.save(URL_A, 'ifc_live_abcdef1234', false);
    expect(saved).toEqual({
      ok: true,
      value: { set: true, last4: '1234', storage: 'keychain', keychainAvailable: true },
    });
    expect(await store.get(URL_A)).toBe('ifc_live_abcdef1234');
    expect((await keys.status(URL_B)).set).toBe(false);
    expect(JSON.stringify(await keys.status(URL_A))).not.toContain('abcdef');
  });

  it('prefers IFC_API_KEY, then a session key, then the keychain', async () => {
    const store = createMemoryKeyStore();
    await store.set(URL_A, 'ifc_keychain_1111');
    const keys = createApiKeys(store, {});
    expect(await keys.resolve(URL_A)).toEqual({ key: 'ifc_keychain_1111', storage: 'keychain' });
    await keys.save(URL_A, 'ifc_session_2222', true);
    expect(await keys.resolve(URL_A)).toEqual({ key: 'ifc_session_2222', storage: 'session' });
    expect(await store.get(URL_A)).toBe('ifc_keychain_1111');
    // IFC_API_KEY belongs to the service IFC_API_URL names (or the standard one) only.
    const withEnv = createApiKeys(store, { IFC_API_KEY: ' ifc_env_3333 ', IFC_API_URL: `${URL_A}/` });
    expect(await withEnv.resolve(URL_A)).toEqual({ key: 'ifc_env_3333', storage: 'env' });
  });

  it('never sends IFC_API_KEY to an address the window or a settings file chose', async () => {
    const keys = createApiKeys(createMemoryKeyStore(), { IFC_API_KEY: 'ifc_env_3333' });
    expect(await keys.resolve(DEFAULT_CLOUD_URL)).toEqual({ key: 'ifc_env_3333', storage: 'env' });
    expect(await keys.resolve(URL_A)).toBeUndefined();
    expect(await keys.resolve('https://attacker.example')).toBeUndefined();
    // IFC_API_URL itself must be https (or loopback) for the key to follow it.
    const plain = createApiKeys(createMemoryKeyStore(), {
      IFC_API_KEY: 'ifc_env_3333',
      IFC_API_URL: 'http://api.example.test',
    });
    expect(await plain.resolve('http://api.example.test')).toBeUndefined();
    const local = createApiKeys(createMemoryKeyStore(), { IFC_API_KEY: 'ifc_env_3333', IFC_API_URL: URL_B });
    expect(await local.resolve(URL_B)).toEqual({ key: 'ifc_env_3333', storage: 'env' });
  });

  it('refuses to store without a keychain instead of writing the key anywhere else', async () => {
    const keys = createApiKeys(createMemoryKeyStore(false), {});
    const refused = await keys.save(URL_A, 'ifc_live_abcdef1234', false);
    expect(refused).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    expect(await keys.status(URL_A)).toEqual({ set: false, keychainAvailable: false });
    const session = await keys.save(URL_A, 'ifc_live_abcdef1234', true);
    expect(session.ok && session.value).toEqual({
      set: true,
      last4: '1234',
      storage: 'session',
      keychainAvailable: false,
    });
  });

  it('removes the key from the keychain and the session', async () => {
    const store = createMemoryKeyStore();
    const keys = createApiKeys(store, {});
    await keys.save(URL_A, 'ifc_live_abcdef1234', false);
    await keys.save(URL_A, 'ifc_session_5555', true);
    const removed = await keys.remove(URL_A);
    expect(removed).toEqual({ ok: true, value: { set: false, keychainAvailable: true } });
    expect(await store.get(URL_A)).toBeUndefined();
  });
});

describe('a keychain that never answers', () => {
  const never = <T>() => new Promise<T>(() => undefined);
  const silentStore: KeyStore = { available: never, get: never, set: never, delete: never };
  /** Deadlines the test passes by hand (no real wait). */
  function handClock() {
    const pending: (() => void)[] = [];
    return {
      deadline: () => new Promise<void>((resolve) => pending.push(resolve)),
      async passAll() {
        await vi.waitFor(() => expect(pending.length).toBeGreaterThan(0));
        for (const pass of pending.splice(0)) pass();
      },
    };
  }

  it('gives up at the deadline, says so once, and keeps a session-only key without asking it', async () => {
    const clock = handClock();
    const keys = createApiKeys(silentStore, {}, { keychainDeadline: clock.deadline });
    const status = keys.status(URL_A);
    await clock.passAll();
    expect(await status).toEqual({ set: false, keychainAvailable: false, problem: 'keychain_silent' });
    // Later calls do not queue behind the silent keychain.
    expect(await keys.status(URL_A)).toMatchObject({ problem: 'keychain_silent' });
    const session = await keys.save(URL_A, 'ifc_session_7777', true);
    expect(session).toEqual({
      ok: true,
      value: { set: true, last4: '7777', storage: 'session', keychainAvailable: false },
    });
  });

  it('refuses to store in a silent keychain with its own sentence', async () => {
    const clock = handClock();
    const keys = createApiKeys(silentStore, {}, { keychainDeadline: clock.deadline });
    const saving = keys.save(URL_A, 'ifc_live_abcdef1234', false);
    await clock.passAll();
    expect(await saving).toMatchObject({ ok: false, error: { code: 'keychain_silent' } });
  });

  it('reports a keychain that refuses to read as keychain_error, until "Try again"', async () => {
    const store = createMemoryKeyStore();
    await store.set(URL_A, 'ifc_live_abcdef1234');
    let refuse = true;
    const keys = createApiKeys(
      {
        ...store,
        get: (account) => (refuse ? Promise.reject(new Error('locked')) : store.get(account)),
      },
      {},
    );
    expect(await keys.status(URL_A)).toEqual({
      set: false,
      keychainAvailable: true,
      problem: 'keychain_error',
    });
    refuse = false;
    keys.retry();
    expect(await keys.status(URL_A)).toMatchObject({ set: true, last4: '1234', storage: 'keychain' });
  });
});
