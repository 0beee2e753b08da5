// The real Electron main (electron/main/index.ts), booted with a simulated `electron` module
// (support/simulated-electron.ts): its windows are Playwright pages in Debian Chromium loading
// ifc://app through the app's own protocol handler, its preload is the BUILT out/preload bundle,
// its IPC is the real registration with the sender check, and the tray, dialogs, notifications
// and shell are recorders. The keychain is the real one (@napi-rs/keyring) pointed at a D-Bus
// address that accepts the connection and never answers: a start that waited on it would never
// show the window. Needs `npm run build` first (npm test builds before the tests).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../shared/ipc/contract.ts';
import { launchChromium } from '../support/e2e-bridge.ts';
import { FIXTURES } from './support/app-harness.ts';
import * as sim from './support/simulated-electron.ts';

vi.mock('electron', async () => (await import('./support/simulated-electron.ts')).electronModule);

const root = join(import.meta.dirname, '..', '..');
const saved = { argv: process.argv, defaultApp: process.defaultApp, env: { ...process.env } };

let browser: Browser;
let home: string;
let silentBus: { server: Server; sockets: Set<Socket>; connections: number };
let baseline: string[];
let page: Page;
/** Where each timer still set was created (async_hooks), to name a leak when there is one. */
const timers = new Map<number, { stack: string; timer: { hasRef(): boolean } }>();

