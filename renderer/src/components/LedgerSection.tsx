// Settings -> Invoice ledger: on this computer (a file in the app's state folder) or a team's
// PostgreSQL server (its address here, its password to the system keychain), with "Test
// connection" saying plainly whether the ledger answers.
import { useEffect, useId, useState } from 'react';
import type { LedgerChoice, LedgerStatus } from '../../../shared/ipc/contract.ts';
import { useActions } from '../app-context.tsx';
import { useT } from '../i18n.tsx';

export function LedgerSection() {
  const t = useT();
  const { ledgerStatus, setLedger, testLedger } = useActions();
  const ids = useId();
  const [status, setStatus] = useState<LedgerStatus | undefined>();
  const [kind, setKind] = useState<LedgerChoice['kind']>('local');
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [said, setSaid] = useState<string | undefined>();
  useEffect(() => {
    void ledgerStatus().then((result) => {
      if (!result.ok) return;
      setStatus(result.value);
      setKind(result.value.choice.kind);
      if (result.value.choice.kind === 'postgres') setUrl(result.value.choice.url);
    });
  }, [ledgerStatus]);
  const choice = (): LedgerChoice => (kind === 'postgres' ? { kind, url: url.trim() } : { kind: 'local' });
  return (
    <section className="settings-section" aria-labelledby={`${ids}-ledger`}>
      <h3 id={`${ids}-ledger`}>{t('settings.ledger.title')}</h3>
      <div className="field">
        <label htmlFor={`${ids}-kind`}>{t('settings.ledger.keep')}</label>
        <select
          id={`${ids}-kind`}
          className="select"
          value={kind}
          onChange={(event) => setKind(event.target.value as LedgerChoice['kind'])}
        >
          <option value="local">{t('settings.ledger.local')}</option>
          <option value="postgres">{t('settings.ledger.postgres')}</option>
        </select>
      </div>
      {kind === 'postgres' && (
        <>
          <div className="field">
            <label htmlFor={`${ids}-url`}>{t('settings.ledger.url')}</label>
            <input
              id={`${ids}-url`}
              className="input"
              value={url}
              placeholder="postgres://user@host:5432/database"
              onChange={(event) => setUrl(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-password`}>{t('settings.ledger.password')}</label>
            <input
              id={`${ids}-password`}
              className="input"
              type="password"
              autoComplete="off"
              value={password}
              placeholder={status?.passwordSet ? t('settings.ledger.passwordSaved') : ''}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
        </>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button secondary small"
          onClick={async () => {
            const result = await testLedger(choice(), password || undefined);
            setSaid(
              result.ok
                ? t('settings.ledger.answers', { count: result.value.invoices })
                : result.error.message,
            );
          }}
        >
          {t('settings.ledger.test')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={async () => {
            const result = await setLedger(choice(), password || undefined);
            if (result.ok) {
              setStatus(result.value);
              setPassword('');
              setSaid(t('settings.ledger.saved', { location: result.value.location }));
            } else setSaid(result.error.message);
          }}
        >
          {t('settings.ledger.save')}
        </button>
      </div>
      {status && <p className="hint path">{status.location}</p>}
      {said && (
        <p className="hint" role="status">
          {said}
        </p>
      )}
    </section>
  );
}
