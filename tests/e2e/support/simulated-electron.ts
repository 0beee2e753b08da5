// A simulated `electron` module for the boot test of the real main (tests/e2e/main-boot.test.ts),
// tests only. What stands in for what:
//   BrowserWindow   -> a Playwright page in Debian Chromium. The app's own scheme (ifc://app) is
//                      mapped to one https origin that Chromium can load; every request to it is
//                      answered by the handler main gave protocol.handle (the app's own code),
//                      headers and CSP included; every other request is refused.
//   preload         -> the BUILT file named in webPreferences.preload, run before the page with a
//                      `require` that knows only 'electron' (contextBridge, ipcRenderer, webUtils),
//                      as Electron's sandboxed preloads do.
//   ipcRenderer     -> the handlers main registered on ipcMain (register.ts, sender check
//                      included): each call carries the sender webContents and its frame.
//   Tray, Menu, dialog, Notification, shell, app -> recorders the test reads and drives.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright';

const root = join(import.meta.dirname, '..', '..', '..');

/** Where the app's privileged scheme is loaded from inside Chromium. */
const MAPPED_ORIGIN = 'https://ifc-app.invalid';

type Handler = (request: Request) => Promise<Response> | Response;

export interface MenuItem {
  id?: string;
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

/** Everything the app asked of the simulated Electron, for the test to read. */
export interface Recorded {
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  /** Whether protocol.registerSchemesAsPrivileged ran before `ready` (Electron requires it). */
  schemesBeforeReady: boolean;
  handledSchemes: string[];
  windows: SimWindow[];
  trays: SimTray[];
  openDialogs: unknown[];
  messageBoxes: { message: string; buttons: string[] }[];
  errorBoxes: { title: string; content: string }[];
  notifications: { title: string; body: string }[];
  shown: string[];
  opened: string[];
  external: string[];
  appUserModelId?: string;
  /** Requests the page made outside the app's own origin (refused, as nothing else is served). */
  refusedRequests: string[];
  /** Answers the app protocol gave, by path and status. */
  served: { path: string; status: number }[];
  /** Errors in the page and in the preload: a broken preload or a CSP violation shows here. */
  pageErrors: string[];
  /** URLs main asked the default session's proxy resolver about. */
  proxyAsked: string[];
  exitCode?: number;
}

export const recorded: Recorded = {
  privilegedSchemes: [],
  schemesBeforeReady: false,
  handledSchemes: [],
  windows: [],
  trays: [],
  openDialogs: [],
  messageBoxes: [],
  errorBoxes: [],
  notifications: [],
  shown: [],
  opened: [],
  external: [],
  refusedRequests: [],
  served: [],
  pageErrors: [],
  proxyAsked: [],
};

let browser: Browser | undefined;
const handlers = new Map<string, Handler>();
const privileged = new Map<string, Record<string, boolean>>();
const openAnswers: (string[] | undefined)[] = [];
let messageBoxAnswer: (message: string, buttons: string[]) => number = () => 0;

/** The browser the windows open in; set by the test before main is loaded. */
export function useBrowser(next: Browser): void {
  browser = next;
}
/** What the next open dialogs answer (undefined = cancelled). */
export function answerOpenDialog(paths: string[] | undefined): void {
  openAnswers.push(paths);
}
export function answerMessageBoxes(choose: (message: string, buttons: string[]) => number): void {
  messageBoxAnswer = choose;
}

// ---------------------------------------------------------------- app

let isReady = false;
let markReady: () => void = () => undefined;
const whenReadyPromise = new Promise<void>((resolve) => {
  markReady = resolve;
});
let markQuit: () => void = () => undefined;
export const quitted = new Promise<void>((resolve) => {
  markQuit = resolve;
});
const paths = new Map<string, string>();

class SimApp extends EventEmitter {
  isPackaged = false;
  commandLine = { hasSwitch: (_name: string) => false, appendSwitch: () => undefined };
  setPath(name: string, path: string) {
    paths.set(name, path);
  }
  getPath(name: string) {
    const path = paths.get(name);
    if (!path) throw new Error(`simulated app: no path for ${name}`);
    return path;
  }
  getAppPath() {
    return root;
  }
  getVersion() {
    return '0.1.0-boot';
  }
  /** The OS's languages, as Electron reports them (main hands them to the page). */
  getPreferredSystemLanguages() {
    return ['en-GB'];
  }
  getLocale() {
    return 'en-GB';
  }
  requestSingleInstanceLock() {
    return true;
  }
  /** Main gives the lock up just before an update installs (only in a packaged app). */
  releaseSingleInstanceLock() {}
  whenReady() {
    return whenReadyPromise;
  }
  isReady() {
    return isReady;
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  setLoginItemSettings() {}
  setBadgeCount() {
    return true;
  }
  setAppUserModelId(id: string) {
    recorded.appUserModelId = id;
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', {
      preventDefault: () => {
        prevented = true;
      },
    });
    if (prevented) return;
    this.emit('will-quit', { preventDefault: () => undefined });
    this.emit('quit');
    markQuit();
  }
  exit(code = 0) {
    recorded.exitCode = code;
    markQuit();
  }
}
export const app = new SimApp();

