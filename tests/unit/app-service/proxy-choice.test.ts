// The desktop's proxy choice as the engine's setting: a sign-in typed into the proxy address
// goes to the key store and never into the saved settings, and comes back when the engine
// starts; "none", "system" (Electron's answer, or the environment without Electron) and an
// address that is not one. The engine's in-memory key store stands in for the OS keychain
// (the keychain itself has its own tests).
import { describe, expect, it } from 'vitest';
import { keepProxyCredentials, proxySettingFor } from '../../../electron/app-service/proxy-choice.ts';
import { createMemoryKeyStore, defaultSettings } from '../../../electron/engine/index.ts';

const withProxy = (proxy: ReturnType<typeof defaultSettings>['proxy']) => ({ ...defaultSettings(), proxy });

describe('the desktop proxy choice', () => {
  it('saves a proxy address without its sign-in, which goes to the key store, and puts it back for the engine', async () => {
    const keys = createMemoryKeyStore();
    const saved = await keepProxyCredentials(
      withProxy({ kind: 'url', url: 'http://ana:s3cret@proxy.corp:3128' }),
      keys,
    );
    expect(saved.proxy).toEqual({ kind: 'url', url: 'http://proxy.corp:3128/' });
    expect(JSON.stringify(saved)).not.toContain('s3cret');
    expect(await keys.get('proxy:http://proxy.corp:3128')).toBe('ana:s3cret');

    const setting = await proxySettingFor(saved, keys, undefined);
    expect(setting).toEqual({ kind: 'url', url: 'http://ana:s3cret@proxy.corp:3128/' });
  });

  it('keeps the sign-in out of the file even when the key store cannot take it', async () => {
    const saved = await keepProxyCredentials(
      withProxy({ kind: 'url', url: 'proxy.corp:3128' }),
      createMemoryKeyStore(false),
    );
    expect(saved.proxy).toEqual({ kind: 'url', url: 'http://proxy.corp:3128/' });
    const signedIn = await keepProxyCredentials(
      withProxy({ kind: 'url', url: 'http://ana:pw@proxy.corp:3128' }),
      createMemoryKeyStore(false),
    );
    expect(JSON.stringify(signedIn)).not.toContain('pw@');
  });

  it('answers none, system or the environment, and none for an address that is not one', async () => {
    const keys = createMemoryKeyStore();
    expect(await proxySettingFor(withProxy({ kind: 'none' }), keys, undefined)).toEqual({ kind: 'none' });
    const resolve = async () => 'DIRECT';
    expect(await proxySettingFor(withProxy({ kind: 'system' }), keys, resolve)).toEqual({
      kind: 'system',
      resolve,
    });
    expect(await proxySettingFor(withProxy({ kind: 'system' }), keys, undefined)).toEqual({ kind: 'env' });
    expect(
      await proxySettingFor(withProxy({ kind: 'url', url: 'ftp://proxy.corp' }), keys, undefined),
    ).toEqual({
      kind: 'none',
    });
    expect(
      await proxySettingFor(withProxy({ kind: 'url', url: 'socks5://proxy.corp:1080' }), keys, undefined),
    ).toEqual({
      kind: 'url',
      url: 'socks5://proxy.corp:1080',
    });
  });
});
