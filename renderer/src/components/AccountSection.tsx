// Settings -> Account: where files are converted (the service or this computer), the service's
// address and proxy, and the API key. The key part shows only with the service: offline needs
// no key. Choosing the service without a key keeps the window behind as it was (App.tsx holds
// the welcome screen back while Settings is open) and says here what is missing.
import { useId, useState } from 'react';
import type { Settings } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { KeyForm } from './KeyForm.tsx';
import { ProxyField } from './ProxyField.tsx';
import { SignUpLink } from './SignUpLink.tsx';
import { useRich, useT } from '../i18n.tsx';

export function AccountSection(props: { settings: Settings }) {
  const cloud = props.settings.endpoint.kind === 'cloud';
  return (
    <>
      <EndpointSection settings={props.settings} />
      {cloud && <KeySection />}
    </>
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
          <>
            <p className="status-warning" data-testid="key-missing">
              {t('settings.key.needed')}
            </p>
            <p className="hint">{t('app.welcome.explainKey')}</p>
            <SignUpLink />
          </>
        )}
      </div>
      <KeyForm
        label={key?.set ? t('settings.key.new') : t('settings.key.label')}
        submitLabel={key?.set ? t('settings.key.replace') : t('settings.key.save')}
        rejectedText={t('settings.key.rejected')}
      />
    </section>
  );
}
