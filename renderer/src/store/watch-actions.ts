// Settings -> Watch folders, as functions over window.api. Folders are never sent from here:
// main shows its own folder picker for "Add folder…", "Watch another folder…" and the results
// folder. Each action answers with a Result, so the section says what happened in place,
// inside the dialog (a notice or the live region behind the modal dialog would be missed).
import type { RendererApi } from '../../../shared/ipc/contract.ts';
import { ok, type Result } from '../../../shared/result.ts';
import type {
  ExistingFiles,
  FolderSurvey,
  WatchFolderEntry,
  WatchRuleSettings,
} from '../../../shared/watch.ts';
import type { AppStore } from './app-state.ts';
import { removeWatchEntry, upsertWatchEntry } from './watch-folders.ts';

/** What an edit may change; folders go through the pickers instead. */
export type WatchRulePatch = Partial<Omit<WatchRuleSettings, 'conflict'>>;

export function createWatchActions(api: RendererApi, store: AppStore) {
  /** Applies an answer at once; undefined (a picker cancelled) changes nothing. */
  const apply = (
    result: Result<WatchFolderEntry | undefined>,
    previousId?: string,
  ): Result<WatchFolderEntry | undefined> => {
    if (result.ok && result.value) {
      const entry = result.value;
      store.setState((state) => ({ watchFolders: upsertWatchEntry(state.watchFolders, entry, previousId) }));
    }
    return result;
  };

  return {
    /** Main asks which folder and says what is in it; undefined means the person cancelled. */
    pickWatchFolder: (): Promise<Result<FolderSurvey | undefined>> => api['watch:pickFolder']({}),
    /** Watches the folder just picked; `existing` says what happens to the files already there. */
    addWatchFolder: async (settings: WatchRuleSettings, existing?: ExistingFiles) =>
      apply(await api['watch:add']({ settings, chosen: true, ...(existing ? { existing } : {}) })),
    updateWatchFolder: async (id: string, settings: WatchRulePatch) =>
      apply(await api['watch:update']({ id, settings }), id),
    chooseWatchedFolder: async (id: string) => apply(await api['watch:chooseFolder']({ id }), id),
    chooseWatchOutputFolder: async (id: string, clear = false) =>
      apply(await api['watch:chooseOutputFolder']({ id, clear }), id),
    pauseWatch: async (id: string) => apply(await api['watch:pause']({ id })),
    resumeWatch: async (id: string) => apply(await api['watch:resume']({ id })),
    removeWatch: async (id: string): Promise<Result<void>> => {
      const result = await api['watch:remove']({ id });
      if (!result.ok) return result;
      store.setState((state) => ({ watchFolders: removeWatchEntry(state.watchFolders, id) }));
      return ok(undefined);
    },
  };
}
