// Settings in sections (General, Account, Spending limits, Watch folders, Invoice ledger): a side list of tabs and
// one panel at a time, so nothing is a long scroll in a small box. Each panel starts with its
// save rule (settings-sections.tsx). The sections themselves live in their own files.
import { type KeyboardEvent, useId, useRef } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { Dialog } from './Dialog.tsx';
import { SETTINGS_SECTIONS, sectionNamed } from './settings-sections.tsx';
import { useT } from '../i18n.tsx';

export function SettingsDialog() {
  const open = useAppState((state) => state.settingsOpen);
  const settings = useAppState((state) => state.settings);
  const { closeSettings } = useActions();
  const t = useT();
  return (
    <Dialog
      open={open}
      title={t('settings.title')}
      onClose={closeSettings}
      className="settings"
      footer={
        <button type="button" className="button primary" onClick={closeSettings}>
          {t('settings.done')}
        </button>
      }
    >
      {settings && <SettingsTabs />}
    </Dialog>
  );
}

function SettingsTabs() {
  const settings = useAppState((state) => state.settings)!;
  const current = sectionNamed(useAppState((state) => state.settingsSection));
  const { showSettingsSection } = useActions();
  const ids = useId();
  const t = useT();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const tabId = (id: string) => `${ids}-tab-${id}`;
  const panelId = (id: string) => `${ids}-panel-${id}`;

  // The WAI-ARIA tabs pattern: arrows move between sections, Tab goes into the panel.
  const onKeyDown = (event: KeyboardEvent) => {
    const at = SETTINGS_SECTIONS.indexOf(current);
    const last = SETTINGS_SECTIONS.length - 1;
    const next =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? at === last
          ? 0
          : at + 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? at === 0
            ? last
            : at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    showSettingsSection(SETTINGS_SECTIONS[next]!.id);
    tabs.current[next]?.focus();
  };

  return (
    <div className="settings-layout" data-testid="settings-form">
      <div
        className="settings-tabs"
        role="tablist"
        aria-orientation="vertical"
        aria-label={t('settings.sections')}
        onKeyDown={onKeyDown}
      >
        {SETTINGS_SECTIONS.map((section, index) => {
          const selected = section === current;
          return (
            <button
              key={section.id}
              ref={(element) => {
                tabs.current[index] = element;
              }}
              id={tabId(section.id)}
              type="button"
              role="tab"
              className="settings-tab"
              aria-selected={selected}
              aria-controls={panelId(section.id)}
              tabIndex={selected ? 0 : -1}
              onClick={() => showSettingsSection(section.id)}
            >
              {t(section.nameId)}
            </button>
          );
        })}
      </div>
      <div
        className="settings-panel"
        role="tabpanel"
        id={panelId(current.id)}
        aria-labelledby={tabId(current.id)}
        data-testid={`settings-${current.id}`}
      >
        <p className="hint save-rule" data-testid="save-rule">
          {t(current.saveRule)}
        </p>
        {current.render(settings)}
      </div>
    </div>
  );
}
