// Settings -> Spending limits: at most so many tokens per batch and per calendar month. A batch
// that would pass one is stopped before anything is sent (the cap dialog says by how much);
// watch folders pause at the monthly one. Empty means no limit.
import { useEffect, useId, useState } from 'react';
import type { SpendCapsSetting } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { formatTokens } from '../view/words.ts';

/** A whole number of tokens, 1 or more, or undefined (no limit) for an empty field. */
function limitOf(text: string): number | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= 1 ? value : 'invalid';
}

export function SpendCapsSection() {
  const t = useT();
  const ids = useId();
  const caps = useAppState((state) => state.settings?.spendCaps);
  const { updateSettings, spendSummary } = useActions();
  const [spent, setSpent] = useState<number | undefined>();
  const [text, setText] = useState({ batch: String(caps?.batch ?? ''), month: String(caps?.month ?? '') });
  useEffect(() => {
    void spendSummary().then((result) => {
      if (result.ok) setSpent(result.value.spent);
    });
  }, [spendSummary]);

  const change = (kind: keyof SpendCapsSetting, value: string) => {
    setText((before) => ({ ...before, [kind]: value }));
    const limit = limitOf(value);
    if (limit === 'invalid') return;
    const next: SpendCapsSetting = { ...caps };
    if (limit === undefined) delete next[kind];
    else next[kind] = limit;
    void updateSettings({ spendCaps: next });
  };

  return (
    <section className="settings-section" aria-labelledby={`${ids}-spend`} data-testid="spend-caps">
      <h3 id={`${ids}-spend`}>{t('settings.spend.title')}</h3>
      <p className="hint" id={`${ids}-hint`}>
        {t('settings.spend.hint')}
      </p>
      {(['batch', 'month'] as const).map((kind) => (
        <div className="field" key={kind}>
          <label htmlFor={`${ids}-${kind}`}>{t(`settings.spend.${kind}`)}</label>
          <input
            id={`${ids}-${kind}`}
            className="input"
            inputMode="numeric"
            aria-describedby={`${ids}-hint`}
            aria-invalid={limitOf(text[kind]) === 'invalid'}
            value={text[kind]}
            onChange={(event) => change(kind, event.target.value)}
          />
        </div>
      ))}
      {spent !== undefined && (
        <p className="hint" data-testid="spent-this-month">
          {t('settings.spend.spent', { tokens: formatTokens(spent) })}
        </p>
      )}
    </section>
  );
}
