// Finder's right-click Services / Quick Actions as the Info.plist NSServices array
// (electron-builder.yml `mac.extendInfo`). macOS has no submenus there, so each target is its
// own item ("Convert with iFileConverter to PDF"), offered only for the types that can become
// it (NSSendFileTypes holds Apple's type identifiers). Every item sends the same message; its
// NSUserData says the target (or "open"). NSRequiredContext present, even empty, makes the
// item shown without a trip to System Settings (macOS's standard services policy leaves services
// without it disabled). Electron has no hook for answering the message: see README.
import {
  APP_NAME,
  type Conversions,
  CONVERT_MENU_LABEL,
  menuSources,
  menuTargets,
  OPEN_MENU_LABEL,
  targetLabel,
} from './menu-formats.ts';

export const SERVICE_MESSAGE = 'handleFiles';
export const OPEN_USER_DATA = 'open';

export interface MacService {
  NSMenuItem: { default: string };
  NSMessage: string;
  NSPortName: string;
  NSSendFileTypes: string[];
  NSRequiredContext: Record<string, never>;
  NSUserData: string;
}

export function macServices(conversions: Conversions): MacService[] {
  const sources = menuSources(conversions);
  const service = (label: string, userData: string, utis: string[]): MacService => ({
    NSMenuItem: { default: label },
    NSMessage: SERVICE_MESSAGE,
    NSPortName: APP_NAME,
    NSSendFileTypes: [...new Set(utis)].sort(),
    NSRequiredContext: {},
    NSUserData: userData,
  });
  return [
    ...menuTargets(conversions).map((to) =>
      service(
        `${CONVERT_MENU_LABEL} to ${targetLabel(to)}`,
        to,
        sources.filter((source) => source.targets.includes(to)).map((source) => source.uti),
      ),
    ),
    service(
      OPEN_MENU_LABEL,
      OPEN_USER_DATA,
      sources.map((source) => source.uti),
    ),
  ];
}

/** The arguments a service request becomes, the same as the other platforms' command line. */
export function argsForService(userData: string, paths: readonly string[]): string[] {
  return userData === OPEN_USER_DATA ? ['--open', ...paths] : [`--convert-to=${userData}`, ...paths];
}
