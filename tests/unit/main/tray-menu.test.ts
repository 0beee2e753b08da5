import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from '../../../electron/app-service/service.ts';
import { buildTrayMenu, trayBadge, trayTooltip, watchLine } from '../../../electron/main/tray-menu.ts';

function actions() {
  return {
    convertFiles: vi.fn(),
    showInFolder: vi.fn(),
    pauseAll: vi.fn(),
    resumeAll: vi.fn(),
    openWindow: vi.fn(),
    restartToUpdate: vi.fn(),
    quit: vi.fn(),
  };
}

const idle: TrayState = { running: 0, paused: false, recent: [] };

function item(menu: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = menu.find((entry) => entry.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

describe('tray menu', () => {
  it('lists convert, status, recent results, pause, balance, open and quit in that order', () => {
    const menu = buildTrayMenu(idle, actions());
    expect(menu.map((entry) => entry.id ?? entry.type)).toEqual([
      'convert',
      'separator',
      'running',
      'recent',
      'pause',
      'separator',
      'balance',
      'separator',
      'open',
      'quit',
    ]);
    expect(item(menu, 'convert').label).toBe('Convert files…');
    expect(item(menu, 'open').label).toBe('Open iFileConverter Desktop');
  });

  it('disables "Pause all" when nothing runs and shows plain status lines', () => {
    const menu = buildTrayMenu(idle, actions());
    expect(item(menu, 'pause')).toMatchObject({ label: 'Pause all', enabled: false });
    expect(item(menu, 'running')).toMatchObject({ label: 'Nothing converting', enabled: false });
    expect(item(menu, 'balance')).toMatchObject({ label: 'Balance: not known yet', enabled: false });
    expect(item(menu, 'recent').submenu).toEqual([{ label: 'No recent results', enabled: false }]);
  });

  it('pauses a running queue and offers to resume a paused one', () => {
    const running = actions();
    const menu = buildTrayMenu(
      { ...idle, running: 3, balance: { tokens: 950, offline: false, checkedAt: 0 } },
      running,
    );
    expect(item(menu, 'running').label).toBe('Converting 3 files');
    expect(item(menu, 'balance').label).toBe('Balance: 950 tokens');
    const pause = item(menu, 'pause');
    expect(pause).toMatchObject({ label: 'Pause all', enabled: true });
    click(pause);
    expect(running.pauseAll).toHaveBeenCalledOnce();

    const paused = actions();
    const pausedMenu = buildTrayMenu({ ...idle, running: 1, paused: true }, paused);
    expect(item(pausedMenu, 'running').label).toBe('1 file waiting (paused)');
    const resume = item(pausedMenu, 'pause');
    expect(resume).toMatchObject({ label: 'Resume all', enabled: true });
    click(resume);
    expect(paused.resumeAll).toHaveBeenCalledOnce();
    expect(paused.pauseAll).not.toHaveBeenCalled();
  });

  it('shows recent results by name and opens their folder on click', () => {
    const acts = actions();
    const recent = [
      { jobId: 'j2', source: '/d/b.pdf', output: '/d/b.docx', to: 'docx', finishedAt: 2 },
      { jobId: 'j1', source: '/d/a.csv', output: '/d/a.xlsx', to: 'xlsx', finishedAt: 1 },
    ];
    const menu = buildTrayMenu({ ...idle, recent }, acts);
    const submenu = item(menu, 'recent').submenu as MenuItemConstructorOptions[];
    expect(submenu.map((entry) => entry.label)).toEqual(['b.docx', 'a.xlsx']);
    click(submenu[1]!);
    expect(acts.showInFolder).toHaveBeenCalledWith('/d/a.xlsx');
  });

  it('says offline conversions are free, and shows watched folders when there are any', () => {
    const menu = buildTrayMenu(
      { ...idle, watching: 2, balance: { tokens: 1e9, offline: true, checkedAt: 0 } },
      actions(),
    );
    expect(item(menu, 'balance').label).toBe('Offline on this computer: conversions are free');
    expect(item(menu, 'watching').label).toBe('Watching 2 folders');
  });

  it('wires convert, open and quit to their actions', () => {
    const acts = actions();
    const menu = buildTrayMenu(idle, acts);
    click(item(menu, 'convert'));
    click(item(menu, 'open'));
    click(item(menu, 'quit'));
    expect(acts.convertFiles).toHaveBeenCalledOnce();
    expect(acts.openWindow).toHaveBeenCalledOnce();
    expect(acts.quit).toHaveBeenCalledOnce();
  });

  it('puts the running count in the tooltip and the badge', () => {
    expect(trayTooltip(idle)).toBe('iFileConverter Desktop');
    expect(trayTooltip({ running: 12, paused: false })).toBe('iFileConverter Desktop: converting 12 files');
    expect(trayBadge({ running: 12 })).toBe('12');
    expect(trayBadge({ running: 0 })).toBe('');
  });
});

// The watch-folder line: the app service's own words when it has them (paused, waiting for
// tokens), else the count; no line at all without watch folders.
describe('the tray line for watch folders', () => {
  it('says what the watch folders are doing, and is left out when there are none', () => {
    expect(watchLine({ watching: 1 })).toBe('Watching 1 folder');
    expect(watchLine({ watching: 1, watchLine: 'Watching 1 folder (waiting for tokens)' })).toBe(
      'Watching 1 folder (waiting for tokens)',
    );
    expect(watchLine({ watching: 0, watchLine: 'Watch folder paused' })).toBe('Watch folder paused');
    expect(watchLine({ watching: 0 })).toBeUndefined();

    const menu = buildTrayMenu({ ...idle, watching: 2, watchLine: 'Watching 2 folders' }, actions());
    expect(menu.find((entry) => entry.id === 'watching')).toMatchObject({
      label: 'Watching 2 folders',
      enabled: false,
    });
    expect(buildTrayMenu({ ...idle, watching: 0 }, actions()).some((entry) => entry.id === 'watching')).toBe(
      false,
    );
  });

  it('offers "Restart to update" once downloaded, greyed out while files convert', () => {
    expect(buildTrayMenu(idle, actions()).some((entry) => entry.id === 'update')).toBe(false);
    const waiting = buildTrayMenu(
      { ...idle, running: 2, update: { phase: 'ready', version: '1.4.0', canRestart: false } },
      actions(),
    );
    expect(item(waiting, 'update')).toMatchObject({
      label: 'Update 1.4.0 ready: restart once files finish converting',
      enabled: false,
    });
    const acts = actions();
    const ready = buildTrayMenu(
      { ...idle, update: { phase: 'ready', version: '1.4.0', canRestart: true } },
      acts,
    );
    expect(item(ready, 'update').label).toBe('Restart to update (1.4.0)');
    click(item(ready, 'update'));
    expect(acts.restartToUpdate).toHaveBeenCalledOnce();
  });
});
