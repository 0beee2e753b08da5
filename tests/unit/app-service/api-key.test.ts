import { describe, expect, it } from 'vitest';
import { createApiKeys } from '../../../electron/app-service/api-key.ts';
import { createMemoryKeyStore } from '../../../electron/engine/storage/keychain.ts';

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
    const withEnv = createApiKeys(store, { IFC_API_KEY: ' ifc_env_3333 ' });
    expect(await withEnv.resolve(URL_A)).toEqual({ key: 'ifc_env_3333', storage: 'env' });
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