/** Electron's `ready`: main's whenReady().then(start) runs now. */
export function becomeReady(): void {
  isReady = true;
  app.emit('ready');
  markReady();
}

/** A second launch of the app with these arguments (Electron's 'second-instance'). */
export function launchSecondInstance(argv: string[], cwd: string): void {
  app.emit('second-instance', { preventDefault: () => undefined }, argv, cwd);
}

// ---------------------------------------------------------------- protocol

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
    recorded.schemesBeforeReady = !isReady;
    for (const entry of schemes) {
      recorded.privilegedSchemes.push(entry);
      privileged.set(entry.scheme, entry.privileges);
    }
  },
  handle(scheme: string, handler: Handler) {
    recorded.handledSchemes.push(scheme);
    handlers.set(scheme, handler);
  },
  unhandle(scheme: string) {
    handlers.delete(scheme);
  },
};

function toPageUrl(url: string): string {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1);
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return url;
  const privileges = privileged.get(scheme);
  // Electron loads a custom scheme as its own origin only when it is standard; module scripts
  // need it secure too. Anything less would not run the page, so the simulation refuses it.
  if (!privileges?.standard || !privileges.secure) throw new Error(`scheme ${scheme} is not standard+secure`);
  return `${MAPPED_ORIGIN}/${scheme}/${parsed.host}${parsed.pathname}${parsed.search}`;
}

function fromPageUrl(url: string): string {
  if (!url.startsWith(`${MAPPED_ORIGIN}/`)) return url;
  const [scheme, host, ...rest] = url.slice(MAPPED_ORIGIN.length + 1).split('/');
  return `${scheme}://${host}/${rest.join('/')}`;
}

async function answerRoute(route: Route): Promise<void> {
  const pageUrl = route.request().url();
  if (!pageUrl.startsWith(`${MAPPED_ORIGIN}/`)) {
    recorded.refusedRequests.push(pageUrl);
    await route.abort('blockedbyclient');
    return;
  }
  const appUrl = fromPageUrl(pageUrl);
  const handler = handlers.get(new URL(appUrl).protocol.slice(0, -1));
  if (!handler) {
    recorded.refusedRequests.push(appUrl);
    await route.abort('failed');
    return;
  }
  const response = await handler(new Request(appUrl, { method: route.request().method() }));
  recorded.served.push({ path: new URL(appUrl).pathname, status: response.status });
  await route.fulfill({
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: Buffer.from(await response.arrayBuffer()),
  });
}

// ---------------------------------------------------------------- the preload

function preloadScript(preloadPath: string): string {
  if (!existsSync(preloadPath)) {
    // Electron logs "Unable to load preload script" and the page runs without it.
    recorded.pageErrors.push(`Unable to load preload script: ${preloadPath}`);
    return '';
  }
  const source = readFileSync(preloadPath, 'utf8');
  return `(() => {
    const listeners = new Map();
    const dropPaths = window.__simDropPaths = new Map();
    window.__simDeliver = (channel, payload) => {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener({ senderId: 0 }, payload);
    };
    const electron = {
      contextBridge: {
        exposeInMainWorld(name, value) {
          Object.defineProperty(window, name, { value, writable: false, configurable: false });
        },
      },
      ipcRenderer: {
        invoke: (channel, input) => window.__simInvoke(channel, input),
        send: (channel, input) => { void window.__simSend(channel, input); },
        on(channel, listener) {
          const set = listeners.get(channel) ?? new Set();
          listeners.set(channel, set);
          set.add(listener);
          return electron.ipcRenderer;
        },
        removeListener(channel, listener) {
          listeners.get(channel)?.delete(listener);
          return electron.ipcRenderer;
        },
      },
      webUtils: { getPathForFile: (file) => dropPaths.get(file.name) ?? '' },
    };
    const require = (name) => {
      if (name === 'electron') return electron;
      throw new Error('a sandboxed preload can require only electron, not ' + name);
    };
    const module = { exports: {} };
    try {
      (function (require, module, exports) {
${source}
      })(require, module, module.exports);
    } catch (error) {
      window.__simPreloadError(String(error && error.stack || error));
    }
  })();`;
}

