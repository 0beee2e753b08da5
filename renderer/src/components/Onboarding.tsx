// First run with no key: paste a key, or use the converter on this computer (no account).
// Everything needed is on this screen (Settings is not reachable from it): what a key and a
// token are, where to get a key, what a refused key means, and what offline can and cannot do.
import { useState } from 'react';
import { useActions } from '../app-context.tsx';
import { Icon } from './icons.tsx';
import { KeychainNotice } from './KeychainNotice.tsx';
import { KeyForm } from './KeyForm.tsx';
import { SignUpLink } from './SignUpLink.tsx';
import { useT } from '../i18n.tsx';

export function Onboarding() {
  const { goOffline } = useActions();
  const [busy, setBusy] = useState(false);
  const t = useT();
  return (
    <section className="onboarding" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('app.welcome.title')}</h1>
      <p className="lead">{t('app.welcome.lead')}</p>
      <KeychainNotice />
      <div className="onboarding-choices">
        <section className="card choice" aria-labelledby="choice-cloud">
          <h2 id="choice-cloud">
            <Icon name="cloud" className="accent-icon" /> {t('app.welcome.cloud')}
          </h2>
          <p>{t('app.welcome.cloudText')}</p>
          <p className="hint" data-testid="key-explained">
            {t('app.welcome.explainKey')}
          </p>
          <SignUpLink />
          <KeyForm
            label={t('app.welcome.keyLabel')}
            submitLabel={t('app.welcome.continue')}
            rejectedText={t('app.welcome.keyRejected')}
          />
        </section>
        <section className="card choice" aria-labelledby="choice-offline">
          <h2 id="choice-offline">
            <Icon name="computer" className="accent-icon" /> {t('app.welcome.offline')}
          </h2>
          <ul className="offline-facts" data-testid="offline-facts">
            <li>{t('app.welcome.offlineCan')}</li>
            <li>{t('app.welcome.offlinePrivate')}</li>
            <li>{t('app.welcome.offlineCannot')}</li>
          </ul>
          <button
            type="button"
            className="button primary large"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await goOffline();
              setBusy(false);
            }}
          >
            {t('app.welcome.tryOffline')}
          </button>
        </section>
      </div>
    </section>
  );
}
