// A row of Settings -> Watch folders for the renderer's tests: a default rule watching
// /home/me/<id> into xlsx, with its status as a fresh watch has it, then the test's changes.
import {
  idleWatchStatus,
  type WatchFolderEntry,
  type WatchRule,
  type WatchStatus,
} from '../../../shared/watch.ts';

export function watchEntry(
  id: string,
  status: Partial<WatchStatus> = {},
  rule: Partial<WatchRule> = {},
): WatchFolderEntry {
  const full: WatchRule = {
    id,
    folder: `/home/me/${id}`,
    recursive: false,
    from: [],
    to: 'xlsx',
    after: 'keep',
    conflict: 'rename',
    paused: status.state === 'paused',
    ...rule,
  };
  return { rule: full, status: { ...idleWatchStatus(full), state: 'watching', ...status } };
}