// ---------------------------------------------------------------- ipcMain

type InvokeHandler = (event: unknown, input: unknown) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();
const sendListeners = new Map<string, Set<(event: unknown, input: unknown) => void>>();

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler) {
    if (invokeHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    invokeHandlers.delete(channel);
  },
  on(channel: string, listener: (event: unknown, input: unknown) => void) {
    const set = sendListeners.get(channel) ?? new Set();
    sendListeners.set(channel, set);
    set.add(listener);
    return ipcMain;
  },
  removeAllListeners(channel: string) {
    sendListeners.delete(channel);
    return ipcMain;
  },
};

/** The invoke channels main answers (the test compares them with the contract). */
export function handledChannels(): string[] {
  return [...invokeHandlers.keys()];
}

// ---------------------------------------------------------------- BrowserWindow

let nextId = 1;

class SimWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly session = {
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
  };
  readonly mainFrame: { url: string };
  loading = true;
  destroyed = false;
  openHandler?: (details: { url: string }) => { action: string };
  private readonly owner: SimWindow;
  constructor(owner: SimWindow) {
    super();
    this.owner = owner;
    const contents = this;
    this.mainFrame = {
      get url() {
        return contents.owner.page ? fromPageUrl(contents.owner.page.url()) : '';
      },
    };
  }
  isLoading() {
    return this.loading;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.mainFrame.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown) {
    const page = this.owner.page;
    if (!page || this.destroyed) return;
    // One JSON string, like one structured-clone IPC message.
    this.owner.deliveries = this.owner.deliveries
      .then(() =>
        page.evaluate(
          ([name, json]) =>
            (globalThis as unknown as { __simDeliver(c: string, p: unknown): void }).__simDeliver(
              name,
              JSON.parse(json),
            ),
          [channel, JSON.stringify(payload)] as const,
        ),
      )
      .catch(() => undefined);
  }
  startDrag() {}
}

export class SimWindow extends EventEmitter {
  static windows: SimWindow[] = [];
  static getAllWindows() {
    return SimWindow.windows.filter((window) => !window.destroyed);
  }
  readonly webContents: SimWebContents;
  readonly options: { show?: boolean; backgroundColor?: string; webPreferences?: { preload?: string } };
  page?: Page;
  context?: BrowserContext;
  visible = false;
  destroyed = false;
  progress: number[] = [];
  deliveries: Promise<unknown> = Promise.resolve();
  private readonly opened: Promise<Page>;

  constructor(options: SimWindow['options']) {
    super();
    this.options = options;
    this.webContents = new SimWebContents(this);
    recorded.windows.push(this);
    SimWindow.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    this.opened = this.open();
    if (options.show !== false) this.visible = true;
  }

