// Deutsch: die Sätze zu den Fehlercodes (Quelle: shared/messages.ts).
import type { AreaMessages } from '../../i18n/catalog-types.ts';

export default {
  file_missing: 'Diese Datei gibt es nicht mehr. Prüfen Sie, ob sie verschoben oder gelöscht wurde.',
  file_unreadable: 'Diese Datei kann nicht gelesen werden. Prüfen Sie, ob Sie sie öffnen dürfen.',
  file_changed:
    'Diese Datei hat sich beim Senden geändert. Versuchen Sie es erneut, sobald nichts mehr in sie schreibt.',
  file_empty: 'Diese Datei ist leer (0 Byte), es gibt also nichts zu konvertieren.',
  file_too_large:
    'Diese Datei ist größer, als der Dienst annimmt. Teilen oder komprimieren Sie sie und versuchen Sie es erneut.',
  is_directory: 'Das ist ein Ordner. Ziehen Sie die Dateien darin oder den Ordner selbst auf das Fenster.',
  unknown_format: 'Dieser Dateityp wird nicht unterstützt: Der Dateiname hat keine Endung, die wir kennen.',
  unsupported_conversion:
    'Diese Datei kann nicht in dieses Format konvertiert werden. Wählen Sie eines der angebotenen Formate.',
  unsupported_format: 'Dateien dieses Typs kann der von Ihnen genutzte Dienst nicht konvertieren.',
  bad_request: 'Die Anfrage wurde nicht angenommen. Das ist ein Fehler in der App; bitte melden Sie ihn.',
  invalid_input: 'Einige Eingaben sind ungültig. Prüfen Sie die Werte und versuchen Sie es erneut.',
  no_api_key:
    'Es ist kein API-Schlüssel eingerichtet. Fügen Sie Ihren Schlüssel in den Einstellungen hinzu oder wählen Sie „Dieser Computer, offline“.',
  invalid_api_key:
    'Der API-Schlüssel wurde nicht angenommen. Prüfen Sie ihn in den Einstellungen und fügen Sie ihn erneut ein.',
  key_incomplete:
    'Das sieht nicht nach einem vollständigen API-Schlüssel aus. Kopieren Sie ihn erneut von Ihrer Kontoseite und fügen Sie ihn ein.',
  insufficient_tokens:
    'Sie haben dafür nicht genug Token. Laden Sie Ihr Guthaben auf und setzen Sie dann fort.',
  keychain_unavailable:
    'Es ist kein Systemschlüsselbund verfügbar, daher kann der Schlüssel nicht sicher gespeichert werden. Nutzen Sie ihn nur für diese Sitzung oder setzen Sie IFC_API_KEY.',
  rate_limited: 'Der Dienst ist ausgelastet. Es wird wie erbeten gewartet, bevor weiter gesendet wird.',
  server_error:
    'Beim Konvertierungsdienst ist ein Problem aufgetreten, das auch nach mehreren Versuchen besteht. Versuchen Sie es später erneut.',
  network:
    'Der Konvertierungsdienst ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  protocol:
    'Der Konvertierungsdienst hat eine unverständliche Antwort gesendet. Versuchen Sie es später erneut.',
  not_found: 'Der Dienst kennt diesen Auftrag nicht mehr. Konvertieren Sie die Datei erneut.',
  conflict: 'Dieser Auftrag ist bereits abgeschlossen und kann nicht mehr geändert werden.',
  expired:
    'Die konvertierte Datei wurde vom Dienst nach 24 Stunden gelöscht. Konvertieren Sie die Datei erneut.',
  stalled:
    'Der Dienst braucht viel länger als üblich. Ihre Token bleiben erhalten: Nutzen Sie später „Erneut prüfen“.',
  encrypted_input:
    'Diese Datei ist passwortgeschützt. Entfernen Sie das Passwort und versuchen Sie es erneut.',
  corrupt_input:
    'Diese Datei ist beschädigt oder nicht wirklich vom Typ, den ihr Name angibt. Öffnen Sie sie zur Prüfung und versuchen Sie es erneut.',
  conversion_error:
    'Der Dienst konnte diese Datei nicht konvertieren. Prüfen Sie, ob sie sich richtig öffnen lässt, und versuchen Sie es erneut.',
  disk_full:
    'Am Speicherort für das Ergebnis ist kein Platz mehr frei. Schaffen Sie Platz und versuchen Sie es erneut.',
  output_unwritable:
    'Das Ergebnis konnte in diesem Ordner nicht gespeichert werden. Prüfen Sie, ob Sie dort schreiben dürfen, oder wählen Sie einen anderen.',
  result_damaged:
    'Der Dienst hat eine beschädigte Datei geliefert; sie wurde nicht gespeichert. Konvertieren Sie sie erneut; wenn es wieder passiert, wenden Sie sich an den Dienst.',
  download_mismatch:
    'Die heruntergeladene Datei ist nicht vollständig angekommen. Sie wird erneut heruntergeladen.',
  output_exists:
    'Eine Datei mit diesem Namen gibt es bereits, und laut Einstellung wird sie dann übersprungen.',
  cancelled: 'Abgebrochen.',
  interrupted: 'Vor dem Ende angehalten. Es geht beim nächsten Start der App weiter (oder mit „ifc resume“).',
  state_locked:
    'Ein anderes iFileConverter nutzt diese Auftragsliste bereits. Schließen Sie es zuerst oder wählen Sie einen anderen Statusordner.',
  journal_corrupt:
    'Die gespeicherte Auftragsliste war beschädigt; sie wurde beiseitegelegt und eine neue begonnen.',
  settings_reset:
    'Einige gespeicherte Einstellungen waren beschädigt oder ungültig und wurden auf ihre Standardwerte zurückgesetzt.',
  keychain_error:
    'Der Systemschlüsselbund hat das Speichern oder Lesen des Schlüssels verweigert. Entsperren Sie ihn oder nutzen Sie den Schlüssel nur für diese Sitzung.',
  stage_expired: 'Diese Dateien warten nicht mehr auf die Konvertierung. Fügen Sie sie erneut hinzu.',
  no_result: 'Für diesen Auftrag gibt es noch keine konvertierte Datei.',
  open_failed:
    'Die konvertierte Datei konnte nicht geöffnet werden. Prüfen Sie, ob eine App für diesen Dateityp installiert ist.',
  local_server_failed:
    'Der Offline-Konverter auf diesem Computer konnte nicht starten. Starten Sie die App neu und versuchen Sie es erneut.',
  internal: 'In der App ist etwas schiefgelaufen. Bitte melden Sie den Fehler.',
  usage:
    'Dieser Befehl wurde nicht verstanden. Führen Sie „ifc help“ aus, um die Befehle und ihre Optionen zu sehen.',
  no_api_key_cli:
    'Es ist kein API-Schlüssel eingerichtet. Führen Sie „ifc login“ aus, setzen Sie IFC_API_KEY oder geben Sie --endpoint local an, um auf diesem Computer zu konvertieren.',
  unknown_target_format:
    'In dieses Format kann nichts konvertiert werden. Führen Sie „ifc formats“ aus, um die angebotenen Formate zu sehen.',
  watch_folder_missing:
    'Der überwachte Ordner existiert nicht oder kann nicht gelesen werden. Prüfen Sie ihn unter Einstellungen -> Überwachte Ordner.',
  watch_waiting_tokens:
    'Die Überwachung pausiert: Ihr Guthaben reicht nicht für die nächste Datei. Sie geht von selbst weiter, sobald Sie aufladen.',
  state_unwritable:
    'Die App kann nicht in ihren Statusordner schreiben und sich daher nicht merken, was sie konvertiert hat. Prüfen Sie diesen Ordner.',
  move_failed:
    'Das Original konnte nicht in den Ordner „Converted“ verschoben werden und blieb daher, wo es war.',
  trash_failed: 'Das Original konnte nicht in den Papierkorb verschoben werden und blieb daher, wo es war.',
  watch_duplicate:
    'Dieser Ordner wird für dieses Format bereits überwacht. Bearbeiten Sie stattdessen die bestehende Regel.',
  service_said: 'Der Dienst meldet: {message}',
  menu_format_unknown:
    'Der verwendete Dienst kann nicht in dieses Format konvertieren. Schalten Sie das Rechtsklickmenü in den Einstellungen aus und wieder ein, um es zu aktualisieren.',
  menu_update_failed:
    'Das Rechtsklickmenü konnte nicht geändert werden. Prüfen Sie, ob in Ihren Benutzerordner geschrieben werden kann, und versuchen Sie den Schalter in den Einstellungen erneut.',
  certificate_untrusted:
    'Das Sicherheitszertifikat des Dienstes konnte nicht überprüft werden: Ihr Netzwerk prüft möglicherweise sichere Verbindungen. Wenden Sie sich an Ihre IT oder fügen Sie deren Zertifikat dem Zertifikatspeicher des Systems hinzu.',
  proxy_auth_required:
    'Der Proxy verlangt eine Anmeldung, die nicht angegeben oder nicht akzeptiert wurde. Tragen Sie Benutzername und Passwort in die Proxy-Adresse ein (http://benutzer:passwort@proxy:port) oder fragen Sie Ihre IT.',
  proxy_unsupported:
    'Die Proxy-Einstellung des Systems nennt einen Proxy-Typ, den diese App nicht nutzen kann (nur HTTP, HTTPS und SOCKS5). Wählen Sie in den Einstellungen einen anderen Proxy oder fragen Sie Ihre IT.',
  proxy_invalid:
    'Diese Proxy-Adresse ist ungültig. Verwenden Sie http://host:port, https://host:port, socks5://host:port oder none.',
  insecure_redirect:
    'Der Download-Link leitete die Datei an eine unverschlüsselte Adresse weiter, daher wurde sie nicht abgerufen. Versuchen Sie es später erneut oder wenden Sie sich an den Dienst.',
  content_encoding_unsupported:
    'Der Download kam in einer Kodierung, die diese App nicht lesen kann, daher wurde er nicht gespeichert. Versuchen Sie es später erneut oder wenden Sie sich an den Dienst.',
  download_refused:
    'Der Speicherserver hat den Download-Link abgelehnt. Versuchen Sie es erneut; wenn es weiterhin fehlschlägt, konvertieren Sie die Datei noch einmal.',
  keychain_silent:
    'Der Systemschlüsselbund hat nicht geantwortet, daher konnte Ihr gespeicherter Schlüssel nicht gelesen werden. Entsperren Sie ihn und versuchen Sie es erneut, oder verwenden Sie einen Schlüssel nur für diese Sitzung.',
  endpoint_not_https:
    'Die Dienstadresse muss mit https:// beginnen (einfaches http:// ist nur für einen Server auf diesem Computer).',
  endpoint_invalid: 'Das ist keine Dienstadresse. Sie sollte wie https://example.com aussehen.',
  open_refused:
    'Dateien dieses Typs können Programme ausführen, daher werden sie hier nicht geöffnet. Verwenden Sie stattdessen „Im Ordner zeigen“.',
  sandbox_unavailable:
    'Dieses System lässt die App ihre Sicherheits-Sandbox nicht starten. Installieren Sie das .deb-Paket statt des AppImage oder lesen Sie „Install“ in der README für die einzeilige Lösung.',
  ledger_unreachable:
    'Das Rechnungsbuch war nicht erreichbar. Die Tabelle ist gespeichert, und die Rechnung wird hinzugefügt, sobald das Rechnungsbuch wieder da ist.',
  ledger_locked:
    'Das Rechnungsbuch wird gerade von einem anderen Programm benutzt. Die Tabelle ist gespeichert, und die Rechnung wird später hinzugefügt.',
  ledger_full:
    'Für das Rechnungsbuch ist kein Speicherplatz mehr frei. Schaffen Sie Platz; die Tabelle ist gespeichert, und die Rechnung wird später hinzugefügt.',
  ledger_auth:
    'Das Rechnungsbuch hat den Benutzernamen oder das Passwort abgelehnt. Prüfen Sie beides (Einstellungen oder PGPASSWORD); die Rechnung wird später hinzugefügt.',
  ledger_failed:
    'Das Rechnungsbuch konnte diese Rechnung nicht aufnehmen. Die Tabelle ist gespeichert, und die Rechnung wird später hinzugefügt.',
  ledger_url_invalid:
    'Diese Adresse für das Rechnungsbuch kennen wir nicht: Verwenden Sie sqlite: gefolgt von einem Dateipfad oder postgres://user@host:port/database.',
  invoice_unreadable:
    'Die konvertierte Tabelle konnte nicht als Rechnung gelesen werden. Sie ist gespeichert, aber dem Rechnungsbuch wurde nichts hinzugefügt.',
  invoices_need_xlsx:
    'Rechnungen werden aus Tabellen gelesen: Verwenden Sie --invoices zusammen mit --to xlsx.',
  correction_invalid:
    'Dieser Wert passt nicht in dieses Feld. Datumsangaben haben die Form JJJJ-MM-TT, Beträge sind Zahlen.',
  conversion_timeout:
    'Die Konvertierung dieser Datei dauerte länger, als das Zeitlimit erlaubt, und wurde daher abgebrochen. Teilen Sie sie in kleinere Dateien auf und versuchen Sie es erneut.',
  conversion_memory:
    'Die Konvertierung dieser Datei brauchte mehr Speicher, als das Limit erlaubt, und wurde daher abgebrochen. Teilen Sie sie in kleinere Dateien auf und versuchen Sie es erneut.',
  result_too_large:
    'Die konvertierte Datei wäre größer, als das Limit erlaubt, daher wurde die Konvertierung abgebrochen. Teilen Sie die Datei in kleinere Teile auf und versuchen Sie es erneut.',
  update_failed:
    'Nach Updates konnte gerade nicht gesucht werden. Alles andere funktioniert wie gewohnt; die App versucht es morgen erneut.',
  update_damaged:
    'Das heruntergeladene Update stimmte nicht mit seiner veröffentlichten Prüfsumme überein. Es wurde verworfen und nichts wurde installiert.',
  update_install_failed:
    'Das Update konnte nicht installiert werden. Laden Sie stattdessen die neueste Version von ifileconverter.co.uk herunter.',
  update_busy:
    'Es werden noch Dateien konvertiert. Starten Sie zum Aktualisieren neu, sobald sie fertig sind, damit nichts verloren geht.',
  update_not_ready: 'Es wurde noch kein Update heruntergeladen, das installiert werden könnte.',
  combine_incomplete:
    'Nicht jede Datei wurde zu einem PDF (einige warten auf Tokens oder wurden angehalten), daher wurde nichts zusammengefügt.',
  pdf_no_text:
    'Dieses PDF ist ein Scan ohne Text: Um ihn zu lesen, braucht es Texterkennung (OCR), die der Offline-Konverter nicht beherrscht. Versuchen Sie den Online-Dienst, oder lassen Sie das PDF zuerst durch ein OCR-Programm laufen.',
  archive_input: 'Das ist ein komprimiertes Archiv. Entpacken Sie es und konvertieren Sie die Dateien darin.',
  archive_input_window:
    'Das ist ein komprimiertes Archiv. Entpacken Sie es und ziehen Sie die Dateien darin hierher.',
  not_found_window: 'Der Dienst kennt diese Konvertierung nicht mehr. Konvertieren Sie die Datei erneut.',
  conflict_window: 'Diese Konvertierung ist bereits abgeschlossen und kann nicht mehr geändert werden.',
  keychain_unavailable_window:
    'Es ist kein Systemschlüsselbund verfügbar, daher kann der Schlüssel nicht sicher gespeichert werden. Nutzen Sie ihn nur für diese Sitzung.',
  interrupted_window: 'Vor dem Ende angehalten. Es geht beim nächsten Start der App von selbst weiter.',
  state_locked_window:
    'Ein anderes iFileConverter konvertiert bereits mit dieser Dateiliste. Schließen Sie es zuerst.',
  journal_corrupt_window:
    'Die gespeicherte Liste der Konvertierungen war beschädigt; sie wurde beiseitegelegt und eine neue begonnen.',
  no_result_window: 'Für diese Datei gibt es noch kein konvertiertes Ergebnis.',
  state_unwritable_window:
    'Die App kann nicht in ihren eigenen Datenordner schreiben und sich daher nicht merken, was sie konvertiert hat. Prüfen Sie, ob auf dem Datenträger Platz frei ist.',
  formats_taken: 'Der von Ihnen genutzte Konverter nimmt {formats}.',
  local_converter_stopped:
    'Der Offline-Konverter auf diesem Computer antwortet nicht mehr. Starten Sie die App neu und versuchen Sie es erneut.',
  stalled_local:
    'Die Konvertierung dieser Datei dauert viel länger als üblich. Nutzen Sie später „Erneut prüfen“.',
  watch_not_chosen:
    'Es ist noch kein Ordner gewählt. Klicken Sie auf „Ordner hinzufügen…“ und wählen Sie den zu überwachenden Ordner.',
  spend_cap_batch:
    'Dieser Stapel braucht mehr Tokens, als Ihr Limit pro Stapel erlaubt. Konvertieren Sie weniger Dateien oder erhöhen Sie das Limit in den Einstellungen.',
  spend_cap_month:
    'Dieser Stapel braucht mehr Tokens, als Ihr Monatslimit noch übrig lässt. Konvertieren Sie weniger Dateien oder erhöhen Sie das Limit in den Einstellungen.',
  receipt_empty: 'Dort wurde nichts berechnet, daher gibt es keinen Beleg zum Exportieren.',
  watch_paused_spend_cap:
    'Die Überwachung ist angehalten: Ihr Ausgabenlimit für diesen Monat ist erreicht. Sie geht im nächsten Monat von selbst weiter oder sobald Sie das Limit in den Einstellungen erhöhen.',
} satisfies AreaMessages;
