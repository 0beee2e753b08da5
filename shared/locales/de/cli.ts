// Deutsch: die lesbaren Zeilen von `ifc` (nie die --json-Ausgabe).
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  'state.completed': 'fertig',
  'state.failed': 'fehlgeschl.',
  'state.stalled': 'stockt',
  'state.skipped': 'übersprungen',
  'state.queued': 'eingereiht',
  'state.pending': 'zurückgest.',
  'state.uploading': 'hochladen',
  'state.processing': 'konvertieren',
  'state.downloading': 'herunterladen',
  'state.cancelled': 'abgebrochen',
  summary:
    '{completed, number} fertig, {failed, number} fehlgeschlagen, {pending, number} offen, {skipped, number} übersprungen; {spent, plural, one {# Token} other {# Token}} verbraucht.',
  summaryBalance:
    '{completed, number} fertig, {failed, number} fehlgeschlagen, {pending, number} offen, {skipped, number} übersprungen; {spent, plural, one {# Token} other {# Token}} verbraucht, Guthaben {balance, number}.',
  balance: '{count, plural, one {# Token} other {# Token}}',
  cost: 'Kosten pro Datei: {base} + {perMb} pro angefangenem MB Token.',
  costMultipliers: 'Kosten pro Datei: {base} + {perMb} pro angefangenem MB ({multipliers}) Token.',
  noJobs: 'Das Journal enthält keine Aufträge.',
  keyPrompt: 'API-Schlüssel: ',
  keyStored:
    'Der Schlüssel funktioniert ({count, plural, one {# Token} other {# Token}}) und ist im Systemschlüsselbund für {url} gespeichert.',
  keyRemoved: 'Der Schlüssel für {url} wurde aus dem Systemschlüsselbund entfernt.',
  keyNone: 'Für {url} war kein Schlüssel gespeichert.',
  serveLocal: 'Lokaler iFileConverter-Server unter {url} (Ergebnisse unter {origin}).',
  serveUseKey: 'Verwenden Sie ihn mit IFC_API_URL={url} und Ihrem Schlüssel in IFC_API_KEY.',
  serveUse: 'Verwenden Sie ihn mit IFC_API_URL={url} IFC_API_KEY={key}',
  serveStop: 'Mit Strg-C beenden.',
  merged:
    '{parts, plural, one {# Datei} other {# Dateien}} zu {output} zusammengefügt ({pages, plural, one {# Seite} other {# Seiten}}).',
  watching: '{folder} wird auf Dateien zum Konvertieren in {to} überwacht. Mit Strg-C beenden.',
  ttyWaiting: '{count, plural, one {# Datei wartet} other {# Dateien warten}}',
  ttyMoreInProgress: '{count, plural, one {# weitere Datei in Arbeit} other {# weitere Dateien in Arbeit}}',
  ttyInProgress: '{count, plural, one {# Datei in Arbeit} other {# Dateien in Arbeit}}',
} satisfies AreaMessages;
