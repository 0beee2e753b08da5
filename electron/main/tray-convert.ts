// "Convert files…" from the tray, with the window closed: an open dialog, then one question,
// "Convert to which format?", answered with the formats every chosen file can become. When the
// files have no format in common (or too many to offer as buttons) the window takes over and
// asks per file.
import type { StagedFile } from '../../shared/ipc/contract.ts';
import type { AppService } from '../app-service/service.ts';
import { t } from '../../shared/i18n/index.ts';

/** More buttons than this do not fit a message box on every platform. */
export const MAX_TARGET_BUTTONS = 6;

/** Targets every file can become; each file's remembered choice comes first. */
export function commonTargets(files: readonly StagedFile[], defaults: Record<string, string> = {}): string[] {
  const [first, ...rest] = files;
  if (!first) return [];
  const shared = first.targets.filter((target) => rest.every((file) => file.targets.includes(target)));
  const preferred = files.map((file) => defaults[file.from]).filter((target) => target !== undefined);
  return [...new Set([...preferred.filter((target) => shared.includes(target)), ...shared])];
}

export interface TrayConvertDeps {
  service: Pick<AppService, 'handlers' | 'stageExternal'>;
  chooseFiles(): Promise<string[] | undefined>;
  /** Shows the choice; resolves with the index of the button clicked, or -1 if dismissed. */
  askTarget(message: string, buttons: string[]): Promise<number>;
  showWindow(): void;
}

export type TrayConvertOutcome = 'cancelled' | 'started' | 'handed-to-window' | 'nothing-to-convert';

export async function convertFromTray(deps: TrayConvertDeps): Promise<TrayConvertOutcome> {
  const paths = await deps.chooseFiles();
  if (!paths || paths.length === 0) return 'cancelled';
  const snapshot = await deps.service.handlers['app:snapshot']({});
  const defaults = snapshot.ok ? snapshot.value.settings.defaultTargets : {};
  const staged = await deps.service.handlers['files:stageDropped']({ paths });
  const targets = staged.ok ? commonTargets(staged.value.files, defaults) : [];
  if (
    !staged.ok ||
    staged.value.skipped.length > 0 ||
    targets.length === 0 ||
    targets.length > MAX_TARGET_BUTTONS
  ) {
    // Skipped files need explaining and mixed files need a choice each: the window does both.
    if (staged.ok && staged.value.files.length === 0 && staged.value.skipped.length === 0) {
      return 'nothing-to-convert';
    }
    await deps.service.stageExternal(paths);
    deps.showWindow();
    return 'handed-to-window';
  }
  const files = staged.value.files;
  const what =
    files.length === 1
      ? t('desktop.dialog.oneFile', { name: files[0]!.name })
      : t('desktop.dialog.files', { count: files.length });
  const answer = await deps.askTarget(t('desktop.dialog.convertTo', { what }), [
    ...targets.map((target) => target.toUpperCase()),
    t('desktop.dialog.cancel'),
  ]);
  const to = targets[answer];
  if (to === undefined) return 'cancelled';
  const started = await deps.service.handlers['batch:start']({
    items: files.map((file) => ({ stageId: file.stageId, to })),
    partial: false,
  });
  if (!started.ok) {
    // Not enough tokens, no key ...: the window explains and offers what can be done.
    await deps.service.stageExternal(paths);
    deps.showWindow();
    return 'handed-to-window';
  }
  return 'started';
}
