// Every error a person can meet, as a code mapped to ONE plain sentence (what happened and
// what to do). Code elsewhere returns codes; only this table holds the words. These English
// sentences are the source locale: shared/locales/<lang>/errors.ts translate them, and
// messageFor answers in the language this process chose (shared/i18n), English until then.
import { activeIntl } from './i18n/active.ts';

export const MESSAGES = {
  // input
  file_missing: 'That file no longer exists. Check that it was not moved or deleted.',
  file_unreadable: 'That file cannot be read. Check that you have permission to open it.',
  file_changed: 'That file changed while it was being sent. Try again once nothing is writing to it.',
  file_empty: 'That file is empty (0 bytes), so there is nothing to convert.',
  file_too_large: 'That file is larger than the service accepts. Split it or compress it and try again.',
  is_directory: 'That is a folder; drop the files inside it or the folder itself onto the window.',
  unknown_format: 'This type of file is not supported: the file name has no extension we recognise.',
  unsupported_conversion: 'This file cannot be converted to that format. Pick one of the offered formats.',
  unsupported_format: 'Files of this type cannot be converted by the service you are using.',
  bad_request: 'The request was not accepted. This is a bug in the app; please report it.',
  invalid_input: 'Some of the input was not valid. Check the values and try again.',
  // account
  no_api_key: 'No API key is set. Add your key in Settings, or choose "This computer (offline)".',
  invalid_api_key: 'The API key was not accepted. Check it in Settings and paste it again.',
  key_incomplete:
    'That does not look like a whole API key. Copy it again from your account page and paste it.',
  insufficient_tokens: 'You do not have enough tokens for this. Top up your balance, then resume.',
  keychain_unavailable:
    'No system keychain is available, so the key cannot be stored safely. Use it for this session only, or set IFC_API_KEY.',
  // service
  rate_limited: 'The service is busy. Waiting as it asked before sending anything else.',
  server_error:
    'The conversion service had a problem and did not recover after several tries. Try again later.',
  network: 'The conversion service could not be reached. Check your internet connection and try again.',
  protocol: 'The conversion service sent an answer that does not make sense. Try again later.',
  not_found: 'The service no longer knows this job. Convert the file again.',
  conflict: 'That job has already finished, so it cannot be changed.',
  expired: 'The converted file was deleted by the service after 24 hours. Convert the file again.',
  certificate_untrusted:
    "The service's secure certificate could not be verified: your network may inspect secure connections. Ask your IT team, or add its certificate to the system's store.",
  proxy_auth_required:
    'The proxy asks for a sign-in that was not given or not accepted. Put the user name and password in the proxy address (http://user:password@proxy:port) or ask your IT team.',
  proxy_unsupported:
    "The system's proxy setting names a proxy type this app cannot use (only HTTP, HTTPS and SOCKS5). Choose another proxy in Settings or ask your IT team.",
  proxy_invalid:
    'That proxy address is not valid. Use http://host:port, https://host:port, socks5://host:port or none.',
  insecure_redirect:
    'The download link sent the file to an unencrypted address, so it was not fetched. Try again later or contact the service.',
  content_encoding_unsupported:
    'The download came in an encoding this app cannot read, so it was not saved. Try again later or contact the service.',
  download_refused:
    'The storage server refused the download link. Try again; if it keeps failing, convert the file again.',
  stalled: 'The service is taking much longer than usual. Your tokens are kept: use "Check again" later.',
  // conversion outcome (a failed job)
  encrypted_input: 'This file is password-protected. Remove the password and try again.',
  corrupt_input:
    'This file is damaged or not really the type its name says. Open it to check, then try again.',
  conversion_error: 'The service could not convert this file. Check that it opens correctly, then try again.',
  conversion_timeout:
    'Converting this file took longer than the time limit allows, so it was stopped. Split it into smaller files and try again.',
  conversion_memory:
    'Converting this file needed more memory than the limit allows, so it was stopped. Split it into smaller files and try again.',
  result_too_large:
    'The converted file would be larger than the limit allows, so the conversion was stopped. Split the file into smaller parts and try again.',
  pdf_no_text:
    'This PDF is a scan with no text in it: reading it needs OCR, which the offline converter does not do. Try the online service, or run the PDF through an OCR program first.',
  // saving
  disk_full: 'There is no space left where the result was to be saved. Free some space, then retry.',
  output_unwritable:
    'The result could not be saved in that folder. Check that you can write to it, or choose another.',
  result_damaged:
    'The service returned a damaged file, so it was not saved. Convert it again; if it keeps happening, contact the service.',
  download_mismatch: 'The downloaded file did not arrive complete. It will be downloaded again.',
  output_exists: 'A file with that name already exists, and the conflict setting says to skip it.',
  // engine
  cancelled: 'Cancelled.',
  interrupted:
    'Stopped before it finished. It will continue the next time the app starts (or run "ifc resume").',
  state_locked:
    'Another iFileConverter is already using this job list. Close it first, or choose another state folder.',
  journal_corrupt: 'The saved job list was damaged; it was set aside and a new one started.',
  // desktop
  settings_reset: 'Some saved settings were damaged or not valid, so those were set back to their defaults.',
  keychain_error:
    'The system keychain refused to store or read the key. Unlock it, or use the key for this session only.',
  stage_expired: 'Those files are no longer waiting to be converted. Add them again.',
  no_result: 'This job has no converted file to show yet.',
  open_failed:
    'The converted file could not be opened. Check that an app for this type of file is installed.',
  local_server_failed:
    'The offline converter on this computer could not start. Restart the app and try again.',
  internal: 'Something went wrong inside the app. Please report it.',
  keychain_silent:
    'The system keychain did not answer, so your saved key could not be read. Unlock it and try again, or use a key for this session only.',
  endpoint_not_https:
    'The service address must start with https:// (plain http:// is only for a server on this computer).',
  endpoint_invalid: 'That is not a service address. It should look like https://example.com.',
  open_refused:
    'Files of this type can run programs, so they are not opened from here. Use "Show in folder" instead.',
  sandbox_unavailable:
    'This system does not let the app start its security sandbox. Install the .deb package instead of the AppImage, or see "Install" in the README for the one-line fix.',
  // the ifc command
  usage: 'That command was not understood. Run "ifc help" to see the commands and their options.',
  no_api_key_cli:
    'No API key is set. Run "ifc login", set IFC_API_KEY, or add --endpoint local to convert on this computer.',
  unknown_target_format:
    'Nothing can be converted to that format. Run "ifc formats" to see the formats on offer.',
  // watch folders
  watch_folder_missing:
    'The watched folder does not exist or cannot be read. Check it in Settings -> Watch folders.',
  watch_waiting_tokens:
    'Watching is on hold: your balance cannot cover the next file. It carries on by itself once you top up.',
  state_unwritable:
    'The app cannot write to its state folder, so it cannot remember what it converted. Check that folder.',
  move_failed: 'The original could not be moved to the "Converted" folder, so it was left where it was.',
  trash_failed: 'The original could not be moved to the trash, so it was left where it was.',
  watch_duplicate: 'That folder is already watched for that format. Edit the existing rule instead.',
  // right-click menus in the file manager
  menu_format_unknown:
    'The service you are using cannot convert to that format. Switch the right-click menu off and on in Settings to refresh it.',
  menu_update_failed:
    'The right-click menu could not be changed. Check that your user folder can be written to, then try the switch in Settings again.',
  // the invoice ledger
  ledger_unreachable:
    'The invoice ledger could not be reached. The spreadsheet is saved and the invoice will be added once the ledger is back.',
  ledger_locked:
    'The invoice ledger is busy in another program. The spreadsheet is saved and the invoice will be added later.',
  ledger_full:
    'There is no space left for the invoice ledger. Free some space; the spreadsheet is saved and the invoice will be added later.',
  ledger_auth:
    'The invoice ledger refused the user name or password. Check them (Settings, or PGPASSWORD); the invoice will be added later.',
  ledger_failed:
    'The invoice ledger could not take this invoice. The spreadsheet is saved and the invoice will be added later.',
  ledger_url_invalid:
    'That ledger address is not one we know: use sqlite: followed by a file path, or postgres://user@host:port/database.',
  invoice_unreadable:
    'The converted spreadsheet could not be read as an invoice. It is saved, but nothing was added to the ledger.',
  invoices_need_xlsx: 'Invoices are read from spreadsheets: use --invoices with --to xlsx.',
  correction_invalid: 'That value does not fit this field. Dates are YYYY-MM-DD and amounts are numbers.',
  // updates
  update_failed:
    'Updates could not be checked just now. Everything else works as usual; the app tries again tomorrow.',
  update_damaged:
    'The downloaded update did not match its published checksum, so it was thrown away and nothing was installed.',
  update_install_failed:
    'The update could not be installed. Download the newest version from ifileconverter.co.uk instead.',
  update_busy: 'Files are still converting. Restart to update once they have finished, so nothing is lost.',
  update_not_ready: 'There is no downloaded update to install yet.',
  combine_incomplete:
    'Not every file became a PDF (some wait for tokens or were stopped), so nothing was combined.',
  // refusals that say what to do instead
  archive_input: 'This is a compressed archive. Unzip it and convert the files inside.',
  // the window's own words for sentences above that speak the command line's language
  // ("job", "ifc resume", IFC_API_KEY, "state folder"); see WINDOW_WORDING
  archive_input_window: 'This is a compressed archive. Unzip it and drop the files inside.',
  not_found_window: 'The service no longer knows this conversion. Convert the file again.',
  conflict_window: 'That conversion has already finished, so it cannot be changed.',
  keychain_unavailable_window:
    'No system keychain is available, so the key cannot be stored safely. Use it for this session only.',
  interrupted_window: 'Stopped before it finished. It continues by itself the next time the app starts.',
  state_locked_window:
    'Another iFileConverter is already converting with this list of files. Close it first.',
  journal_corrupt_window:
    'The saved list of conversions was damaged; it was set aside and a new one started.',
  no_result_window: 'This file has no converted result to show yet.',
  state_unwritable_window:
    'The app cannot write to its own data folder, so it cannot remember what it converted. Check that the disk has free space.',
  // the offline converter, told as this computer's, not as a service on the internet
  local_converter_stopped:
    'The offline converter on this computer stopped answering. Restart the app and try again.',
  stalled_local: 'Converting this file is taking much longer than usual. Use "Check again" later.',
  watch_not_chosen: 'No folder is chosen yet. Press "Add folder…" and pick the folder to watch.',
  spend_cap_batch:
    'This batch needs more tokens than your limit per batch allows. Convert fewer files, or raise the limit in Settings.',
  spend_cap_month:
    'This batch needs more tokens than your monthly limit leaves. Convert fewer files, or raise the limit in Settings.',
  receipt_empty: 'Nothing was charged there, so there is no receipt to export.',
  watch_paused_spend_cap:
    'Watching is on hold: this month has reached your spend limit. It goes on by itself next month, or once you raise the limit in Settings.',
} as const;

