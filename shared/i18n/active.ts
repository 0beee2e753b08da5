// The one active translator of this process (the window, main, or `ifc`), kept apart from the
// catalogues so shared/messages.ts can read it without importing them (no import cycle).
// Until a process chooses a language, nothing is active and callers fall back to English.
import type { IntlShape } from '@formatjs/intl';

let active: IntlShape<string> | undefined;
const listeners = new Set<(intl: IntlShape<string>) => void>();

export function activeIntl(): IntlShape<string> | undefined {
  return active;
}

export function setActiveIntl(intl: IntlShape<string>): void {
  active = intl;
  for (const listener of listeners) listener(intl);
}

/** Called after every language change (the tray rebuilds its menu); returns the unsubscribe. */
export function onLanguageChange(listener: (intl: IntlShape<string>) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
