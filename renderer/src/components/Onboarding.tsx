// First run with no key: paste a key, or use the converter on this computer (no account).
import { useState } from 'react';
import { useActions } from '../app-context.tsx';
import { Icon } from './icons.tsx';
import { KeychainNotice } from './KeychainNotice.tsx';
import { KeyForm } from './KeyForm.tsx';

export function Onboarding() {
  const { goOffline } = useActions();
  const [busy, setBusy] = useState(false);
  return (
    <section className="onboarding" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to iFileConverter</h1>
      <p className="lead">
        Drop files on this window, pick a format, and the converted files are saved next to the originals.
        Choose how to convert:
      </p>
      <KeychainNotice />
      <div className="onboarding-choices">
        <section className="card choice" aria-labelledby="choice-cloud">
          <h2 id="choice-cloud">
            <Icon name="cloud" className="accent-icon" /> With your account
          </h2>
          <p>All formats, converted by the iFileConverter service. Each file costs a few tokens.</p>
          <KeyForm label="API key" submitLabel="Continue" />
        </section>
        <section className="card choice" aria-labelledby="choice-offline">
          <h2 id="choice-offline">
            <Icon name="computer" className="accent-icon" /> Without an account
          </h2>
          <p>
            Converts on this computer: free, nothing leaves it, no key needed. You can add a key later in
            Settings.
          </p>
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
            Try it offline on this computer
          </button>
        </section>
      </div>
    </section>
  );
}