/** Codes whose window sentence differs from the command line's: the window never says "job",
 *  "ifc resume", IFC_API_KEY or "state folder". The CLI keeps the plain code's words. */
const WINDOW_WORDING: Readonly<Record<string, ErrorCode>> = {
  archive_input: 'archive_input_window',
  not_found: 'not_found_window',
  conflict: 'conflict_window',
  keychain_unavailable: 'keychain_unavailable_window',
  interrupted: 'interrupted_window',
  state_locked: 'state_locked_window',
  journal_corrupt: 'journal_corrupt_window',
  no_result: 'no_result_window',
  state_unwritable: 'state_unwritable_window',
};

/** Who reads this process's sentences: the window (and its main-side service) or a terminal.
 *  Chosen once at start, like the language; a terminal until then. */
let audience: 'terminal' | 'window' = 'terminal';

/** Called by the window and the desktop's service at start: sentences use the window's words.
 *  (Tests that share one process between files set it back to the terminal.) */
export function speakTo(reader: 'terminal' | 'window'): void {
  audience = reader;
}

/** Not an error code: after a refusal of a file type, the types the converter does take. */
export const FORMATS_TAKEN = 'The converter you are using takes {formats}.';

/** Not an error code: how an unknown code from a server is told ({message} is its text). */
export const SERVICE_SAID = 'The service said: {message}';

