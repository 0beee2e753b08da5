// Launches the built app in a real Electron through Playwright and checks the window, its
// hardened preferences, the preload API and the tray. Needs an Electron binary (node_modules/
// electron/dist) and a display; where there is no binary the test reports itself skipped.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The Electron executable, found the way the `electron` package finds it, without its
 *  download-on-demand (there is no network here). */
function electronBinary(): string | undefined {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const binary = join(dist, readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const needsBinary = binary ? '' : ' [skipped: no Electron binary]';

describe('desktop app in Electron (smoke)', () => {
  it.skipIf(!binary)(`opens one hardened window with window.api and a tray${needsBinary}`, async () => {
    expect(existsSync(join(root, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(true);
    const userData = await mkdtemp(join(tmpdir(), 'ifc-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      // Root (CI containers) cannot use Chromium's setuid sandbox; the renderer sandbox stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      env: { ...process.env, IFC_DESKTOP_USER_DATA: userData, IFC_DESKTOP_TEST: '1' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('iFileConverter Desktop');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // The hardened preferences, as the page feels them: no Node, no opener, no navigation.
      const pageFacts = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        apiFrozen: Object.isFrozen((globalThis as unknown as { api: object }).api),
        snapshot: typeof (globalThis as unknown as { api: Record<string, unknown> }).api['app:snapshot'],
        opened:
          (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null,
      }));
      expect(pageFacts).toEqual({
        require: 'undefined',
        process: 'undefined',
        apiFrozen: true,
        snapshot: 'function',
        opened: true,
      });
      // A navigation away is refused by main's guard (window-guards.ts). The test waits for the
      // positive event, main's decision, instead of waiting out time: a listener added now runs
      // after the guard (listeners run in the order they were added), so it reads whether the
      // guard called preventDefault on this very navigation. If the guard let it through, the
      // check fails instead of passing on a navigation that had not committed yet.
      const before = page.url();
      await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0]!.webContents;
        (globalThis as { ifcNavigationDecided?: Promise<unknown> }).ifcNavigationDecided = new Promise(
          (resolve) => {
            contents.once('will-navigate', (event) =>
              resolve({ url: event.url, refused: event.defaultPrevented }),
            );
          },
        );
      });
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      const decided = await app.evaluate(
        () => (globalThis as { ifcNavigationDecided?: Promise<unknown> }).ifcNavigationDecided,
      );
      expect(decided).toEqual({ url: 'https://example.com/', refused: true });
      expect(page.url()).toBe(before);
      const snapshot = await page.evaluate(() =>
        (globalThis as unknown as { api: Record<string, (input: object) => Promise<unknown>> }).api[
          'app:snapshot'
        ]!({}),
      );
      expect(snapshot).toMatchObject({ ok: true, value: { version: expect.any(String) } });
      const tray = await app.evaluate(() => {
        const found = (globalThis as { ifcTray?: { tooltip(): string } }).ifcTray;
        return found ? found.tooltip() : undefined;
      });
      expect(tray).toBe('iFileConverter Desktop');
      // Closing the window keeps the app in the tray.
      await page.close();
      expect(await app.evaluate(({ app: electronApp }) => electronApp.isReady())).toBe(true);
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
