// The desktop's platform adapters for an app service that runs with nobody at the screen:
// no dialogs (a pick is cancelled), nothing shown, no notifications.
import type { PlatformAdapters } from '../../electron/app-service/service.ts';

export function headlessPlatform(): PlatformAdapters {
  return {
    chooseFiles: async () => undefined,
    chooseFolder: async () => undefined,
    showInFolder: () => undefined,
    openPath: async () => '',
    notify: () => undefined,
  };
}
