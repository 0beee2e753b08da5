// Settings: "Check for updates". Shown only where the app can update itself; under the switch,
// what the last check found (or its one plain sentence when it failed).
import { useId } from 'react';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';

export function UpdateChecksSwitch() {
  const update = useAppState((state) => state.update);
  const enabled = useAppState((state) => state.settings?.updateChecks ?? true);
  const { updateSettings } = useActions();
  const hintId = useId();
  const t = useT();
  if (!update) return null;
  const hint = updateHint(update, t);
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          aria-describedby={hint ? hintId : undefined}
          onChange={(event) => void updateSettings({ updateChecks: event.target.checked })}
        />
        <span>{t('settings.updateChecks')}</span>
      </label>
      {hint && (
        <p className="hint" id={hintId} data-testid="update-hint">
          {hint}
        </p>
      )}
    </>
  );
}

function updateHint(update: UpdateStatus, t: ReturnType<typeof useT>): string | undefined {
  switch (update.phase) {
    case 'checking':
      return t('settings.update.checking');
    case 'downloading':
      return t('settings.update.downloading', {
        version: update.version ?? '',
        percent: update.percent ?? 0,
      });
    case 'ready':
      return update.problem ? failureMessage(update.problem) : undefined;
    case 'failed':
      return update.problem ? failureMessage(update.problem) : undefined;
    case 'current':
      return update.checkedAt === undefined ? undefined : t('settings.update.current');
    case 'off':
      return undefined;
  }
}
