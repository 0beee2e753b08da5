import { beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for Electron's Tray, Menu and nativeImage that records what the tray module does.
const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => void;
  const trays: FakeTray[] = [];
  class FakeTray {
    image: unknown;
    menu: unknown;
    tooltip = '';
    title = '';
    destroyed = false;
    handlers = new Map<string, Handler>();
    constructor(image: unknown) {
      this.image = image;
      trays.push(this);
    }
    setContextMenu(menu: unknown) {
      this.menu = menu;
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle(text: string) {
      this.title = text;
    }
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    trays,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path, setTemplateImage: () => undefined }) },
    app: { getAppPath: () => '/app', setBadgeCount: vi.fn() },
  };
});
vi.mock('electron', () => electron);

import type { MenuItemConstructorOptions } from 'electron';
import type { EventName } from '../../../shared/ipc/contract.ts';
import type { AppService, TrayState } from '../../../electron/app-service/service.ts';
import { createAppTray, trayIconPath } from '../../../electron/main/tray.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';

function fakeService(initial: TrayState) {
  let state = initial;
  const listeners = new Map<EventName, Set<() => void>>();
  return {
    set(next: TrayState) {
      state = next;
    },
    fire(event: EventName) {
      for (const listener of listeners.get(event) ?? []) listener();
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    trayState: () => state,
    on: ((event: EventName, listener: () => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    }) as AppService['on'],
  };
}

function actions() {
  return {
    convertFiles: vi.fn(),
    showInFolder: vi.fn(),
    pauseAll: vi.fn(),
    resumeAll: vi.fn(),
    openWindow: vi.fn(),
    restartToUpdate: vi.fn(),
    quit: vi.fn(),
    dropFiles: vi.fn(),
  };
}

const template = (tray: (typeof electron.trays)[number]) =>
  (tray.menu as { template: MenuItemConstructorOptions[] }).template;

beforeEach(() => {
  electron.trays.length = 0;
  electron.app.setBadgeCount.mockClear();
});

describe('tray icon', () => {
  it('uses a template image on macOS, an .ico on Windows and a PNG on Linux', () => {
    expect(trayIconPath('darwin')).toBe('/app/resources/tray/trayTemplate.png');
    expect(trayIconPath('win32')).toBe('/app/resources/tray/tray.ico');
    expect(trayIconPath('linux')).toBe('/app/resources/tray/tray.png');
  });

  it('shows the menu, tooltip and badge for the current state and follows changes', () => {
    const service = fakeService({ running: 0, paused: false, recent: [] });
    createAppTray(service, actions());
    const [tray] = electron.trays;
    expect(template(tray!).find((entry) => entry.id === 'running')?.label).toBe('Nothing converting');
    expect(tray!.tooltip).toBe('iFileConverter Desktop');

    service.set({ running: 4, paused: false, recent: [] });
    service.fire('engine:status');
    expect(template(tray!).find((entry) => entry.id === 'running')?.label).toBe('Converting 4 files');
    expect(tray!.tooltip).toBe('iFileConverter Desktop: converting 4 files');
    expect(electron.app.setBadgeCount).toHaveBeenLastCalledWith(4);

    service.set({
      running: 4,
      paused: false,
      recent: [],
      balance: { tokens: 7, offline: false, checkedAt: 0 },
    });
    service.fire('balance:changed');
    expect(template(tray!).find((entry) => entry.id === 'balance')?.label).toBe('Balance: 7 tokens');

    const recent = [{ jobId: 'j', source: '/a.pdf', output: '/a.docx', to: 'docx', finishedAt: 1 }];
    service.set({ running: 0, paused: false, recent });
    service.fire('history:changed');
    const submenu = template(tray!).find((entry) => entry.id === 'recent')
      ?.submenu as MenuItemConstructorOptions[];
    expect(submenu.map((entry) => entry.label)).toEqual(['a.docx']);
  });

  it('says its menu and tooltip again in a new language as soon as the settings change', () => {
    const service = fakeService({ running: 2, paused: false, recent: [] });
    createAppTray(service, actions());
    const [tray] = electron.trays;
    expect(template(tray!).find((entry) => entry.id === 'convert')?.label).toBe('Convert files…');
    try {
      // The app service sets the language before it emits 'settings:changed'.
      setLanguage('ja');
      service.fire('settings:changed');
      expect(template(tray!).find((entry) => entry.id === 'convert')?.label).toBe('ファイルを変換…');
      expect(template(tray!).find((entry) => entry.id === 'quit')?.label).toBe('終了');
      expect(tray!.tooltip).toBe('iFileConverter Desktop: 2 個のファイルを変換中');
    } finally {
      setLanguage('en');
    }
  });

  it('opens the window on a left click and stages files dropped on the icon', () => {
    const acts = actions();
    createAppTray(fakeService({ running: 0, paused: false, recent: [] }), acts);
    const [tray] = electron.trays;
    tray!.handlers.get('click')!();
    expect(acts.openWindow).toHaveBeenCalledOnce();
    tray!.handlers.get('drop-files')!({}, ['/Users/a/x.pdf', '/Users/a/y.csv']);
    expect(acts.dropFiles).toHaveBeenCalledWith(['/Users/a/x.pdf', '/Users/a/y.csv']);
  });

  it('stops listening and removes the icon when destroyed', () => {
    const service = fakeService({ running: 0, paused: false, recent: [] });
    const tray = createAppTray(service, actions());
    expect(service.listenerCount()).toBe(5);
    tray.destroy();
    expect(service.listenerCount()).toBe(0);
    expect(electron.trays[0]!.destroyed).toBe(true);
    tray.refresh(); // a late event after quit must not touch a destroyed tray
  });
});
