// The keychain did not answer (or refused) while the app started: one sentence, "Try again",
// and a way to go on with a key kept for this session only. The app itself did not wait.
import { useState } from 'react';
import { messageFor } from '../../../shared/messages.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';

export function KeychainNotice() {
  const t = useT();
  const problem = useAppState((state) => state.key?.problem);
  const { retryKeychain } = useActions();
  const [busy, setBusy] = useState(false);
  if (!problem) return null;
  return (
    <div className="card keychain-notice" role="alert" data-testid="keychain-notice">
      <p>{messageFor(problem)}</p>
      <div className="button-row">
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await retryKeychain();
            setBusy(false);
          }}
        >
          {t('app.keychain.retry')}
        </button>
        <button
          type="button"
          className="button secondary"
          // Without a keychain answer the key form keeps the key for this session only.
          onClick={() => document.querySelector<HTMLInputElement>('.onboarding .key-form input')?.focus()}
        >
          {t('app.keychain.sessionOnly')}
        </button>
      </div>
    </div>
  );
}
