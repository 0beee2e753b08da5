// Settings -> General: where results go, what happens on a name clash, how many at once,
// notifications, start at login, the file manager's menu, appearance and language. Every
// choice here applies as it is made.
import { useId, useState } from 'react';
import type { ConflictPolicy, Settings } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { LanguageField } from './LanguageField.tsx';
import { UpdateChecksSwitch } from './UpdateChecksSwitch.tsx';
import { useT } from '../i18n.tsx';

export function GeneralSection(props: { settings: Settings }) {
  const { settings } = props;
  const { updateSettings } = useActions();
  const ids = useId();
  const t = useT();
  return (
    <>
      <OutputSection settings={settings} />
      <section className="settings-section" aria-labelledby={`${ids}-more`}>
        <h3 id={`${ids}-more`}>{t('settings.converting')}</h3>
        <div className="field">
          <label htmlFor={`${ids}-conflict`}>{t('settings.conflict')}</label>
          <select
            id={`${ids}-conflict`}
            className="select"
            value={settings.conflict}
            onChange={(event) => void updateSettings({ conflict: event.target.value as ConflictPolicy })}
          >
            <option value="rename">{t('settings.conflict.rename')}</option>
            <option value="overwrite">{t('settings.conflict.overwrite')}</option>
            <option value="skip">{t('settings.conflict.skip')}</option>
          </select>
        </div>
        <ConcurrencyField value={settings.concurrency} />
        <label className="check">
          <input
            type="checkbox"
            checked={settings.notifications}
            onChange={(event) => void updateSettings({ notifications: event.target.checked })}
          />
          <span>{t('settings.notifications')}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.launchAtLogin}
            onChange={(event) => void updateSettings({ launchAtLogin: event.target.checked })}
          />
          <span>{t('settings.launchAtLogin')}</span>
        </label>
        <FileManagerMenuSwitch settings={settings} />
        <UpdateChecksSwitch />
      </section>
      <section className="settings-section" aria-labelledby={`${ids}-look`}>
        <h3 id={`${ids}-look`}>{t('settings.display')}</h3>
        <div className="field">
          <label htmlFor={`${ids}-theme`}>{t('settings.appearance')}</label>
          <select
            id={`${ids}-theme`}
            className="select"
            value={settings.theme}
            onChange={(event) => void updateSettings({ theme: event.target.value as Settings['theme'] })}
          >
            <option value="system">{t('settings.theme.system')}</option>
            <option value="light">{t('settings.theme.light')}</option>
            <option value="dark">{t('settings.theme.dark')}</option>
          </select>
        </div>
        <LanguageField value={settings.language} />
      </section>
    </>
  );
}

function OutputSection(props: { settings: Settings }) {
  const { output } = props.settings;
  const { updateSettings, chooseOutputFolder } = useActions();
  const ids = useId();
  const t = useT();
  const [status, setStatus] = useState<string | undefined>();
  const choose = async () => {
    setStatus(undefined);
    const outcome = await chooseOutputFolder();
    // A cancelled picker leaves the choice as it was; the person is told so, here.
    if (outcome === 'kept') {
      setStatus(output.kind === 'folder' ? t('settings.output.keptFolder') : t('settings.output.keptNext'));
    }
  };
  return (
    <fieldset className="settings-section">
      <legend>
        <h3>{t('settings.output')}</h3>
      </legend>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-output`}
          checked={output.kind === 'next-to-source'}
          onChange={() => {
            setStatus(undefined);
            void updateSettings({ output: { kind: 'next-to-source' } });
          }}
        />
        <span>{t('settings.output.next')}</span>
      </label>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-output`}
          checked={output.kind === 'folder'}
          onChange={() => void choose()}
        />
        <span>
          {t('settings.output.folder')}
          {output.kind === 'folder' && (
            <>
              :{' '}
              <span className="path" data-testid="output-folder">
                {output.path}
              </span>
            </>
          )}
        </span>
      </label>
      <button type="button" className="button secondary small" onClick={() => void choose()}>
        {t('settings.output.choose')}
      </button>
      <p className="form-status status-info" role="status" data-testid="output-status">
        {status}
      </p>
    </fieldset>
  );
}

function ConcurrencyField(props: { value: number }) {
  const { updateSettings } = useActions();
  const ids = useId();
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`${ids}-concurrency`}>{t('settings.concurrency')}</label>
      <select
        id={`${ids}-concurrency`}
        className="select narrow"
        value={props.value}
        onChange={(event) => void updateSettings({ concurrency: Number(event.target.value) })}
      >
        {Array.from({ length: 16 }, (_, index) => index + 1).map((count) => (
          <option key={count} value={count}>
            {count}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Convert with iFileConverter" where the files are; only where main can write the menu. */
function FileManagerMenuSwitch(props: { settings: Settings }) {
  const t = useT();
  const kind = useAppState((state) => state.fileManagerMenu);
  const { updateSettings } = useActions();
  if (!kind) return null;
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={props.settings.fileManagerMenu}
        onChange={(event) => void updateSettings({ fileManagerMenu: event.target.checked })}
      />
      <span>
        {t(
          kind === 'explorer'
            ? 'settings.fileManagerMenu.explorer'
            : kind === 'finder'
              ? 'settings.fileManagerMenu.finder'
              : 'settings.fileManagerMenu.linux',
        )}
      </span>
    </label>
  );
}
