// The OS's languages, best first, as Electron reads them from the system (the page's
// navigator.languages follows Chromium's own setting, which can differ). getLocale() is the
// fallback on systems that report no preference list.
import type { App } from 'electron';

export function systemLanguages(app: Pick<App, 'getPreferredSystemLanguages' | 'getLocale'>): string[] {
  const preferred = app.getPreferredSystemLanguages().filter((tag) => tag.length > 0);
  if (preferred.length > 0) return preferred;
  const locale = app.getLocale();
  return locale ? [locale] : [];
}
