import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { denyAllPermissions, guardWebContents } from '../../../electron/main/window-guards.ts';
import {
  CONTENT_SECURITY_POLICY,
  hardenedWebPreferences,
  isAppUrl,
  mainWindowOptions,
} from '../../../electron/main/window-options.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the main window', () => {
  it('uses the hardened web preferences', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences;
    expect(prefs).toEqual(hardenedWebPreferences('/app/out/preload/index.cjs'));
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('ships the same CSP in the page as main declares, with no network and no inline code', () => {
    const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('recognises only our own origin, ifc://app, never a file: URL', () => {
    expect(isAppUrl('ifc://app/index.html')).toBe(true);
    expect(isAppUrl('ifc://app/assets/index-abc.js')).toBe(true);
    expect(isAppUrl('file:///opt/app/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('ifc://other/index.html')).toBe(false);
    expect(isAppUrl('ifc://user@app/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('https://evil.example/renderer/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('paints an opaque background matching the theme (a transparent one flashes black)', () => {
    expect(mainWindowOptions('/p', undefined, false).backgroundColor).toBe('#f4f6f9');
    expect(mainWindowOptions('/p', undefined, true).backgroundColor).toBe('#0e1116');
    const tokens = readFileSync(join(root, 'renderer', 'src', 'styles', 'tokens.css'), 'utf8');
    expect(tokens).toContain('--bg: light-dark(#f4f6f9, #0e1116)');
  });
});

describe('window guards', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    return {
      listeners,
      open: (url: string) => openHandler?.({ url }),
      on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: (handler: typeof openHandler) => {
        openHandler = handler;
      },
    };
  }
  const fire = (contents: ReturnType<typeof fakeContents>, name: string, url?: string) => {
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.listeners.get(name)?.(event, url);
    return event.prevented;
  };

  it("blocks navigation away from the app, webviews and new windows; only the service's pages open outside", () => {
    const contents = fakeContents();
    const opened: string[] = [];
    guardWebContents(contents as never, (url) => opened.push(url));
    expect(fire(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-navigate', 'ifc://app/index.html')).toBe(false);
    expect(fire(contents, 'will-navigate', 'file:///app/out/renderer/index.html')).toBe(true);
    expect(fire(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire(contents, 'will-attach-webview')).toBe(true);
    expect(contents.open('https://www.ifileconverter.co.uk/pricing')).toEqual({ action: 'deny' });
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(contents.open('https://evil.example/phish')).toEqual({ action: 'deny' });
    expect(contents.open('https://www.ifileconverter.co.uk.evil.example/')).toEqual({ action: 'deny' });
    expect(contents.open('http://www.ifileconverter.co.uk/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.ifileconverter.co.uk/pricing']);
  });

  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: typeof request) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler: typeof check) => {
        check = handler;
      },
    } as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      request?.(undefined, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(check?.()).toBe(false);
  });
});
