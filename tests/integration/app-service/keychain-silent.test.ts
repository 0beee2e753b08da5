// A keychain that never answers (a locked keyring waiting on a prompt nobody sees): the app
// service starts without waiting for it, the window's first snapshot comes once the keychain's
// deadline passes, and the person can retry or go on with a session-only key. The deadline is
// a clock the test moves by hand: no real wait anywhere.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyStore } from '../../../electron/engine/storage/keychain.ts';
import { startService, tempDir } from './app-service-harness.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

/** Keychain calls that stay unanswered until the test answers them. */
function silentKeychain() {
  const waiting: { method: string; answer(value: unknown): void }[] = [];
  const ask = <T>(method: string) =>
    new Promise<T>((resolve) => waiting.push({ method, answer: (value) => resolve(value as T) }));
  const store: KeyStore = {
    available: () => ask('available'),
    get: () => ask('get'),
    set: () => ask('set'),
    delete: () => ask('delete'),
  };
  return { store, waiting };
}

/** Deadlines that pass only when the test says so. */
function handClock() {
  const pending: (() => void)[] = [];
  return {
    deadline: (signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        pending.push(resolve);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    pending: () => pending.length,
    passAll() {
      for (const pass of pending.splice(0)) pass();
    },
  };
}

const cleanups = cleanupsAfterEach();

async function world() {
  const home = await tempDir();
  cleanups.push(home.remove);
  const userData = join(home.path, 'userData');
  await mkdir(userData);
  const keychain = silentKeychain();
  const clock = handClock();
  // Resolves although the keychain never answers and no deadline has passed: the start did
  // not wait on it.
  const started = await startService(userData, {
    keyStore: keychain.store,
    keychainDeadline: clock.deadline,
  });
  cleanups.push(() => started.service.close());
  return { ...started, keychain, clock };
}

async function settle<T>(promise: Promise<T>): Promise<{ done: boolean; value?: T }> {
  const marker = Symbol('pending');
  // One macrotask turn: enough for everything not waiting on the keychain or the clock.
  const value = await Promise.race([promise, new Promise((resolve) => setImmediate(() => resolve(marker)))]);
  return value === marker ? { done: false } : { done: true, value: value as T };
}

describe('a keychain that never answers', () => {
  it('starts the service at once; the first snapshot comes when the deadline passes, with one sentence', async () => {
    const { service, keychain, clock } = await world();
    await expect
      .poll(() => keychain.waiting.length, { message: 'the keychain to be asked', timeout: 30_000 })
      .toBe(1);
    const snapshot = service.handlers['app:snapshot']({});
    expect((await settle(snapshot)).done).toBe(false);
    await expect
      .poll(() => clock.pending(), { message: 'a deadline on the keychain call', timeout: 30_000 })
      .toBeGreaterThan(0);
    clock.passAll();
    const first = await snapshot;
    expect(first.ok && first.value.key).toEqual({
      set: false,
      keychainAvailable: false,
      problem: 'keychain_silent',
    });
    // Things that need no key do not wait at all.
    expect(service.trayState()).toMatchObject({ running: 0, paused: false });
  });

  it('converting on this computer needs no key: it works while the keychain stays silent', async () => {
    const { service, clock } = await world();
    await expect
      .poll(() => clock.pending(), { message: 'a deadline on the keychain call', timeout: 30_000 })
      .toBeGreaterThan(0);
    clock.passAll();
    await service.handlers['app:snapshot']({});
    const offline = await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
    expect(offline.ok).toBe(true);
    const status = await service.handlers['app:snapshot']({});
    expect(status.ok && status.value.engine.needsKey).toBe(false);
    expect(status.ok && status.value.key.problem).toBe('keychain_silent');
  });

  it('"Try again" asks the keychain once more and takes its answer', async () => {
    const { service, keychain, clock } = await world();
    await expect
      .poll(() => clock.pending(), { message: 'a deadline on the keychain call', timeout: 30_000 })
      .toBeGreaterThan(0);
    clock.passAll();
    await service.handlers['app:snapshot']({});
    const asked = keychain.waiting.length;
    const retried = service.handlers['key:retry']({});
    await expect
      .poll(() => keychain.waiting.length, { message: 'a second keychain call', timeout: 30_000 })
      .toBe(asked + 1);
    keychain.waiting.at(-1)!.answer(true); // available: yes
    await expect
      .poll(() => keychain.waiting.at(-1)?.method, { message: 'the key read', timeout: 30_000 })
      .toBe('get');
    keychain.waiting.at(-1)!.answer('ifc_live_from_keychain_9876');
    const status = await retried;
    expect(status).toEqual({
      ok: true,
      value: { set: true, last4: '9876', storage: 'keychain', keychainAvailable: true },
    });
  });

  it('takes a late answer (the person unlocked the keyring) and tells the window', async () => {
    const { keychain, clock, recorded } = await world();
    await expect
      .poll(() => clock.pending(), { message: 'a deadline on the keychain call', timeout: 30_000 })
      .toBeGreaterThan(0);
    clock.passAll();
    keychain.waiting[0]!.answer(true);
    await expect
      .poll(() => keychain.waiting.at(-1)?.method, { message: 'the key read', timeout: 30_000 })
      .toBe('get');
    await expect
      .poll(() => clock.pending(), { message: 'a deadline on the key read', timeout: 30_000 })
      .toBeGreaterThan(0);
    keychain.waiting.at(-1)!.answer('ifc_live_unlocked_4321');
    await expect
      .poll(
        () =>
          recorded.events.some(
            (event) => event.name === 'key:changed' && (event.payload as { set: boolean }).set,
          ),
        {
          message: 'key:changed with the key found',
          timeout: 30_000,
        },
      )
      .toBe(true);
  });
});
