// The tray's right-click menu as plain data: built from the app service's tray state and a set
// of actions, so a unit test can check every item, its enabled state and what a click does.
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from '../app-service/service.ts';

export interface TrayActions {
  convertFiles(): void;
  showInFolder(path: string): void;
  pauseAll(): void;
  resumeAll(): void;
  openWindow(): void;
  quit(): void;
}

export const PRODUCT_NAME = 'iFileConverter Desktop';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function balanceLine(state: Pick<TrayState, 'balance'>): string {
  if (!state.balance) return 'Balance: not known yet';
  if (state.balance.offline) return 'Offline on this computer: conversions are free';
  return `Balance: ${plural(state.balance.tokens, 'token', 'tokens')}`;
}

export function runningLine(state: Pick<TrayState, 'running' | 'paused'>): string {
  if (state.running === 0) return 'Nothing converting';
  const files = plural(state.running, 'file', 'files');
  return state.paused ? `${files} waiting (paused)` : `Converting ${files}`;
}

/** Tooltip (all platforms) and the short text shown next to the icon on macOS. */
export function trayTooltip(state: Pick<TrayState, 'running' | 'paused'>): string {
  return state.running === 0 ? PRODUCT_NAME : `${PRODUCT_NAME}: ${runningLine(state).toLowerCase()}`;
}

export function trayBadge(state: Pick<TrayState, 'running'>): string {
  return state.running > 0 ? String(state.running) : '';
}

/** "Watching 2 folders", or what holds them (paused, waiting for tokens); undefined if none. */
export function watchLine(state: Pick<TrayState, 'watching' | 'watchLine'>): string | undefined {
  if (state.watchLine) return state.watchLine;
  return state.watching ? `Watching ${plural(state.watching, 'folder', 'folders')}` : undefined;
}

export function buildTrayMenu(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No recent results', enabled: false }]
      : state.recent.map((entry) => ({
          label: basename(entry.output),
          toolTip: entry.output,
          click: () => actions.showInFolder(entry.output),
        }));
  const canToggle = state.paused || state.running > 0;
  return [
    { id: 'convert', label: 'Convert files…', click: () => actions.convertFiles() },
    { type: 'separator' },
    { id: 'running', label: runningLine(state), enabled: false },
    ...(watchLine(state) ? [{ id: 'watching', label: watchLine(state), enabled: false }] : []),
    { id: 'recent', label: 'Recent results', submenu: recent },
    state.paused
      ? { id: 'pause', label: 'Resume all', enabled: canToggle, click: () => actions.resumeAll() }
      : { id: 'pause', label: 'Pause all', enabled: canToggle, click: () => actions.pauseAll() },
    { type: 'separator' },
    { id: 'balance', label: balanceLine(state), enabled: false },
    { type: 'separator' },
    { id: 'open', label: `Open ${PRODUCT_NAME}`, click: () => actions.openWindow() },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}
