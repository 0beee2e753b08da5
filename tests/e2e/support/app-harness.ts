// One running app for an e2e test: the REAL app service (engine, offline server, settings,
// history) over a temp userData folder, with recording platform adapters, behind the BUILT
// renderer in Debian Chromium. The page talks to it through the same typed contract the
// preload exposes (tests/support/e2e-bridge.ts), so it cannot tell this from Electron.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import {
  type AppService,
  type AppServiceOptions,
  createAppService,
} from '../../../electron/app-service/service.ts';
import { createMemoryKeyStore, type KeyStore } from '../../../electron/engine/storage/keychain.ts';
import { EVENT_NAMES, type EventName, type EventPayloads } from '../../../shared/ipc/contract.ts';
import type { InvokeHandlers } from '../../../shared/ipc/dispatch.ts';
import {
  type BridgedPage,
  launchChromium,
  openBridgedPage,
  serveRenderer,
} from '../../support/e2e-bridge.ts';
import { FAST_ENGINE_TIMING } from '../../support/wait.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures');
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'test-output', 'screenshots');

/** What the app asked of the desktop: folders shown, files opened, notifications, drags. */
export interface Recorded {
  shown: string[];
  opened: string[];
  notices: { title: string; body: string }[];
  drags: unknown[];
  /** Uncaught page errors and console errors (a CSP violation is logged as one). */
  pageErrors: string[];
}

export interface AppUnderTest {
  service: AppService;
  recorded: Recorded;
  bridged: BridgedPage;
  page: Page;
  /** What the next "Browse…" dialog returns. */
  chooseFiles(paths: string[] | undefined): void;
  /** What the next folder picker returns. */
  chooseFolder(path: string | undefined): void;
  /** What the next save dialog (an export) returns. */
  chooseSaveFile(path: string | undefined): void;
  /** Pushes a main -> page event (as webContents.send does), e.g. to test big bursts. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): Promise<void>;
  /** Drops files and folders on the window as a person would (paths stand in for webUtils). */
  drop(paths: string[]): Promise<void>;
  /** Closes the page and the service (the userData folder stays, for a restart). Fails if
   *  the page logged an error or a CSP violation meanwhile. */
  close(): Promise<void>;
}

export interface StartOptions {
  userDataDir: string;
  keyStore?: KeyStore;
  /** When keychain calls stop being waited for (a clock the test controls). */
  keychainDeadline?: (signal: AbortSignal) => Promise<void>;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Runs against the service before the page opens (e.g. choose the endpoint). */
  prepare?(service: AppService): Promise<void>;
  /** The OS's languages as Electron would report them (default: none, so English). */
  systemLocales?: string[];
  /** The file manager's right-click menu the service writes (none by default). */
  fileManagerMenu?: AppServiceOptions['fileManagerMenu'];
  /** App updates: electron-updater adapted (tests/support/update-feed.ts), on a test clock. */
  updateFeed?: AppServiceOptions['updateFeed'];
  updateClock?: AppServiceOptions['updateClock'];
  /** How often the balance is asked again while files wait for tokens (default: the app's). */
  tokenRecheckMs?: number;
  /** The version main reports (Electron's app.getVersion(), i.e. package.json's). */
  version?: string;
  /** Wraps the service's handlers as the page reaches them (e.g. to hold one answer until
   *  the test has seen what the window shows meanwhile). */
  handlers?: (handlers: InvokeHandlers) => InvokeHandlers;
}

