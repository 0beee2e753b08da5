// The window's language: the person's choice in Settings, else the OS's languages as main
// reported them (Electron's, not the page's navigator, which can differ). Changing it
// re-renders every component that reads words through useT(), without a restart.
import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { type IntlShape, RawIntlProvider, useIntl } from 'react-intl';
import { type MessageId, type MessageValues, resolveLanguage, setLanguage } from '../../shared/i18n/index.ts';
import { useAppState } from './app-context.tsx';

export function LanguageProvider(props: { children: ReactNode }) {
  const choice = useAppState((state) => state.settings?.language);
  const system = useAppState((state) => state.systemLocales);
  // Before main has answered, the page's own languages are the best guess.
  const locale = resolveLanguage(choice, system ?? navigator.languages);
  // Made active during render, so view helpers outside React (job-phase.ts, words.ts) and
  // messageFor answer in the same language as this render.
  // The same formatter object as shared/i18n's; react-intl types it for React elements.
  const intl = useMemo(() => setLanguage(locale) as unknown as IntlShape, [locale]);
  setLanguage(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <RawIntlProvider value={intl}>{props.children}</RawIntlProvider>;
}

export type Translate = (id: MessageId, values?: MessageValues) => string;

/** The words of the current language; a component using it re-renders when it changes. */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values) as string, [intl]);
}

/** A message with markup (<b>…</b>): each tag becomes the element `tags` gives for it. */
export function useRich(): (
  id: MessageId,
  values: Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>,
) => ReactNode {
  const intl = useIntl();
  return useCallback(
    (id, values) => intl.formatMessage({ id }, values as Record<string, never>) as ReactNode,
    [intl],
  );
}
