// The e2e test transport: the BUILT renderer (out/renderer) runs in Debian Chromium and its
// `window.api` is made by the same buildRendererApi() the preload uses, but wired to this Node
// process instead of ipcRenderer. Invokes go through dispatchInvoke (the same validation main
// applies), so the page cannot tell the bridge from the preload.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stripTypeScriptTypes } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright';
import {
  EVENT_NAMES,
  type EventName,
  type EventPayloads,
  invokeChannels,
} from '../../shared/ipc/contract.ts';
import { dispatchInvoke, type InvokeHandlers } from '../../shared/ipc/dispatch.ts';

const root = join(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(root, 'out', 'renderer');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Serves out/renderer on loopback (file:// would block module scripts in Chromium). */
export async function serveRenderer(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` before the e2e tests.');
  }
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Chromium flags for this closed network (see the machine notes): no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** The page-side half: buildRendererApi() from shared/, type-stripped, fed a bridge transport. */
function pageBridgeScript(): string {
  const source = readFileSync(join(root, 'shared', 'ipc', 'renderer-api.ts'), 'utf8');
  const builder = stripTypeScriptTypes(source).replace(/^export /gm, '');
  return `(() => {
    ${builder}
    const listeners = new Map();
    window.__ifcEmit = (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    const api = buildRendererApi({
      // One JSON string each way, as for events below: Playwright serialises a structured
      // argument value by value, which for a 10,000-file batch took the page and this process
      // about a second that Electron's IPC (one structured-clone message) does not spend.
      invoke: async (channel, input) => {
        const answer = await window.__ifcInvoke(channel, input === undefined ? undefined : JSON.stringify(input));
        return answer === undefined ? undefined : JSON.parse(answer);
      },
      send: (channel, input) => { void window.__ifcSend(channel, input); },
      pathForFile: (file) => (window.__ifcPathForFile ? window.__ifcPathForFile(file) : ''),
      subscribe: (event, listener) => {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener);
        return () => set.delete(listener);
      },
      channels: ${JSON.stringify(Object.keys(invokeChannels))},
      events: ${JSON.stringify(EVENT_NAMES)},
    });
    Object.defineProperty(window, 'api', { value: api, writable: false, configurable: false });
  })();`;
}

export interface BridgeCounters {
  invokes: number;
  events: number;
  eventsByName: Partial<Record<EventName, number>>;
}

export interface BridgedPage {
  page: Page;
  counters: BridgeCounters;
  /** Push a main -> renderer event to the page, as webContents.send would. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): Promise<void>;
  /** Map dropped File names to real paths (stands in for webUtils.getPathForFile). */
  setDropPaths(paths: Record<string, string>): Promise<void>;
}

export async function openBridgedPage(
  browser: Browser,
  url: string,
  handlers: InvokeHandlers,
  sends: Partial<Record<string, (input: unknown) => void>> = {},
  options: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    /** The OS's motion setting (default: reduce, below). */
    reducedMotion?: 'reduce' | 'no-preference';
  } = {},
): Promise<BridgedPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1000, height: 720 },
    // Tests look at states, not at motion: a sliding bar or a spinning icon has Chromium paint
    // the page in software 60 times a second for as long as a test waits on it, and makes a
    // screenshot depend on the moment it is taken. The e2e files used 6 % less CPU with it
    // (310/319 -> 292/296 CPU-s, alternated). keyboard-and-a11y.test.ts checks both settings.
    reducedMotion: options.reducedMotion ?? 'reduce',
  });
  const page = await context.newPage();
  const counters: BridgeCounters = { invokes: 0, events: 0, eventsByName: {} };
  await page.exposeFunction('__ifcInvoke', async (channel: string, input: string | undefined) => {
    counters.invokes += 1;
    const answer = await dispatchInvoke(
      handlers,
      channel,
      input === undefined ? undefined : JSON.parse(input),
    );
    return answer === undefined ? undefined : JSON.stringify(answer);
  });
  await page.exposeFunction('__ifcSend', (channel: string, input: unknown) => sends[channel]?.(input));
  await page.addInitScript(pageBridgeScript());
  await page.goto(url);
  return {
    page,
    counters,
    async emit(event, payload) {
      counters.events += 1;
      counters.eventsByName[event] = (counters.eventsByName[event] ?? 0) + 1;
      // One JSON string instead of a structured argument: Playwright serialises arguments
      // value by value, which takes seconds for thousands of jobs; IPC sends one message.
      await page.evaluate(
        ([name, json]) =>
          (globalThis as unknown as { __ifcEmit(e: string, p: unknown): void }).__ifcEmit(
            name,
            JSON.parse(json),
          ),
        [event, JSON.stringify(payload)] as const,
      );
    },
    async setDropPaths(paths) {
      await page.evaluate((map) => {
        (globalThis as unknown as { __ifcPathForFile(file: { name: string }): string }).__ifcPathForFile = (
          file,
        ) => map[file.name] ?? '';
      }, paths);
    },
  };
}
