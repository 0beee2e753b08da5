// The app's words in the chosen language, for code outside React (the page's view helpers,
// main's tray and notifications, `ifc`). Built on FormatJS (@formatjs/intl): ICU messages,
// plurals and Intl number/date formatting with one API here and in react-intl in the page.
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { flatten, type MessageId, SOURCE, TRANSLATIONS } from './catalog.ts';
import { activeIntl, setActiveIntl } from './active.ts';
import { PSEUDO_LOCALE, SOURCE_LOCALE, type UiLocale } from './languages.ts';
import { pseudoLocalize } from './pseudo.ts';

export type { MessageId } from './catalog.ts';
export type MessageValues = Record<string, string | number | Date | ((chunks: string[]) => string)>;

const cache = createIntlCache();
const built = new Map<UiLocale, IntlShape<string>>();

/** Every message of `locale`, English where a translation is missing (a code added since). */
export function messagesFor(locale: UiLocale): Record<string, string> {
  const english = flatten(SOURCE);
  if (locale === 'en') return english;
  if (locale === PSEUDO_LOCALE) {
    return Object.fromEntries(Object.entries(english).map(([id, text]) => [id, pseudoLocalize(text)]));
  }
  return { ...english, ...flatten(TRANSLATIONS[locale]) };
}

/** The formatter for `locale` (made once per process and locale). */
export function intlFor(locale: UiLocale): IntlShape<string> {
  let intl = built.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale,
        defaultLocale: SOURCE_LOCALE,
        messages: messagesFor(locale),
        // A message that cannot be formatted shows its English id instead of throwing; the
        // catalogue test keeps that from happening in a release.
        onError: (error) => {
          if (error.code !== 'MISSING_TRANSLATION') console.error(`i18n: ${error.message}`);
        },
      },
      cache,
    );
    built.set(locale, intl);
  }
  return intl;
}

/** Makes `locale` this process's language (the tray, notifications, messageFor follow). */
export function setLanguage(locale: UiLocale): IntlShape<string> {
  const intl = intlFor(locale);
  if (activeIntl() !== intl) setActiveIntl(intl);
  return intl;
}

/** The active formatter; English until a language is chosen. */
export function intl(): IntlShape<string> {
  return activeIntl() ?? setLanguage(SOURCE_LOCALE);
}

export function currentLanguage(): string {
  return intl().locale;
}

/** One message in the active language. */
export function t(id: MessageId, values?: MessageValues): string {
  return intl().formatMessage({ id }, values) as string;
}
