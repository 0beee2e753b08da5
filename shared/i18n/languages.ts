// Which languages the app speaks and how a person's or the system's preference maps onto them.
// Pure string logic so main, the page and `ifc` all pick the same language for the same input.

/** The complete locales, English first (it is the source every other one is checked against). */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** Accented, 40 % longer English: for seeing clipped or overlapping text, never shipped as a choice by name. */
export const PSEUDO_LOCALE = 'en-XA';
export type UiLocale = Locale | typeof PSEUDO_LOCALE;

/** What Settings stores: follow the system, or one of the locales. */
export const LANGUAGE_CHOICES = ['system', ...LOCALES, PSEUDO_LOCALE] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

export const SOURCE_LOCALE: Locale = 'en';

/** Each language's name in itself, as the language menu shows it (a person looks for their own). */
export const LANGUAGE_NAMES: Record<UiLocale, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
  'en-XA': 'Ƥşèüđô (en-XA)',
};

/** The first supported locale among BCP 47 tags in order of preference ("de-AT" -> de), else English. */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const found = LOCALES.find((locale) => locale === primary);
    if (found) return found;
  }
  return SOURCE_LOCALE;
}

/** The language the person gets: their choice in Settings, or the system's. */
export function resolveLanguage(choice: LanguageChoice | undefined, system: readonly string[]): UiLocale {
  if (choice && choice !== 'system') return choice;
  return matchLocale(system);
}

/**
 * The locale a POSIX shell asks for, in the order gettext reads it: LC_ALL, then LC_MESSAGES,
 * then LANG ("de_DE.UTF-8" -> de). LANGUAGE (a colon list) is honoured first when the locale
 * is not C/POSIX, as gettext does.
 */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  const pick = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value && value.length > 0);
  if (!pick || /^(C|POSIX)([._@]|$)/.test(pick)) return SOURCE_LOCALE;
  const posix = (value: string) => value.split(/[.@]/)[0]!.replace('_', '-');
  const list = [...(env.LANGUAGE ? env.LANGUAGE.split(':') : []), pick].filter(Boolean).map(posix);
  return matchLocale(list);
}
