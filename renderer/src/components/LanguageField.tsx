// Settings -> Language: the system's language (named, so the person sees what "system" means)
// or one chosen by name, each written in itself. Applies at once, without a restart.
import { useId } from 'react';
import {
  LANGUAGE_CHOICES,
  LANGUAGE_NAMES,
  type LanguageChoice,
  matchLocale,
} from '../../../shared/i18n/index.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';

export function LanguageField(props: { value: LanguageChoice }) {
  const { updateSettings } = useActions();
  const system = useAppState((state) => state.systemLocales ?? []);
  const ids = useId();
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`${ids}-language`}>{t('settings.language')}</label>
      <select
        id={`${ids}-language`}
        className="select"
        value={props.value}
        onChange={(event) => void updateSettings({ language: event.target.value as LanguageChoice })}
        data-testid="language"
      >
        {LANGUAGE_CHOICES.map((choice) =>
          choice === 'system' ? (
            <option key={choice} value={choice}>
              {t('settings.language.system', { name: LANGUAGE_NAMES[matchLocale(system)] })}
            </option>
          ) : (
            <option key={choice} value={choice} lang={choice}>
              {LANGUAGE_NAMES[choice]}
            </option>
          ),
        )}
      </select>
    </div>
  );
}