export async function tempDir(prefix = 'ifc-e2e-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Copies fixtures into `dir` (the fixtures folder is read-only) and returns their paths. */
export async function copyFixtures(dir: string, names: string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(
    names.map(async (name) => {
      await copyFile(join(FIXTURES, name), join(dir, name));
      return join(dir, name);
    }),
  );
}

export async function startApp(browser: Browser, url: string, options: StartOptions): Promise<AppUnderTest> {
  const recorded: Recorded = { shown: [], opened: [], notices: [], drags: [], pageErrors: [] };
  let nextFiles: string[] | undefined;
  let nextFolder: string | undefined;
  let nextSave: string | undefined;
  const service = await createAppService({
    userDataDir: options.userDataDir,
    stateDir: join(options.userDataDir, 'State'),
    version: options.version ?? '0.1.0-e2e',
    keyStore: options.keyStore ?? createMemoryKeyStore(),
    ...(options.keychainDeadline ? { keychainDeadline: options.keychainDeadline } : {}),
    env: {},
    eventIntervalMs: 60,
    noticeWindowMs: 50,
    ...(options.systemLocales ? { systemLocales: options.systemLocales } : {}),
    // Shorter waits than production, same behaviour: polls, retries, the ?wait= hold.
    engineTiming: { ...FAST_ENGINE_TIMING, syncWaitSeconds: 1 },
    ...(options.fileManagerMenu ? { fileManagerMenu: options.fileManagerMenu } : {}),
    ...(options.updateFeed ? { updateFeed: options.updateFeed } : {}),
    ...(options.updateClock ? { updateClock: options.updateClock } : {}),
    ...(options.tokenRecheckMs ? { tokenRecheckMs: options.tokenRecheckMs } : {}),
    platform: {
      chooseFiles: async () => nextFiles,
      chooseFolder: async () => nextFolder,
      chooseSaveFile: async () => nextSave,
      showInFolder: (path) => void recorded.shown.push(path),
      openPath: async (path) => {
        recorded.opened.push(path);
        return '';
      },
      notify: (title, body) => void recorded.notices.push({ title, body }),
    },
  });
  await options.prepare?.(service);
  const bridged = await openBridgedPage(
    browser,
    url,
    options.handlers ? options.handlers(service.handlers) : service.handlers,
    { 'result:startDrag': (input) => void recorded.drags.push(input) },
    {
      colorScheme: options.colorScheme ?? 'light',
      viewport: options.viewport ?? { width: 1000, height: 720 },
    },
  );
  const { page } = bridged;
  page.on('pageerror', (error) => void recorded.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') recorded.pageErrors.push(message.text());
  });
  // Sent as one JSON string: Playwright's per-value argument encoding takes seconds for a
  // burst of thousands of jobs, which Electron's IPC (structured clone) does not.
  const emit = async <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    await page.evaluate(
      ([name, json]) =>
        (globalThis as unknown as { __ifcEmit(e: string, p: unknown): void }).__ifcEmit(
          name,
          JSON.parse(json),
        ),
      [event, JSON.stringify(payload)] as const,
    );
  };
  // Main -> page events, in order (each emit is one evaluate on the page's single channel).
  let delivery = Promise.resolve();
  const unsubscribes = EVENT_NAMES.map((event: EventName) =>
    service.on(event, (payload) => {
      delivery = delivery.then(() => emit(event, payload)).catch(() => undefined);
    }),
  );
  return {
    service,
    recorded,
    bridged,
    page,
    emit,
    chooseFiles: (paths) => {
      nextFiles = paths;
    },
    chooseFolder: (path) => {
      nextFolder = path;
    },
    chooseSaveFile: (path) => {
      nextSave = path;
    },
    async drop(paths) {
      const byName = Object.fromEntries(paths.map((path) => [path.split('/').pop()!, path]));
      await bridged.setDropPaths(byName);
      await page.evaluate((names) => {
        const transfer = new DataTransfer();
        for (const name of names) transfer.items.add(new File([''], name));
        const target = document.querySelector('[data-testid="drop-area"]');
        if (!target) throw new Error('no drop area on the page');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          target.dispatchEvent(
            new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
          );
        }
      }, Object.keys(byName));
    },
    async close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await page.context().close();
      await delivery;
      await service.close();
      if (recorded.pageErrors.length > 0) {
        throw new Error(`the page reported errors:\n${recorded.pageErrors.join('\n')}`);
      }
    },
  };
}

/** Starts the service in "This computer (offline)" mode, as "Try it offline" would. */
export async function useOffline(service: AppService): Promise<void> {
  const result = await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
  if (!result.ok) throw new Error(result.error.message);
}

/** The local server standing in for the service: its address chosen and the key given for this
 *  session only, as a person would in Settings. */
export function useCloud(url: string, key: string): (service: AppService) => Promise<void> {
  return async (service) => {
    const chosen = await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url } } });
    if (!chosen.ok) throw new Error(chosen.error.message);
    const saved = await service.handlers['key:set']({ key, sessionOnly: true });
    if (!saved.ok) throw new Error(saved.error.message);
  };
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOTS, `${name}.png`);
}

export interface E2eWorld {
  browser: Browser;
  site: Awaited<ReturnType<typeof serveRenderer>>;
  home: Awaited<ReturnType<typeof tempDir>>;
}

/** One Chromium, the built page on loopback and a throwaway home for the file's tests,
 *  started before them and removed after them. Read the fields inside tests only. */
export function setUpE2eWorld(): E2eWorld {
  const world = {} as E2eWorld;
  beforeAll(async () => {
    world.site = await serveRenderer();
    world.browser = await launchChromium();
    world.home = await tempDir();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.site?.close();
    await world.home?.remove();
  });
  return world;
}
