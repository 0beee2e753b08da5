// The tray's right-click menu as plain data: built from the app service's tray state and a set
// of actions, so a unit test can check every item, its enabled state and what a click does.
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from '../app-service/service.ts';
import { t } from '../../shared/i18n/index.ts';

export interface TrayActions {
  convertFiles(): void;
  showInFolder(path: string): void;
  pauseAll(): void;
  resumeAll(): void;
  openWindow(): void;
  quit(): void;
  /** Installs the downloaded update and restarts (only offered while nothing converts). */
  restartToUpdate(): void;
}

export const PRODUCT_NAME = 'iFileConverter Desktop';

export function balanceLine(state: Pick<TrayState, 'balance'>): string {
  if (!state.balance) return t('desktop.tray.balanceUnknown');
  if (state.balance.offline) return t('desktop.tray.offline');
  return t('desktop.tray.balance', { count: state.balance.tokens });
}

export function runningLine(state: Pick<TrayState, 'running' | 'paused'>): string {
  if (state.running === 0) return t('desktop.tray.idle');
  return t(state.paused ? 'desktop.tray.waitingPaused' : 'desktop.tray.converting', { count: state.running });
}

/** Tooltip (all platforms) and the short text shown next to the icon on macOS. */
export function trayTooltip(state: Pick<TrayState, 'running' | 'paused'>): string {
  if (state.running === 0) return PRODUCT_NAME;
  // "Converting 2 files" reads "converting 2 files" after the colon; languages without
  // capitals (Japanese) are unchanged by toLocaleLowerCase.
  const line = runningLine(state);
  const lowered = line.charAt(0).toLocaleLowerCase() + line.slice(1);
  return t('desktop.tray.tooltip', { product: PRODUCT_NAME, state: lowered });
}

export function trayBadge(state: Pick<TrayState, 'running'>): string {
  return state.running > 0 ? String(state.running) : '';
}

/** "Watching 2 folders", or what holds them (paused, waiting for tokens); undefined if none. */
export function watchLine(state: Pick<TrayState, 'watching' | 'watchLine'>): string | undefined {
  if (state.watchLine) return state.watchLine;
  return state.watching ? t('desktop.tray.watching', { count: state.watching }) : undefined;
}

/** "Restart to update" once an update is downloaded; greyed out while files convert. */
export function updateItems(
  state: Pick<TrayState, 'update'>,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const update = state.update;
  if (update?.phase !== 'ready' || !update.version) return [];
  const item: MenuItemConstructorOptions = update.canRestart
    ? {
        id: 'update',
        label: t('desktop.tray.restartToUpdate', { version: update.version }),
        click: () => actions.restartToUpdate(),
      }
    : { id: 'update', label: t('desktop.tray.updateWaiting', { version: update.version }), enabled: false };
  return [item, { type: 'separator' }];
}

export function buildTrayMenu(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: t('desktop.tray.noRecent'), enabled: false }]
      : state.recent.map((entry) => ({
          label: basename(entry.output),
          toolTip: entry.output,
          click: () => actions.showInFolder(entry.output),
        }));
  const canToggle = state.paused || state.running > 0;
  return [
    { id: 'convert', label: t('desktop.tray.convertFiles'), click: () => actions.convertFiles() },
    { type: 'separator' },
    { id: 'running', label: runningLine(state), enabled: false },
    ...(watchLine(state) ? [{ id: 'watching', label: watchLine(state), enabled: false }] : []),
    { id: 'recent', label: t('desktop.tray.recent'), submenu: recent },
    state.paused
      ? {
          id: 'pause',
          label: t('desktop.tray.resumeAll'),
          enabled: canToggle,
          click: () => actions.resumeAll(),
        }
      : {
          id: 'pause',
          label: t('desktop.tray.pauseAll'),
          enabled: canToggle,
          click: () => actions.pauseAll(),
        },
    { type: 'separator' },
    { id: 'balance', label: balanceLine(state), enabled: false },
    { type: 'separator' },
    ...updateItems(state, actions),
    {
      id: 'open',
      label: t('desktop.tray.open', { product: PRODUCT_NAME }),
      click: () => actions.openWindow(),
    },
    { id: 'quit', label: t('desktop.tray.quit'), click: () => actions.quit() },
  ];
}
