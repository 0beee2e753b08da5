// Settings apply as they are changed (no separate Save): the service, the key, where
// results go, watch folders, what happens on a name clash, how many at once, notifications,
// appearance.
import { useId, useState } from 'react';
import type { ConflictPolicy, Settings } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { Dialog } from './Dialog.tsx';
import { KeyForm } from './KeyForm.tsx';
import { LedgerSection } from './LedgerSection.tsx';
import { SpendCapsSection } from './SpendCapsSection.tsx';
import { ProxyField } from './ProxyField.tsx';
import { WatchFoldersSection } from './WatchFoldersSection.tsx';
import { LanguageField } from './LanguageField.tsx';
import { useRich, useT } from '../i18n.tsx';

export function SettingsDialog() {
  const open = useAppState((state) => state.settingsOpen);
  const settings = useAppState((state) => state.settings);
  const version = useAppState((state) => state.version);
  const { closeSettings } = useActions();
  const t = useT();
  return (
    <Dialog
      open={open}
      title={t('settings.title')}
      onClose={closeSettings}
      className="settings"
      footer={
        <>
          <p className="hint">{t('settings.savedAsYouGo', { version })}</p>
          <button type="button" className="button primary" onClick={closeSettings}>
            {t('settings.done')}
          </button>
        </>
      }
    >
      {settings && <SettingsForm settings={settings} />}
    </Dialog>
  );
}

function SettingsForm(props: { settings: Settings }) {
  const { settings } = props;
  const { updateSettings } = useActions();
  const ids = useId();
  const t = useT();
  return (
    <div className="settings-form" data-testid="settings-form">
      <EndpointSection settings={settings} />
      <KeySection />
      <OutputSection settings={settings} />
      <WatchFoldersSection />
      <LedgerSection />
      <SpendCapsSection />

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
    </div>
  );
}

function EndpointSection(props: { settings: Settings }) {
  const { endpoint } = props.settings;
  const { updateSettings } = useActions();
  const ids = useId();
  const t = useT();
  const [url, setUrl] = useState(endpoint.kind === 'cloud' ? (endpoint.url ?? '') : '');
  const saveUrl = () => {
    const trimmed = url.trim();
    void updateSettings({ endpoint: trimmed ? { kind: 'cloud', url: trimmed } : { kind: 'cloud' } });
  };
  return (
    <fieldset className="settings-section">
      <legend>
        <h3>{t('settings.endpoint')}</h3>
      </legend>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-endpoint`}
          checked={endpoint.kind === 'cloud'}
          onChange={() =>
            void updateSettings({
              endpoint: url.trim() ? { kind: 'cloud', url: url.trim() } : { kind: 'cloud' },
            })
          }
        />
        <span>
          {t('settings.endpoint.cloud')} <span className="hint">{t('settings.endpoint.cloudHint')}</span>
        </span>
      </label>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-endpoint`}
          checked={endpoint.kind === 'local'}
          onChange={() => void updateSettings({ endpoint: { kind: 'local' } })}
        />
        <span>
          {t('settings.endpoint.local')} <span className="hint">{t('settings.endpoint.localHint')}</span>
        </span>
      </label>
      {endpoint.kind === 'cloud' && (
        <details className="advanced" open={Boolean(endpoint.url)}>
          <summary>{t('settings.endpoint.advanced')}</summary>
          <div className="field">
            <label htmlFor={`${ids}-url`}>{t('settings.endpoint.url')}</label>
            <div className="input-row">
              <input
                id={`${ids}-url`}
                className="input"
                type="url"
                value={url}
                onChange={(event) => setUrl(event.target.value)}
                placeholder="https://"
                spellCheck={false}
              />
              <button type="button" className="button secondary" onClick={saveUrl}>
                {t('settings.endpoint.useUrl')}
              </button>
            </div>
          </div>
        </details>
      )}
      {endpoint.kind === 'cloud' && <ProxyField settings={props.settings} />}
    </fieldset>
  );
}

function KeySection() {
  const key = useAppState((state) => state.key);
  const { removeKey } = useActions();
  const ids = useId();
  const t = useT();
  const rich = useRich();
  const where =
    key?.storage === 'env'
      ? t('settings.key.env')
      : key?.storage === 'session'
        ? t('settings.key.session')
        : t('settings.key.keychain');
  return (
    <section className="settings-section" aria-labelledby={`${ids}-key`}>
      <h3 id={`${ids}-key`}>{t('settings.key')}</h3>
      <div className="key-status" data-testid="key-status">
        {key?.set ? (
          <>
            <p>
              {rich('settings.key.set', {
                last4: key.last4 ?? '',
                where,
                mono: (chunks) => (
                  <span key="mono" className="mono">
                    {chunks}
                  </span>
                ),
              })}
            </p>
            {key.storage !== 'env' && (
              <button type="button" className="button secondary small" onClick={() => void removeKey()}>
                {t('settings.key.remove')}
              </button>
            )}
          </>
        ) : (
          <p>{t('settings.key.none')}</p>
        )}
      </div>
      <KeyForm
        label={key?.set ? t('settings.key.new') : t('settings.key.label')}
        submitLabel={key?.set ? t('settings.key.replace') : t('settings.key.save')}
      />
    </section>
  );
}

function OutputSection(props: { settings: Settings }) {
  const { output } = props.settings;
  const { updateSettings, chooseOutputFolder } = useActions();
  const ids = useId();
  const t = useT();
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
          onChange={() => void updateSettings({ output: { kind: 'next-to-source' } })}
        />
        <span>{t('settings.output.next')}</span>
      </label>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-output`}
          checked={output.kind === 'folder'}
          onChange={() => void chooseOutputFolder()}
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
      <button type="button" className="button secondary small" onClick={() => void chooseOutputFolder()}>
        {t('settings.output.choose')}
      </button>
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
        {t(kind === 'explorer' ? 'settings.fileManagerMenu.explorer' : 'settings.fileManagerMenu.linux')}
      </span>
    </label>
  );
}
