// The catalogues: English is the source (shared/messages.ts for the error sentences, then one
// file per area in shared/locales/en/); each other locale has the same areas with the same keys.
// A new area is one file per locale plus one line in AREAS and in each locale's row below.
import { FORMATS_TAKEN, MESSAGES, SERVICE_SAID } from '../messages.ts';
import deApp from '../locales/de/app.ts';
import deCli from '../locales/de/cli.ts';
import deDesktop from '../locales/de/desktop.ts';
import deErrors from '../locales/de/errors.ts';
import deSettings from '../locales/de/settings.ts';
import deWatch from '../locales/de/watch.ts';
import enApp from '../locales/en/app.ts';
import enCli from '../locales/en/cli.ts';
import enDesktop from '../locales/en/desktop.ts';
import enSettings from '../locales/en/settings.ts';
import enWatch from '../locales/en/watch.ts';
import esApp from '../locales/es/app.ts';
import esCli from '../locales/es/cli.ts';
import esDesktop from '../locales/es/desktop.ts';
import esErrors from '../locales/es/errors.ts';
import esSettings from '../locales/es/settings.ts';
import esWatch from '../locales/es/watch.ts';
import frApp from '../locales/fr/app.ts';
import frCli from '../locales/fr/cli.ts';
import frDesktop from '../locales/fr/desktop.ts';
import frErrors from '../locales/fr/errors.ts';
import frSettings from '../locales/fr/settings.ts';
import frWatch from '../locales/fr/watch.ts';
import jaApp from '../locales/ja/app.ts';
import jaCli from '../locales/ja/cli.ts';
import jaDesktop from '../locales/ja/desktop.ts';
import jaErrors from '../locales/ja/errors.ts';
import jaSettings from '../locales/ja/settings.ts';
import jaWatch from '../locales/ja/watch.ts';
import type { Locale } from './languages.ts';

/** The English source, area by area: the keys every locale must have. */
export const SOURCE = {
  errors: { ...MESSAGES, service_said: SERVICE_SAID, formats_taken: FORMATS_TAKEN },
  app: enApp,
  settings: enSettings,
  watch: enWatch,
  desktop: enDesktop,
  cli: enCli,
};
export type Area = keyof typeof SOURCE;
export type MessageId = { [A in Area]: `${A}.${keyof (typeof SOURCE)[A] & string}` }[Area];

/** One locale's messages for one area (a translation file's shape). */
export type { AreaMessages } from './catalog-types.ts';
import type { AreaMessages } from './catalog-types.ts';

export const TRANSLATIONS: Record<Exclude<Locale, 'en'>, Record<Area, AreaMessages>> = {
  de: { errors: deErrors, app: deApp, settings: deSettings, watch: deWatch, desktop: deDesktop, cli: deCli },
  fr: { errors: frErrors, app: frApp, settings: frSettings, watch: frWatch, desktop: frDesktop, cli: frCli },
  es: { errors: esErrors, app: esApp, settings: esSettings, watch: esWatch, desktop: esDesktop, cli: esCli },
  ja: { errors: jaErrors, app: jaApp, settings: jaSettings, watch: jaWatch, desktop: jaDesktop, cli: jaCli },
};

/** Areas as one flat table, "area.key" -> message. */
export function flatten(areas: Record<string, AreaMessages>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [area, messages] of Object.entries(areas)) {
    for (const [key, message] of Object.entries(messages)) flat[`${area}.${key}`] = message;
  }
  return flat;
}
