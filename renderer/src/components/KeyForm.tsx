// Masked API key entry with "Test" and "Save", used by onboarding and by Settings.
// The page sends the key to main once and never gets it back (only "ending ...1234").
// Main checks a key with the service before it keeps it, so "Save" also verifies.
import { type FormEvent, useId, useState } from 'react';
import { API_KEY_MIN_LENGTH } from '../../../shared/api-key.ts';
import { failureMessage, messageFor } from '../../../shared/messages.ts';
import type { Failure } from '../../../shared/result.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { formatTokens } from '../view/words.ts';
import { useT } from '../i18n.tsx';

type Status = { tone: 'info' | 'error' | 'success'; text: string };

export function KeyForm(props: {
  label: string;
  submitLabel: string;
  /** What a refused key is told here, where the usual sentence points somewhere unreachable. */
  rejectedText?: string;
}) {
  const { testKey, saveKey } = useActions();
  const keychainAvailable = useAppState((state) => state.key?.keychainAvailable ?? true);
  const [value, setValue] = useState('');
  const [reveal, setReveal] = useState(false);
  const [sessionOnly, setSessionOnly] = useState(false);
  const [status, setStatus] = useState<Status | undefined>();
  const [busy, setBusy] = useState(false);
  const ids = useId();
  const t = useT();

  const typed = value.trim();
  const tooShort = typed.length < API_KEY_MIN_LENGTH;
  const sayIncomplete = () => setStatus({ tone: 'error', text: messageFor('key_incomplete') });
  const sayFailure = (error: Failure): Status => ({
    tone: 'error',
    text: error.code === 'invalid_api_key' && props.rejectedText ? props.rejectedText : failureMessage(error),
  });

  const onTest = async () => {
    // An empty field tests the saved key.
    if (typed && tooShort) return sayIncomplete();
    setBusy(true);
    setStatus({ tone: 'info', text: t('settings.form.checking') });
    const result = await testKey(typed || undefined);
    setBusy(false);
    setStatus(
      result.ok
        ? { tone: 'success', text: t('settings.form.works', { tokens: formatTokens(result.value.tokens) }) }
        : sayFailure(result.error),
    );
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooShort) return sayIncomplete();
    setBusy(true);
    setStatus({ tone: 'info', text: t('settings.form.checking') });
    const result = await saveKey(typed, sessionOnly || !keychainAvailable);
    setBusy(false);
    if (!result.ok) {
      setStatus(sayFailure(result.error));
      return;
    }
    setValue('');
    setStatus({ tone: 'success', text: t('settings.form.saved', { last4: result.value.last4 ?? '' }) });
  };

  return (
    <form className="key-form" onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
      <label htmlFor={`${ids}-key`}>{props.label}</label>
      <div className="key-input-row">
        <input
          id={`${ids}-key`}
          className="input"
          type={reveal ? 'text' : 'password'}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${ids}-hint ${ids}-status`}
          placeholder={t('settings.form.placeholder')}
        />
        <button
          type="button"
          className="button secondary"
          onClick={() => setReveal(!reveal)}
          aria-pressed={reveal}
        >
          {reveal ? t('settings.form.hide') : t('settings.form.show')}
        </button>
      </div>
      <p id={`${ids}-hint`} className="hint">
        {keychainAvailable ? t('settings.form.hint') : t('settings.form.hintNoKeychain')}
      </p>
      {keychainAvailable && (
        <label className="check">
          <input
            type="checkbox"
            checked={sessionOnly}
            onChange={(event) => setSessionOnly(event.target.checked)}
          />
          <span>{t('settings.form.sessionOnly')}</span>
        </label>
      )}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" className="button secondary" onClick={() => void onTest()} disabled={busy}>
          {t('settings.form.test')}
        </button>
      </div>
      <p
        id={`${ids}-status`}
        className={`form-status ${status ? `status-${status.tone}` : ''}`}
        role="status"
        data-testid="key-form-status"
      >
        {status?.text}
      </p>
    </form>
  );
}
