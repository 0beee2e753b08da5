// Settings apply as they are changed (no separate Save): the service, the key, where
// results go, watch folders, what happens on a name clash, how many at once, notifications,
// appearance.
import { useId, useState } from 'react';
import type { ConflictPolicy, Settings } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { Dialog } from './Dialog.tsx';
import { KeyForm } from './KeyForm.tsx';
import { LedgerSection } from './LedgerSection.tsx';
import { WatchFoldersSection } from './WatchFoldersSection.tsx';

export function SettingsDialog() {
  const open = useAppState((state) => state.settingsOpen);
  const settings = useAppState((state) => state.settings);
  const version = useAppState((state) => state.version);
  const { closeSettings } = useActions();
  return (
    <Dialog
      open={open}
      title="Settings"
      onClose={closeSettings}
      className="settings"
      footer={
        <>
          <p className="hint">Changes are saved as you make them. Version {version}</p>
          <button type="button" className="button primary" onClick={closeSettings}>
            Done
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
  return (
    <div className="settings-form" data-testid="settings-form">
      <EndpointSection settings={settings} />
      <KeySection />
      <OutputSection settings={settings} />
      <WatchFoldersSection />
      <LedgerSection />

      <section className="settings-section" aria-labelledby={`${ids}-more`}>
        <h3 id={`${ids}-more`}>Converting</h3>
        <div className="field">
          <label htmlFor={`${ids}-conflict`}>When a file with the same name already exists</label>
          <select
            id={`${ids}-conflict`}
            className="select"
            value={settings.conflict}
            onChange={(event) => void updateSettings({ conflict: event.target.value as ConflictPolicy })}
          >
            <option value="rename">Keep both (add a number to the new one)</option>
            <option value="overwrite">Replace the existing file</option>
            <option value="skip">Skip the file</option>
          </select>
        </div>
        <ConcurrencyField value={settings.concurrency} />
        <label className="check">
          <input
            type="checkbox"
            checked={settings.notifications}
            onChange={(event) => void updateSettings({ notifications: event.target.checked })}
          />
          <span>Notify me when a batch of files is finished</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.launchAtLogin}
            onChange={(event) => void updateSettings({ launchAtLogin: event.target.checked })}
          />
          <span>Start iFileConverter when I log in</span>
        </label>
        <div className="field">
          <label htmlFor={`${ids}-theme`}>Appearance</label>
          <select
            id={`${ids}-theme`}
            className="select"
            value={settings.theme}
            onChange={(event) => void updateSettings({ theme: event.target.value as Settings['theme'] })}
          >
            <option value="system">Same as the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
      </section>
    </div>
  );
}

function EndpointSection(props: { settings: Settings }) {
  const { endpoint } = props.settings;
  const { updateSettings } = useActions();
  const ids = useId();
  const [url, setUrl] = useState(endpoint.kind === 'cloud' ? (endpoint.url ?? '') : '');
  const saveUrl = () => {
    const trimmed = url.trim();
    void updateSettings({ endpoint: trimmed ? { kind: 'cloud', url: trimmed } : { kind: 'cloud' } });
  };
  return (
    <fieldset className="settings-section">
      <legend>
        <h3>Where files are converted</h3>
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
          iFileConverter service <span className="hint">(all formats, uses tokens, needs a key)</span>
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
          This computer, offline <span className="hint">(free, nothing leaves this computer)</span>
        </span>
      </label>
      {endpoint.kind === 'cloud' && (
        <details className="advanced" open={Boolean(endpoint.url)}>
          <summary>Advanced: service address</summary>
          <div className="field">
            <label htmlFor={`${ids}-url`}>Service address (leave empty for the standard one)</label>
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
                Use this address
              </button>
            </div>
          </div>
        </details>
      )}
    </fieldset>
  );
}

function KeySection() {
  const key = useAppState((state) => state.key);
  const { removeKey } = useActions();
  const ids = useId();
  const where =
    key?.storage === 'env'
      ? 'from the IFC_API_KEY environment variable'
      : key?.storage === 'session'
        ? 'for this session only'
        : 'in the system keychain';
  return (
    <section className="settings-section" aria-labelledby={`${ids}-key`}>
      <h3 id={`${ids}-key`}>API key</h3>
      <div className="key-status" data-testid="key-status">
        {key?.set ? (
          <>
            <p>
              A key is set, ending <span className="mono">…{key.last4}</span>, kept {where}.
            </p>
            {key.storage !== 'env' && (
              <button type="button" className="button secondary small" onClick={() => void removeKey()}>
                Remove key
              </button>
            )}
          </>
        ) : (
          <p>No key is set.</p>
        )}
      </div>
      <KeyForm label={key?.set ? 'New key' : 'Key'} submitLabel={key?.set ? 'Replace key' : 'Save key'} />
    </section>
  );
}

function OutputSection(props: { settings: Settings }) {
  const { output } = props.settings;
  const { updateSettings, chooseOutputFolder } = useActions();
  const ids = useId();
  return (
    <fieldset className="settings-section">
      <legend>
        <h3>Where converted files are saved</h3>
      </legend>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-output`}
          checked={output.kind === 'next-to-source'}
          onChange={() => void updateSettings({ output: { kind: 'next-to-source' } })}
        />
        <span>Next to the original file</span>
      </label>
      <label className="radio">
        <input
          type="radio"
          name={`${ids}-output`}
          checked={output.kind === 'folder'}
          onChange={() => void chooseOutputFolder()}
        />
        <span>
          In one folder
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
        Choose folder…
      </button>
    </fieldset>
  );
}

function ConcurrencyField(props: { value: number }) {
  const { updateSettings } = useActions();
  const ids = useId();
  return (
    <div className="field">
      <label htmlFor={`${ids}-concurrency`}>Files converted at the same time</label>
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
