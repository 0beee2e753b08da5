// The tray icon: lives while the window is closed, shows how many files are converting, and
// rebuilds its menu when the engine, the balance or the recent results change. Files dropped
// on the icon (macOS) are staged like any other hand-over.
import { app, Menu, nativeImage, Tray } from 'electron';
import type { AppService } from '../app-service/service.ts';
import { resourcePath } from './resources.ts';
import { buildTrayMenu, type TrayActions, trayBadge, trayTooltip } from './tray-menu.ts';

export function trayIconPath(platform: NodeJS.Platform = process.platform): string {
  // macOS wants a black "Template" image it tints for light and dark menu bars (the @2x file
  // beside it is picked up automatically); Windows an .ico with 16 and 32 px; Linux a PNG.
  if (platform === 'darwin') return resourcePath('tray', 'trayTemplate.png');
  if (platform === 'win32') return resourcePath('tray', 'tray.ico');
  return resourcePath('tray', 'tray.png');
}

export interface AppTray {
  refresh(): void;
  /** What the tooltip says now (the smoke test reads it). */
  tooltip(): string;
  destroy(): void;
}

export function createAppTray(
  service: Pick<AppService, 'trayState' | 'on'>,
  actions: TrayActions & { dropFiles(paths: string[]): void },
): AppTray {
  const image = nativeImage.createFromPath(trayIconPath());
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  let tooltip = '';
  const refresh = () => {
    if (tray.isDestroyed()) return;
    const state = service.trayState();
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(state, actions)));
    tooltip = trayTooltip(state);
    tray.setToolTip(tooltip);
    if (process.platform === 'darwin') tray.setTitle(trayBadge(state));
    // Dock badge on macOS, launcher count on Unity-like Linux desktops; ignored elsewhere.
    app.setBadgeCount(state.running);
  };
  // A left click on Windows and Linux opens the window; the right click shows the menu.
  tray.on('click', () => actions.openWindow());
  tray.on('drop-files', (_event, files) => actions.dropFiles(files));
  const unsubscribe = [
    service.on('engine:status', refresh),
    service.on('balance:changed', refresh),
    service.on('history:changed', refresh),
    // A new language in Settings: the menu and tooltip are said again in it.
    service.on('settings:changed', refresh),
    // "Restart to update" comes once downloaded and while nothing converts.
    service.on('update:changed', refresh),
  ];
  refresh();
  return {
    refresh,
    tooltip: () => tooltip,
    destroy() {
      for (const off of unsubscribe) off();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