/** A D-Bus "session bus" that accepts connections and never says a word. */
async function silentDbus(path: string): Promise<typeof silentBus> {
  const sockets = new Set<Socket>();
  const bus = { server: createServer(), sockets, connections: 0 };
  bus.server.on('connection', (socket) => {
    bus.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => bus.server.listen(path, resolve));
  return bus;
}

function count(resources: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of resources) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** Resource kinds (servers, sockets, watchers, timers) open now beyond the baseline. */
function leftOpen(): string[] {
  const before = count(baseline);
  const extra: string[] = [];
  for (const [name, n] of count(process.getActiveResourcesInfo())) {
    if (n > (before.get(name) ?? 0)) extra.push(`${name} x${n - (before.get(name) ?? 0)}`);
  }
  return extra;
}

beforeAll(async () => {
  for (const built of ['out/renderer/index.html', 'out/preload/index.cjs']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  }
  browser = await launchChromium();
  sim.useBrowser(browser);
  home = await mkdtemp(join(tmpdir(), 'ifc-boot-'));
  const userData = join(home, 'userData');
  await mkdir(userData);
  // A person who chose "This computer (offline)" earlier: conversions need no key.
  await writeFile(
    join(userData, 'settings.json'),
    JSON.stringify({ version: 1, settings: { endpoint: { kind: 'local' } } }),
  );
  silentBus = await silentDbus(join(home, 'silent-bus'));
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(home, 'silent-bus')}`;
  process.env.IFC_DESKTOP_USER_DATA = userData;
  // The app's journal goes to the per-user state folder (XDG_STATE_HOME on Linux): this run's
  // own, never the machine's, where another test or a real app may hold the lock.
  process.env.XDG_STATE_HOME = join(home, 'state');
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.IFC_API_KEY;
  delete process.env.IFC_DESKTOP_TEST;
  // As under `electron .`: argv[1] is the app folder, not a file to convert.
  process.argv = [process.execPath, root];
  (process as { defaultApp?: boolean }).defaultApp = true;
  baseline = process.getActiveResourcesInfo();
  const { createHook } = await import('node:async_hooks');
  Error.stackTraceLimit = 40;
  createHook({
    init(id, type, _trigger, resource) {
      if (type === 'Timeout') {
        timers.set(id, { stack: new Error('timer').stack ?? '', timer: resource as { hasRef(): boolean } });
      }
    },
    destroy(id) {
      timers.delete(id);
    },
  }).enable();
  await import('../../electron/main/index.ts');
  sim.becomeReady();
});

afterAll(async () => {
  await sim.closeAllWindows();
  for (const socket of silentBus?.sockets ?? []) socket.destroy();
  await new Promise((resolve) => silentBus?.server.close(resolve));
  await browser?.close();
  process.argv = saved.argv;
  (process as { defaultApp?: boolean }).defaultApp = saved.defaultApp;
  process.env = saved.env;
  await rm(home, { recursive: true, force: true });
});

async function dropOnWindow(paths: string[]): Promise<void> {
  const names = paths.map((path) => path.split('/').pop()!);
  await page.evaluate(
    ([entries]) => {
      const map = (globalThis as unknown as { __simDropPaths: Map<string, string> }).__simDropPaths;
      for (const [name, path] of entries) map.set(name, path);
      const transfer = new DataTransfer();
      for (const [name] of entries) transfer.items.add(new File([''], name));
      const target = document.querySelector('[data-testid="drop-area"]');
      if (!target) throw new Error('no drop area on the page');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    [names.map((name, index) => [name, paths[index]!] as const)] as const,
  );
}

async function pdfText(bytes: Buffer): Promise<string> {
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const content = await (await (await task.promise).getPage(1)).getTextContent();
    return content.items.map((item) => ('str' in item ? item.str : '')).join('');
  } finally {
    await task.destroy();
  }
}

async function copyFixture(folder: string, name: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  await copyFile(join(FIXTURES, name), join(folder, name));
  return join(folder, name);
}

describe('the real main, booted on a simulated Electron', () => {
  it('declares its scheme before ready, shows the window and the tray while the keychain is silent', async () => {
    expect(sim.recorded.schemesBeforeReady).toBe(true);
    expect(sim.recorded.privilegedSchemes).toEqual([
      { scheme: 'ifc', privileges: { standard: true, secure: true } },
    ]);
    await expect.poll(() => sim.recorded.trays.length, { message: 'the tray', timeout: 60_000 }).toBe(1);
    expect(sim.recorded.errorBoxes).toEqual([]);
    expect(sim.recorded.exitCode).toBeUndefined();
    const tray = sim.recorded.trays[0]!;
    expect(tray.image.isEmpty(), tray.image.path).toBe(false);
    expect(tray.menu.map((item) => item.id).filter(Boolean)).toEqual(
      expect.arrayContaining(['convert', 'open', 'quit']),
    );
    await expect.poll(() => sim.recorded.windows.length, { message: 'the window', timeout: 60_000 }).toBe(1);
    const window = sim.recorded.windows[0]!;
    expect(window.options.webPreferences?.preload).toBe(join(root, 'out', 'preload', 'index.cjs'));
    expect(window.options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/);
    page = await window.ready();
    // The page is up and working: the snapshot came (after the keychain's deadline) and the
    // offline workspace shows.
    await page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => window.isVisible(), { message: 'the window shown', timeout: 60_000 }).toBe(true);
    expect(silentBus.connections, 'the keychain was asked').toBeGreaterThan(0);
    const snapshot = await page.evaluate(() =>
      (globalThis as unknown as { api: Record<string, (input: object) => Promise<unknown>> }).api[
        'app:snapshot'
      ]!({}),
    );
    expect(snapshot).toMatchObject({ ok: true, value: { key: { set: false, problem: 'keychain_silent' } } });
  });

  it('serves the page from ifc://app with its CSP, the built preload exposing the whole contract', async () => {
    expect(page.url().endsWith('/ifc/app/index.html')).toBe(true);
    expect(sim.recorded.windows[0]!.webContents.mainFrame.url).toBe('ifc://app/index.html');
    expect(sim.recorded.served).toContainEqual({ path: '/index.html', status: 200 });
    expect(
      sim.recorded.served.some((entry) => /^\/assets\/.+\.js$/.test(entry.path) && entry.status === 200),
    ).toBe(true);
    expect(sim.recorded.refusedRequests).toEqual([]);
    // Main answers every channel of the contract; the preload offers every one to the page.
    expect(sim.handledChannels().sort()).toEqual(Object.keys(invokeChannels).sort());
    const api = await page.evaluate(() => {
      const exposed = (globalThis as unknown as { api: Record<string, unknown> }).api;
      return {
        frozen: Object.isFrozen(exposed),
        functions: Object.keys(exposed).filter((name) => typeof exposed[name] === 'function'),
        require: typeof (globalThis as { require?: unknown }).require,
      };
    });
    expect(api.frozen).toBe(true);
    expect(api.functions).toEqual(expect.arrayContaining([...Object.keys(invokeChannels), 'on']));
    expect(api.require).toBe('undefined');
    expect(sim.recorded.pageErrors).toEqual([]);
  });

  it('converts a file dropped on the window, on this computer', async () => {
    const sales = await copyFixture(join(home, 'Dropped'), 'sales.csv');
    await dropOnWindow([sales]);
    await page.getByRole('heading', { name: 'Ready to convert: 1 file' }).waitFor({ timeout: 60_000 });
    await page.getByLabel('Convert sales.csv to').selectOption('xlsx');
    await page.getByRole('button', { name: 'Convert 1 file' }).click();
    const output = join(home, 'Dropped', 'sales.xlsx');
    await expect
      .poll(() => existsSync(output), { message: 'sales.xlsx written', timeout: 60_000 })
      .toBe(true);
    await page
      .getByRole('button', { name: /^Show in folder/ })
      .first()
      .waitFor({ timeout: 60_000 });
    // The workbook, read by another library, holds the same revenue as the CSV.
    const rows = parse(await readFile(sales, 'utf8'), { columns: true }) as { revenue: string }[];
    const expected = rows.reduce((sum, row) => sum + Number(row.revenue), 0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const column = header.indexOf('revenue');
    let total = 0;
    sheet.eachRow((row, index) => {
      if (index > 1) total += Number(row.getCell(column).value);
    });
    expect(total).toBeCloseTo(expected, 2);
    expect(sheet.rowCount).toBe(rows.length + 1);
  });

  it('converts through the tray: "Convert files…", a file dialog and one question', async () => {
    const memo = await copyFixture(join(home, 'From tray'), 'memo.txt');
    sim.answerOpenDialog([memo]);
    sim.answerMessageBoxes((_message, buttons) => buttons.indexOf('PDF'));
    sim.recorded.trays[0]!.click('convert');
    const output = join(home, 'From tray', 'memo.pdf');
    await expect.poll(() => existsSync(output), { message: 'memo.pdf written', timeout: 60_000 }).toBe(true);
    expect(sim.recorded.openDialogs.at(-1)).toMatchObject({ properties: ['openFile', 'multiSelections'] });
    expect(sim.recorded.messageBoxes.at(-1)).toEqual({
      message: 'Convert "memo.txt" to:',
      buttons: ['PDF', 'Cancel'],
    });
    // The PDF, read by another library than the one that wrote it, says what the memo says.
    await expect
      .poll(async () => pdfText(await readFile(output)), { message: 'the memo in the PDF', timeout: 60_000 })
      .toContain('Plain text memo.');
  });

  it('takes the files of a second launch into the running window', async () => {
    const invoice = await copyFixture(join(home, 'Second launch'), 'invoice.pdf');
    sim.launchSecondInstance([process.execPath, root, 'invoice.pdf'], join(home, 'Second launch'));
    await page.getByRole('heading', { name: 'Ready to convert: 1 file' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('staging').textContent()).toContain('invoice.pdf');
    expect(existsSync(invoice)).toBe(true);
    expect(sim.recorded.windows).toHaveLength(1);
    expect(sim.recorded.errorBoxes).toEqual([]);
  });

  it('quits cleanly: the service closes, and no server, socket, timer or watcher is left open', async () => {
    sim.app.quit();
    await sim.quitted;
    expect(sim.recorded.exitCode).toBeUndefined();
    expect(sim.recorded.trays[0]!.destroyed).toBe(true);
    await sim.closeAllWindows();
    // The silent keychain's connections end with the session (the app stopped waiting long ago).
    await Promise.all(
      [...silentBus.sockets].map(
        (socket) =>
          new Promise((resolve) => {
            socket.once('close', resolve);
            socket.destroy();
          }),
      ),
    );
    // Checked once, with no timer of the test's own running: what is open now stays open.
    // async_hooks reports a cleared timer's end on a later turn of the event loop: let it.
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    // Timers are told apart by where they were set (the test runner keeps its own), and only
    // those that would keep the process alive count: Node's own unref'd caches (the HTTP Date
    // header's, set under a response the app wrote) end by themselves.
    const appTimers = [...timers.values()]
      .filter(({ stack, timer }) => stack.includes(join(root, 'electron')) && timer.hasRef())
      .map(({ stack }) => stack);
    expect(appTimers, 'timers the app left set').toEqual([]);
    expect(
      leftOpen().filter((kind) => !kind.startsWith('Timeout')),
      'handles the app left open',
    ).toEqual([]);
    expect(sim.recorded.pageErrors).toEqual([]);
  });
});
