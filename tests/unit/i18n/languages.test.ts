// Which language each part speaks and how it formats numbers: the OS's list or the shell's
// variables in, one locale out; then sizes, counts and durations in that locale's own way.
import { afterEach, describe, expect, it } from 'vitest';
import { batchNotice } from '../../../electron/app-service/batch-notice.ts';
import { buildTrayMenu, runningLine } from '../../../electron/main/tray-menu.ts';
import { systemLanguages } from '../../../electron/main/system-languages.ts';
import {
  formatBytes,
  formatCount,
  formatSeconds,
  localeFromEnv,
  matchLocale,
  resolveLanguage,
  setLanguage,
  t,
} from '../../../shared/i18n/index.ts';
import { MESSAGES, messageFor } from '../../../shared/messages.ts';

afterEach(() => {
  setLanguage('en');
});

describe('choosing the language', () => {
  it('takes the first supported language of the OS list, region or not', () => {
    expect(matchLocale(['pt-BR', 'de-AT', 'en-US'])).toBe('de');
    expect(matchLocale(['ja-JP'])).toBe('ja');
    expect(matchLocale(['zh-CN'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });

  it('prefers the setting to the system, and follows the system when set to it', () => {
    expect(resolveLanguage('fr', ['de-DE'])).toBe('fr');
    expect(resolveLanguage('system', ['es-MX'])).toBe('es');
    expect(resolveLanguage('en-XA', ['es-MX'])).toBe('en-XA');
    expect(resolveLanguage(undefined, ['es-MX'])).toBe('es');
  });

  it('reads a shell like gettext: LC_ALL, then LC_MESSAGES, then LANG; C means English', () => {
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('de');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'fr_FR.UTF-8' })).toBe('fr');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'fr_FR', LC_ALL: 'ja_JP.UTF-8' })).toBe('ja');
    expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LC_ALL: 'POSIX', LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LANG: 'es_ES@euro', LANGUAGE: 'de:es' })).toBe('de');
    expect(localeFromEnv({})).toBe('en');
  });

  it("asks Electron for the OS's list, falling back to its single locale", () => {
    expect(
      systemLanguages({ getPreferredSystemLanguages: () => ['ja-JP', 'en-US'], getLocale: () => 'en-US' }),
    ).toEqual(['ja-JP', 'en-US']);
    expect(systemLanguages({ getPreferredSystemLanguages: () => [], getLocale: () => 'fr' })).toEqual(['fr']);
  });
});

describe('formatting in the chosen language', () => {
  it('writes sizes, counts and seconds as each locale does', () => {
    setLanguage('de');
    expect(formatBytes(1_500_000)).toBe('1,5 MB');
    expect(formatBytes(999)).toBe('999 Byte');
    expect(formatCount(12_345)).toBe('12.345');
    expect(formatSeconds(12)).toBe('12 Sek.');
    setLanguage('fr');
    expect(formatBytes(1_500_000)).toBe('1,5\u202fMo'); // French puts a narrow no-break space before the unit
    setLanguage('ja');
    expect(formatBytes(2_300_000_000)).toBe('2.3 GB');
    expect(formatSeconds(5)).toBe('5 秒');
    setLanguage('en');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(1)).toBe('1 byte');
  });

  it('says plurals by the locale rules', () => {
    setLanguage('de');
    expect(t('app.staging.start', { count: 1 })).toBe('1 Datei konvertieren');
    expect(t('app.staging.start', { count: 1200 })).toBe('1.200 Dateien konvertieren');
    setLanguage('fr');
    expect(t('app.files', { count: 0 })).toBe('0 fichier');
  });
});

describe('messageFor', () => {
  it('keeps its signature and answers in the language the process chose', () => {
    expect(messageFor('file_empty')).toBe(MESSAGES.file_empty);
    setLanguage('de');
    expect(messageFor('file_empty')).toBe(
      'Diese Datei ist leer (0 Byte), es gibt also nichts zu konvertieren.',
    );
    expect(messageFor('teapot', 'I am a teapot')).toBe('Der Dienst meldet: I am a teapot');
    expect(messageFor('teapot')).toBe(messageFor('internal'));
  });
});

describe('the desktop outside the window', () => {
  it('builds the tray menu and the batch notification in the language set', () => {
    setLanguage('de');
    const state = { running: 2, paused: false, recent: [], balance: { tokens: 1500, offline: false } };
    const noop = () => {};
    const labels = buildTrayMenu(state as never, {
      convertFiles: noop,
      showInFolder: noop,
      pauseAll: noop,
      resumeAll: noop,
      openWindow: noop,
      restartToUpdate: noop,
      quit: noop,
    }).map((item) => item.label);
    expect(labels).toContain('Dateien konvertieren…');
    expect(labels).toContain('Guthaben: 1.500 Token');
    expect(labels).toContain('Beenden');
    expect(runningLine(state)).toBe('2 Dateien werden konvertiert');
    const summary = {
      completed: ['a'],
      failed: [{ source: 'b', code: 'x', message: '' }],
      pending: [],
      skipped: [],
    };
    expect(batchNotice([summary as never])).toEqual({
      title: 'Konvertierung mit Problemen abgeschlossen',
      body: '1 konvertiert, 1 fehlgeschlagen',
    });
  });
});
