// Every locale says everything the English source says, with the same placeholders: a key
// missing, a key too many, or an argument renamed, dropped or retyped (a plural turned into a
// plain {count}) fails here, naming the locale and the key. Messages are compared as parsed
// ICU, so a placeholder hidden inside a plural branch counts too.
import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  type MessageFormatElement,
  parse,
} from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { flatten, SOURCE, TRANSLATIONS } from '../../../shared/i18n/catalog.ts';
import { LOCALES, PSEUDO_LOCALE } from '../../../shared/i18n/languages.ts';
import { intlFor, messagesFor } from '../../../shared/i18n/translate.ts';

/** "count:plural", "name:argument", "b:tag": every argument and tag a message uses, sorted. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (isArgumentElement(element)) found.add(`${element.value}:argument`);
      else if (isNumberElement(element)) found.add(`${element.value}:number`);
      else if (isDateElement(element) || isTimeElement(element)) found.add(`${element.value}:date`);
      else if (isPluralElement(element)) {
        found.add(`${element.value}:plural`);
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (isSelectElement(element)) {
        found.add(`${element.value}:select`);
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (isTagElement(element)) {
        found.add(`${element.value}:tag`);
        walk(element.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const english = flatten(SOURCE);

/** What is wrong with one locale's catalogue, one line per problem ([] when complete). */
function problemsOf(locale: string, translated: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(english)) {
    if (!(id in translated)) problems.push(`${locale}: missing ${id}`);
  }
  for (const [id, message] of Object.entries(translated)) {
    if (!(id in english)) {
      problems.push(`${locale}: ${id} is not in the English source`);
      continue;
    }
    let theirs: string[];
    try {
      theirs = placeholders(message);
    } catch (error) {
      problems.push(`${locale}: ${id} does not parse as ICU (${(error as Error).message})`);
      continue;
    }
    const ours = placeholders(english[id]!);
    if (theirs.join() !== ours.join()) {
      problems.push(`${locale}: ${id} uses {${theirs.join(', ')}} but English uses {${ours.join(', ')}}`);
    }
  }
  return problems;
}

describe('the catalogues', () => {
  it('parse as ICU in English', () => {
    for (const [id, message] of Object.entries(english)) {
      expect(() => placeholders(message), id).not.toThrow();
    }
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))(
    '%s has every English key, no other, with the same placeholders',
    (locale) => {
      const translated = flatten(TRANSLATIONS[locale as Exclude<(typeof LOCALES)[number], 'en'>]);
      expect(problemsOf(locale, translated)).toEqual([]);
    },
  );

  it('catches a missing key, an extra key and a renamed or retyped placeholder', () => {
    // The check above must be able to fail: a broken copy of German is reported line by line.
    const german = flatten(TRANSLATIONS.de);
    const broken: Record<string, string> = { ...german, 'app.invented': 'Erfunden' };
    delete broken['errors.file_missing'];
    broken['app.staging.convertFile'] = '{datei} konvertieren in';
    broken['app.files'] = '{count} Dateien';
    broken['app.row.savedAs'] = 'Gespeichert als {file} in {folder}';
    expect(problemsOf('de', broken)).toEqual([
      'de: missing errors.file_missing',
      'de: app.files uses {count:argument} but English uses {count:plural}',
      'de: app.staging.convertFile uses {datei:argument} but English uses {name:argument}',
      'de: app.row.savedAs uses {file:argument, folder:argument} but English uses {file:argument, folder:argument, name:tag, place:tag}',
      'de: app.invented is not in the English source',
    ]);
  });

  it('gives every locale a formatter that formats every message without an error', () => {
    for (const locale of [...LOCALES, PSEUDO_LOCALE] as const) {
      const errors: string[] = [];
      const intl = intlFor(locale);
      for (const [id, message] of Object.entries(messagesFor(locale))) {
        const values: Record<string, unknown> = {};
        for (const name of placeholders(message)) {
          const [key, kind] = name.split(':') as [string, string];
          values[key] =
            kind === 'tag' ? (chunks: string[]) => chunks.join('') : kind === 'argument' ? 'x' : 2;
        }
        try {
          intl.formatMessage({ id }, values as Record<string, string>);
        } catch (error) {
          errors.push(`${locale} ${id}: ${(error as Error).message}`);
        }
      }
      expect(errors).toEqual([]);
    }
  });
});

describe('the pseudo-locale', () => {
  const pseudo = messagesFor(PSEUDO_LOCALE);

  it('keeps every key and placeholder of English, accented and at least 40 % longer', () => {
    expect(problemsOf(PSEUDO_LOCALE, pseudo)).toEqual([]);
    const intl = intlFor(PSEUDO_LOCALE);
    const english = intlFor('en');
    for (const id of ['app.drop.title', 'settings.conflict', 'errors.file_missing', 'app.welcome.lead']) {
      const plain = english.formatMessage({ id });
      const long = intl.formatMessage({ id });
      expect(long.length, id).toBeGreaterThanOrEqual(Math.floor(plain.length * 1.4));
      expect(long, id).not.toMatch(/[a-z]{3}/); // accented: no run of plain ASCII letters left
    }
    expect(intl.formatMessage({ id: 'app.staging.start' }, { count: 3 })).toMatch(/^\[Çöñṽéŕţ 3 ƒíļéš ~+\]$/);
  });
});
