// A locked keyring that never answers: the window still opens, says so in one sentence, and
// offers "Try again" and a key for this session only. The keychain's deadline is a clock the
// test passes by hand; the keychain answers only when the test says.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyStore } from '../../electron/engine/storage/keychain.ts';
import { messageFor } from '../../shared/messages.ts';
import { setUpE2eWorld, startApp } from './support/app-harness.ts';
import { expectNoSeriousA11yViolations } from './support/axe.ts';

const world = setUpE2eWorld();

describe('a keychain that never answers', () => {
  it('opens the window with one sentence, "Try again" and a session-only key', async () => {
    const asked: { method: string; answer(value: unknown): void }[] = [];
    const ask = <T>(method: string) =>
      new Promise<T>((resolve) => asked.push({ method, answer: (value) => resolve(value as T) }));
    const keyStore: KeyStore = {
      available: () => ask('available'),
      get: () => ask('get'),
      set: () => ask('set'),
      delete: () => ask('delete'),
    };
    const deadlines: (() => void)[] = [];
    const app = await startApp(world.browser, world.site.url, {
      userDataDir: join(world.home.path, 'userData'),
      keyStore,
      keychainDeadline: () => new Promise<void>((resolve) => deadlines.push(resolve)),
      prepare: async () => {
        // The keychain is being asked; the clock now passes its deadline.
        await expect
          .poll(() => deadlines.length, { message: 'a keychain deadline', timeout: 30_000 })
          .toBeGreaterThan(0);
        for (const pass of deadlines.splice(0)) pass();
      },
    });
    const { page } = app;
    const notice = page.getByTestId('keychain-notice');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toContain(messageFor('keychain_silent'));
    await expectNoSeriousA11yViolations(page, 'keychain notice');

    // "Use a key for this session only": the key field, which keeps it for this session.
    await notice.getByRole('button', { name: 'Use a key for this session only' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('placeholder')), {
        message: 'the key field focused',
        timeout: 30_000,
      })
      .toBe('Paste your key here');
    expect(await page.locator('.onboarding .key-form').textContent()).toContain(
      'kept only until you close the app',
    );

    // "Try again": asked once more; this time it answers (no keychain here), and the sentence goes.
    const before = asked.length;
    await notice.getByRole('button', { name: 'Try again' }).click();
    await expect
      .poll(() => asked.length, { message: 'the keychain asked again', timeout: 30_000 })
      .toBe(before + 1);
    asked.at(-1)!.answer(false);
    await notice.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('heading', { name: 'Welcome to iFileConverter' }).waitFor();
    await app.close();
  });
});