  private async open(): Promise<Page> {
    if (!browser) throw new Error('simulated BrowserWindow: no browser (call useBrowser first)');
    const context = await browser.newContext({ viewport: { width: 960, height: 680 } });
    this.context = context;
    await context.route('**/*', answerRoute);
    const page = await context.newPage();
    page.on('pageerror', (error) => recorded.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') recorded.pageErrors.push(message.text());
    });
    await page.exposeFunction('__simPreloadError', (text: string) => recorded.pageErrors.push(text));
    await page.exposeBinding('__simInvoke', (source, channel: string, input: unknown) =>
      this.invoke(source.frame === page.mainFrame(), source.frame.url(), channel, input),
    );
    await page.exposeBinding('__simSend', (source, channel: string, input: unknown) => {
      const event = this.ipcEvent(source.frame === page.mainFrame(), source.frame.url());
      for (const listener of sendListeners.get(channel) ?? []) listener(event, input);
    });
    const preload = this.options.webPreferences?.preload;
    await page.addInitScript(preload ? preloadScript(preload) : '');
    page.on('load', () => {
      this.webContents.loading = false;
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
    });
    this.page = page;
    return page;
  }

  private ipcEvent(mainFrame: boolean, frameUrl: string) {
    const contents = this.webContents;
    return {
      sender: contents,
      senderFrame: mainFrame ? contents.mainFrame : { url: fromPageUrl(frameUrl) },
    };
  }

  private async invoke(mainFrame: boolean, frameUrl: string, channel: string, input: unknown) {
    const handler = invokeHandlers.get(channel);
    // Electron rejects the renderer's promise with this when main registered nothing.
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
    return handler(this.ipcEvent(mainFrame, frameUrl), input);
  }

  async loadURL(url: string): Promise<void> {
    const page = await this.opened;
    this.webContents.loading = true;
    await page.goto(toPageUrl(url));
  }
  async loadFile(path: string): Promise<void> {
    await this.loadURL(`file://${path}`);
  }
  /** Resolves with the Playwright page once the window has one. */
  ready(): Promise<Page> {
    return this.opened;
  }
  show() {
    this.visible = true;
  }
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  setProgressBar(fraction: number) {
    this.progress.push(fraction);
  }
  async close(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    await this.opened.catch(() => undefined);
    await this.deliveries;
    await this.context?.close();
    this.emit('closed');
  }
}

// ---------------------------------------------------------------- tray, menu, images

export class SimTray extends EventEmitter {
  menu: MenuItem[] = [];
  tooltip = '';
  title = '';
  destroyed = false;
  readonly image: SimImage;
  constructor(image: SimImage) {
    super();
    this.image = image;
    recorded.trays.push(this);
  }
  setContextMenu(menu: { items: MenuItem[] }) {
    this.menu = menu.items;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setTitle(text: string) {
    this.title = text;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
  /** Clicks a menu item by its id, as a person would. */
  click(id: string) {
    const item = this.menu.find((entry) => entry.id === id);
    if (!item?.click) throw new Error(`tray menu has no clickable item ${id}`);
    item.click();
  }
}

export const Menu = {
  buildFromTemplate: (items: MenuItem[]) => ({ items }),
};

export class SimImage {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  /** Electron gives an empty image for a file it cannot read: a wrong icon path shows here. */
  isEmpty() {
    return !existsSync(this.path);
  }
  setTemplateImage() {}
}

export const nativeImage = { createFromPath: (path: string) => new SimImage(path) };
export const nativeTheme = { shouldUseDarkColors: false };

// ---------------------------------------------------------------- dialog, notifications, shell

export const dialog = {
  async showOpenDialog(parentOrOptions: unknown, maybeOptions?: unknown) {
    recorded.openDialogs.push(maybeOptions ?? parentOrOptions);
    const filePaths = openAnswers.shift();
    return { canceled: !filePaths, filePaths: filePaths ?? [] };
  },
  async showMessageBox(parentOrOptions: unknown, maybeOptions?: unknown) {
    const options = (maybeOptions ?? parentOrOptions) as { message: string; buttons?: string[] };
    const buttons = options.buttons ?? [];
    recorded.messageBoxes.push({ message: options.message, buttons });
    return { response: messageBoxAnswer(options.message, buttons), checkboxChecked: false };
  },
  showErrorBox(title: string, content: string) {
    recorded.errorBoxes.push({ title, content });
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  private readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  show() {
    recorded.notifications.push(this.options);
  }
}

export const shell = {
  showItemInFolder: (path: string) => void recorded.shown.push(path),
  openPath: async (path: string) => {
    recorded.opened.push(path);
    return '';
  },
  openExternal: async (url: string) => void recorded.external.push(url),
  trashItem: async () => undefined,
};

/** The default session: main asks it for the system's proxy per URL (PAC and WPAD); this
 *  machine has none, so every answer is DIRECT, as Chromium says with no proxy configured. */
export const session = {
  defaultSession: {
    resolveProxy: async (url: string) => {
      recorded.proxyAsked.push(url);
      return 'DIRECT';
    },
  },
};

/** What `import ... from 'electron'` gives main in the boot test. */
export const electronModule = {
  app,
  protocol,
  session,
  ipcMain,
  BrowserWindow: SimWindow,
  Tray: SimTray,
  Menu,
  nativeImage,
  nativeTheme,
  dialog,
  Notification,
  shell,
};

/** Closes every window's page (the app process would take them with it on exit). */
export async function closeAllWindows(): Promise<void> {
  for (const window of SimWindow.windows) await window.close();
}
