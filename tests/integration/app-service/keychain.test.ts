// The API key in the real OS keychain. On Linux this needs a Secret Service on the session
// bus; CI runs the tests inside `dbus-run-session` with an unlocked gnome-keyring. Locally:
//   dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets \
//     >/dev/null; npx vitest run tests/integration/app-service/keychain.test.ts'
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../shared/messages.ts';
import { createKeychainStore, KeychainUnavailableError } from '../../../electron/engine/storage/keychain.ts';
import { createApiKeys } from '../../../electron/app-service/api-key.ts';

const run = promisify(execFile);
// A service name of its own, so the tests never touch a real user's saved key.
const SERVICE = `iFileConverter Desktop (test ${process.pid})`;
const ACCOUNT = 'https://api.example.test';
const OTHER_ACCOUNT = 'http://127.0.0.1:4010';
const store = createKeychainStore(SERVICE);
const keychainReachable = await store.available();
// A skip must say why in its name: it is never a pass.
const needsKeychain = keychainReachable ? '' : ' [skipped: no Secret Service on the session bus]';

afterAll(async () => {
  if (!keychainReachable) return;
  await store.delete(ACCOUNT).catch(() => undefined);
  await store.delete(OTHER_ACCOUNT).catch(() => undefined);
});

describe('API key in the OS keychain', () => {
  it.skipIf(!keychainReachable)(`sets, reads, replaces and deletes a key${needsKeychain}`, async () => {
    expect(await store.get(ACCOUNT)).toBeUndefined();
    await store.set(ACCOUNT, 'ifc_live_first_1111');
    expect(await store.get(ACCOUNT)).toBe('ifc_live_first_1111');
    await store.set(ACCOUNT, 'ifc_live_second_2222');
    expect(await store.get(ACCOUNT)).toBe('ifc_live_second_2222');
    // One entry per endpoint: another URL has its own key.
    expect(await store.get(OTHER_ACCOUNT)).toBeUndefined();
    expect(await store.delete(ACCOUNT)).toBe(true);
    expect(await store.get(ACCOUNT)).toBeUndefined();
    expect(await store.delete(ACCOUNT)).toBe(false);
  });

  it.skipIf(!keychainReachable)(
    `keeps a saved key for the next start and shows only its last 4 characters${needsKeychain}`,
    async () => {
      const first = createApiKeys(store, {});
      const saved = await first.save(OTHER_ACCOUNT, 'ifc_live_abcdefgh9876', false);
      expect(saved).toEqual({
        ok: true,
        value: { set: true, last4: '9876', storage: 'keychain', keychainAvailable: true },
      });
      // A new process reads it from the keychain, not from anything this one remembers.
      const later = createApiKeys(createKeychainStore(SERVICE), {});
      expect(await later.resolve(OTHER_ACCOUNT)).toEqual({
        key: 'ifc_live_abcdefgh9876',
        storage: 'keychain',
      });
      expect(await later.status(OTHER_ACCOUNT)).toEqual(saved.ok && saved.value);
      expect((await later.remove(OTHER_ACCOUNT)).ok).toBe(true);
      expect(await store.get(OTHER_ACCOUNT)).toBeUndefined();
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'says plainly that no keychain is reachable and offers the session-only key, writing nothing to disk',
    async () => {
      const probe = join(import.meta.dirname, 'keychain-probe.ts');
      const { stdout } = await run(process.execPath, [probe, SERVICE], {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/ifc-test-bus' },
        timeout: 30_000,
      });
      const report = JSON.parse(stdout);
      const unavailable = new KeychainUnavailableError('x').code;
      expect(report.available).toBe(false);
      // A read must fail too: "nothing stored" would hide that the keychain is missing.
      expect(report.get).toEqual({ error: unavailable });
      expect(report.set).toEqual({ error: unavailable });
      expect(report.delete).toEqual({ error: unavailable });
      expect(report.snapshotKey).toEqual({ set: false, keychainAvailable: false });
      expect(report.save).toEqual({
        ok: false,
        error: {
          code: 'keychain_unavailable',
          // The window's own words (no environment variable names): the app speaks to the window.
          message: MESSAGES.keychain_unavailable_window,
          details: expect.any(Object),
        },
      });
      expect(report.session.ok).toBe(true);
      expect(report.session.value).toMatchObject({ set: true, storage: 'session', keychainAvailable: false });
      expect(report.keyWrittenToDisk).toBe(false);
    },
  );
});
