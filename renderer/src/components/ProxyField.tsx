// Settings -> Proxy: the system's settings (the default, PAC and WPAD included), none, or this
// proxy. A user name and password typed into the address are kept in the system keychain by
// main, so the address shown here never holds them.
import { useId, useState } from 'react';
import type { Settings } from '../../../shared/ipc/contract.ts';
import { useActions } from '../app-context.tsx';
import { useT } from '../i18n.tsx';

export function ProxyField(props: { settings: Settings }) {
  const proxy = props.settings.proxy ?? { kind: 'system' };
  const t = useT();
  const { updateSettings } = useActions();
  const ids = useId();
  const [url, setUrl] = useState(proxy.kind === 'url' ? proxy.url : '');
  const [kind, setKind] = useState(proxy.kind);
  const choose = (next: 'system' | 'none' | 'url') => {
    setKind(next);
    if (next !== 'url') void updateSettings({ proxy: { kind: next } });
    else if (url.trim()) void updateSettings({ proxy: { kind: 'url', url: url.trim() } });
  };
  return (
    <div className="field">
      <label htmlFor={`${ids}-proxy`}>{t('settings.proxy')}</label>
      <select
        id={`${ids}-proxy`}
        className="input"
        value={kind}
        onChange={(event) => choose(event.target.value as 'system' | 'none' | 'url')}
      >
        <option value="system">{t('settings.proxy.system')}</option>
        <option value="none">{t('settings.proxy.none')}</option>
        <option value="url">{t('settings.proxy.url')}</option>
      </select>
      {kind === 'url' && (
        <div className="input-row">
          <input
            aria-label={t('settings.proxy.address')}
            className="input"
            type="text"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder="http://proxy.example:3128"
            spellCheck={false}
          />
          <button
            type="button"
            className="button secondary"
            disabled={!url.trim()}
            onClick={() => void updateSettings({ proxy: { kind: 'url', url: url.trim() } })}
          >
            {t('settings.proxy.use')}
          </button>
        </div>
      )}
    </div>
  );
}