export type ErrorCode = keyof typeof MESSAGES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(MESSAGES, code);
}

/** The sentence for a code; unknown codes from a server still get an honest sentence. */
export function messageFor(code: string, serverMessage?: string): string {
  const intl = activeIntl();
  if (audience === 'window' && Object.hasOwn(WINDOW_WORDING, code)) code = WINDOW_WORDING[code]!;
  if (isErrorCode(code)) return intl ? intl.formatMessage({ id: `errors.${code}` }) : MESSAGES[code];
  if (!serverMessage) return messageFor('internal');
  return intl
    ? intl.formatMessage({ id: 'errors.service_said' }, { message: serverMessage })
    : `The service said: ${serverMessage}`;
}

/** A failure's sentence in this process's language: its code's, or the server's own words. */
export function failureMessage(failure: { code: string; message: string }): string {
  return isErrorCode(failure.code) ? messageFor(failure.code) : failure.message || messageFor('internal');
}

/** The sentence that lists the source types the converter takes (upper case, as on the badges). */
export function formatsTakenSentence(formats: readonly string[]): string {
  const intl = activeIntl();
  const list = formats.map((format) => format.toUpperCase());
  const joined = intl
    ? intl.formatList(list, { type: 'conjunction' })
    : new Intl.ListFormat('en', { type: 'conjunction' }).format(list);
  return intl
    ? intl.formatMessage({ id: 'errors.formats_taken' }, { formats: joined })
    : FORMATS_TAKEN.replace('{formats}', joined);
}
