// Settings edits the person made that main has not confirmed yet. They stay shown on top of
// whatever main reports meanwhile, so a checkbox never bounces back because an EARLIER save
// (say, a concurrency change that restarts the engine) answered after the click.
import type { Settings } from '../../../shared/ipc/contract.ts';

export interface PendingSettingsEdit {
  id: number;
  patch: Partial<Settings>;
}

/** Main's settings with every unconfirmed edit laid over them, oldest first. */
export function withPendingEdits(settings: Settings, pending: readonly PendingSettingsEdit[]): Settings {
  return Object.assign({}, settings, ...pending.map((edit) => edit.patch)) as Settings;
}

export function withoutEdit(pending: readonly PendingSettingsEdit[], id: number): PendingSettingsEdit[] {
  return pending.filter((edit) => edit.id !== id);
}
