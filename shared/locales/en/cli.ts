// English source: the human lines of `ifc` (never its --json output, which stays in codes).
// The state words are padded to one column in every language by the reporter.
export default {
  'state.completed': 'completed',
  'state.failed': 'failed',
  'state.stalled': 'stalled',
  'state.skipped': 'skipped',
  'state.queued': 'queued',
  'state.pending': 'pending',
  'state.uploading': 'uploading',
  'state.processing': 'converting',
  'state.downloading': 'downloading',
  'state.cancelled': 'cancelled',
  summary:
    '{completed, number} completed, {failed, number} failed, {pending, number} pending, {skipped, number} skipped; {spent, plural, one {# token} other {# tokens}} spent.',
  summaryBalance:
    '{completed, number} completed, {failed, number} failed, {pending, number} pending, {skipped, number} skipped; {spent, plural, one {# token} other {# tokens}} spent, balance {balance, number}.',
  balance: '{count, plural, one {# token} other {# tokens}}',
  cost: 'Cost per file: {base} + {perMb} per started MB tokens.',
  costMultipliers: 'Cost per file: {base} + {perMb} per started MB ({multipliers}) tokens.',
  noJobs: 'The journal holds no jobs.',
  keyPrompt: 'API key: ',
  keyStored:
    'The key works ({count, plural, one {# token} other {# tokens}}) and is stored in the system keychain for {url}.',
  keyRemoved: 'The key for {url} was removed from the system keychain.',
  keyNone: 'No key was stored for {url}.',
  serveLocal: 'Local iFileConverter server on {url} (results on {origin}).',
  serveUseKey: 'Use it with IFC_API_URL={url} and your key in IFC_API_KEY.',
  serveUse: 'Use it with IFC_API_URL={url} IFC_API_KEY={key}',
  serveStop: 'Press Ctrl-C to stop.',
  merged:
    'Joined {parts, plural, one {# file} other {# files}} into {output} ({pages, plural, one {# page} other {# pages}}).',
  watching: 'Watching {folder} for files to convert to {to}. Press Ctrl-C to stop.',
  // The moving part of the terminal view (render-tty.ts): the count lines under the bars.
  ttyWaiting: '{count, plural, one {# file waiting} other {# files waiting}}',
  ttyMoreInProgress: '{count, plural, one {# more file in progress} other {# more files in progress}}',
  ttyInProgress: '{count, plural, one {# file in progress} other {# files in progress}}',
} as const;
