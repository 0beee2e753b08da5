// Watch folders: convert each new or changed file in a folder once, as it arrives.
// `createFolderWatch(engine, rule, options)` runs one rule (ifc watch); `openWatchSet` keeps
// the desktop's list of rules and runs them all. See folder-watch.ts for the flow.
export { type AfterOutcome, convertedFolderFor, type TrashFunction } from './after-success.ts';
export { ledgerPath } from './converted-ledger.ts';
export { recordPresentFiles, SURVEY_LIMIT, surveyFolder } from './folder-contents.ts';
export { createFolderWatch, type FolderWatch, type FolderWatchOptions } from './folder-watch.ts';
export { isIgnoredName } from './ignore-rules.ts';
export { moveToTrash } from './os-trash.ts';
export type { FolderWatchEventName, FolderWatchEvents, SkipReason } from './watch-events.ts';
export type { WatchEngine } from './watched-jobs.ts';
export {
  openWatchSet,
  WATCH_RULES_FILE,
  type WatchFolderEntry,
  type WatchRuleDraft,
  type WatchSet,
  type WatchSetOptions,
} from './watch-set.ts';
export {
  AfterSuccess,
  CONVERTED_FOLDER,
  checkWatchedFolder,
  parseWatchRule,
  ruleIdFor,
  WatchRule,
  type WatchRuleInput,
} from './watch-rule.ts';
export {
  ExistingFiles,
  type FolderSurvey,
  isActiveWatch,
  trayWatchLine,
  WatchRuleSettings,
  type WatchState,
  type WatchStatus,
} from '../../../shared/watch.ts';
