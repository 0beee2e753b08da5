// The window's copy of Settings -> Watch folders: main sends the whole list on every change
// ('watch:changed'); an answer to the person's own action is applied at once as well, so the
// row changes when they click, not a moment later.
import type { WatchFolderEntry } from '../../../shared/watch.ts';
import { t } from '../../../shared/i18n/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { baseName } from '../view/words.ts';

/** Puts `entry` where the rule `previousId` was (an edit may give a rule a new id), or last. */
export function upsertWatchEntry(
  list: readonly WatchFolderEntry[],
  entry: WatchFolderEntry,
  previousId: string = entry.rule.id,
): WatchFolderEntry[] {
  const at = list.findIndex((item) => item.rule.id === previousId);
  const target = at >= 0 ? at : list.findIndex((item) => item.rule.id === entry.rule.id);
  if (target < 0) return [...list, entry];
  return list.flatMap((item, index) =>
    index === target ? [entry] : item.rule.id === entry.rule.id ? [] : [item],
  );
}

export function removeWatchEntry(list: readonly WatchFolderEntry[], id: string): WatchFolderEntry[] {
  return list.filter((item) => item.rule.id !== id);
}

/** A folder the watch cannot see any more, at start or while running. */
export function isFolderMissing(entry: WatchFolderEntry): boolean {
  return entry.status.error?.code === 'watch_folder_missing';
}

/**
 * What the person should hear when the list changes without them doing anything: a rule that
 * ran out of tokens, or a folder that disappeared. Said once, when it starts.
 */
export function describeWatchChanges(
  before: readonly WatchFolderEntry[],
  after: readonly WatchFolderEntry[],
): string | undefined {
  const previous = new Map(before.map((entry) => [entry.rule.id, entry]));
  const sentences: string[] = [];
  for (const entry of after) {
    const old = previous.get(entry.rule.id);
    const name = baseName(entry.rule.folder);
    if (entry.status.state === 'waiting-tokens' && old?.status.state !== 'waiting-tokens') {
      sentences.push(t('app.say.watch', { name, message: messageFor('watch_waiting_tokens') }));
    }
    if (isFolderMissing(entry) && !(old && isFolderMissing(old))) {
      sentences.push(t('app.say.watch', { name, message: messageFor('watch_folder_missing') }));
    }
  }
  return sentences.length > 0 ? sentences.join(' ') : undefined;
}
