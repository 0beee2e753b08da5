// The desktop's watch folders (Settings -> Watch folders): the list of rules, kept in one JSON
// file in userData, each running as a FolderWatch on the current engine. Adding a folder,
// editing, pausing and removing go through here; every watch's events come out of one `on`,
// so main wires them to the window and the tray once. The engine can change under it (a new
// endpoint or key): setEngine stops every watch and starts them again on the new one.
import { join, resolve } from 'node:path';
import { messageFor } from '../../../shared/messages.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import {
  type ExistingFiles,
  idleWatchStatus,
  trayWatchLine,
  type WatchFolderEntry,
  WatchRule,
  type WatchRuleInput,
} from '../../../shared/watch.ts';
import { readJsonFile, setAside, writeJsonAtomic } from '../storage/atomic-json.ts';
import { recordPresentFiles } from './folder-contents.ts';
import { createFolderWatch, type FolderWatch, type FolderWatchOptions } from './folder-watch.ts';
import { FolderWatchEmitter, type FolderWatchEventName, type FolderWatchEvents } from './watch-events.ts';
import type { WatchEngine } from './watched-jobs.ts';
import { checkWatchedFolder, parseWatchRule, ruleIdFor } from './watch-rule.ts';

export const WATCH_RULES_FILE = 'watch-folders.json';
const RULES_VERSION = 1;

export interface WatchSetOptions extends FolderWatchOptions {
  /** Where the list of rules is kept (the desktop's userData folder). */
  rulesDir: string;
}

export type { WatchFolderEntry };

/** A rule as the person edits it: everything but the id, which follows from folder + format. */
export type WatchRuleDraft = Omit<WatchRuleInput, 'id'>;

const EVENT_NAMES: FolderWatchEventName[] = [
  'taken',
  'skipped',
  'converted',
  'failed',
  'paused',
  'resumed',
  'error',
  'status',
];

export interface WatchSet {
  list(): WatchFolderEntry[];
  /** `existing: 'new-only'` leaves the files already in the folder alone (recorded as present). */
  add(draft: WatchRuleDraft, options?: { existing?: ExistingFiles }): Promise<Result<WatchFolderEntry>>;
  /** Replaces a rule; a new folder or format makes it a new rule (a new "converted" memory). */
  update(id: string, patch: Partial<WatchRuleDraft>): Promise<Result<WatchFolderEntry>>;
  pause(id: string): Promise<Result<WatchFolderEntry>>;
  /** Resumes a paused rule, or tries again to start one that could not start. */
  resume(id: string): Promise<Result<WatchFolderEntry>>;
  remove(id: string): Promise<Result<void>>;
  /** The engine to convert with; undefined (no key yet) keeps the rules but runs none. */
  setEngine(engine: WatchEngine | undefined): Promise<void>;
  /** "Watching 2 folders", for the tray; undefined when there is no rule. */
  trayLine(): string | undefined;
  /** How many folders are being watched now (TrayState.watching). */
  watchingCount(): number;
  on<K extends FolderWatchEventName>(event: K, listener: (payload: FolderWatchEvents[K]) => void): () => void;
  /** Stops every watch (jobs already sent stay with the engine). */
  close(): Promise<void>;
}

function notFound(): Result<never> {
  return fail({ code: 'not_found', message: messageFor('not_found') });
}

function duplicate(folder: string): Result<never> {
  return fail({ code: 'watch_duplicate', message: messageFor('watch_duplicate'), details: { folder } });
}

async function loadRules(path: string): Promise<WatchRule[]> {
  const read = await readJsonFile(path);
  if (read.kind === 'broken') await setAside(path);
  const value = read.kind === 'ok' ? (read.value as { rules?: unknown }) : undefined;
  const stored = value && Array.isArray(value.rules) ? (value.rules as unknown[]) : [];
  const rules: WatchRule[] = [];
  for (const raw of stored) {
    // A rule that does not validate is dropped on its own; the others still run.
    const parsed = WatchRule.safeParse(raw);
    if (parsed.success && !rules.some((rule) => rule.id === parsed.data.id)) rules.push(parsed.data);
  }
  return rules;
}

export async function openWatchSet(
  engine: WatchEngine | undefined,
  options: WatchSetOptions,
): Promise<WatchSet> {
  const path = join(options.rulesDir, WATCH_RULES_FILE);
  const events = new FolderWatchEmitter();
  /** Every rule as the person set it, in the order shown. */
  const rules = new Map<string, WatchRule>();
  /** The running watches, on the current engine. */
  const watches = new Map<string, FolderWatch>();
  let current = engine;
  let writing: Promise<void> = Promise.resolve();
  // One change at a time: an edit cannot race an engine switch.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  const ruleOf = (id: string): WatchRule => {
    const rule = rules.get(id)!;
    const watch = watches.get(id);
    return watch ? { ...rule, paused: watch.rule.paused } : rule;
  };
  const entryOf = (id: string): WatchFolderEntry => ({
    rule: ruleOf(id),
    status: watches.get(id)?.status() ?? idleWatchStatus(rules.get(id)!),
  });

  const save = (): Promise<void> => {
    const list = [...rules.keys()].map(ruleOf);
    writing = writing
      .then(() => writeJsonAtomic(path, { version: RULES_VERSION, rules: list }))
      .catch(() => undefined);
    return writing;
  };

  /** Starts `rule` on the current engine; a rule that cannot start stays listed in state "error". */
  const launch = async (rule: WatchRule): Promise<Result<void>> => {
    if (!current) return ok(undefined);
    const watch = createFolderWatch(current, rule, options);
    for (const name of EVENT_NAMES) watch.on(name, (payload) => events.emit(name, payload as never));
    watches.set(rule.id, watch);
    return watch.start();
  };

  const halt = async (id: string): Promise<void> => {
    const watch = watches.get(id);
    watches.delete(id);
    await watch?.stop();
  };

  const validate = (draft: WatchRuleDraft): Result<WatchRule> => {
    const folder = typeof draft.folder === 'string' ? resolve(draft.folder) : draft.folder;
    return parseWatchRule({ ...draft, folder, id: ruleIdFor(folder, draft.to) });
  };

  for (const rule of await loadRules(path)) {
    rules.set(rule.id, rule);
    await launch(rule);
  }

  return {
    list: () => [...rules.keys()].map(entryOf),

    add: (draft, addOptions) =>
      serial(async () => {
        const rule = validate(draft);
        if (!rule.ok) return rule;
        if (rules.has(rule.value.id)) return duplicate(rule.value.folder);
        const folder = await checkWatchedFolder(rule.value.folder);
        if (!folder.ok) return folder;
        if (addOptions?.existing === 'new-only') {
          const recorded = await recordPresentFiles(options.stateDir, rule.value);
          if (!recorded.ok) return recorded;
        }
        rules.set(rule.value.id, rule.value);
        const started = await launch(rule.value);
        if (!started.ok) {
          // A rule that cannot even start (no such target format ...) is not kept.
          await halt(rule.value.id);
          rules.delete(rule.value.id);
          return started;
        }
        await save();
        return ok(entryOf(rule.value.id));
      }),

    update: (id, patch) =>
      serial(async () => {
        if (!rules.has(id)) return notFound();
        const { id: _previousId, ...draft } = ruleOf(id);
        const rule = validate({ ...draft, ...patch });
        if (!rule.ok) return rule;
        if (rule.value.id !== id && rules.has(rule.value.id)) return duplicate(rule.value.folder);
        const folder = await checkWatchedFolder(rule.value.folder);
        if (!folder.ok) return folder;
        const previous = rules.get(id)!;
        await halt(id);
        // Same place in the list, under its (possibly new) id.
        const order = [...rules.entries()].map(([key, value]): [string, WatchRule] =>
          key === id ? [rule.value.id, rule.value] : [key, value],
        );
        rules.clear();
        for (const [key, value] of order) rules.set(key, value);
        const started = await launch(rule.value);
        if (!started.ok) {
          // The edit does not work out: the old rule carries on as it was.
          await halt(rule.value.id);
          const back = [...rules.entries()].map(([key, value]): [string, WatchRule] =>
            key === rule.value.id ? [id, previous] : [key, value],
          );
          rules.clear();
          for (const [key, value] of back) rules.set(key, value);
          await launch(previous);
          return started;
        }
        await save();
        return ok(entryOf(rule.value.id));
      }),

    pause: (id) =>
      serial(async () => {
        const rule = rules.get(id);
        if (!rule) return notFound();
        rules.set(id, { ...rule, paused: true });
        watches.get(id)?.pause();
        await save();
        return ok(entryOf(id));
      }),

    resume: (id) =>
      serial(async () => {
        const rule = rules.get(id);
        if (!rule) return notFound();
        rules.set(id, { ...rule, paused: false });
        const watch = watches.get(id);
        watch?.resume();
        await save();
        if (watch?.status().state === 'error') {
          const started = await watch.start();
          if (!started.ok) return started;
        }
        return ok(entryOf(id));
      }),

    remove: (id) =>
      serial(async () => {
        if (!rules.has(id)) return notFound();
        await halt(id);
        rules.delete(id);
        await save();
        return ok(undefined);
      }),

    setEngine: (next) =>
      serial(async () => {
        if (next === current) return;
        for (const id of [...watches.keys()]) await halt(id);
        current = next;
        for (const id of rules.keys()) await launch(ruleOf(id));
      }),

    trayLine: () => trayWatchLine([...rules.keys()].map((id) => entryOf(id).status)),
    watchingCount: () =>
      [...watches.values()].filter((watch) => ['watching', 'waiting-tokens'].includes(watch.status().state))
        .length,
    on: (event, listener) => events.on(event, listener),

    close: () =>
      serial(async () => {
        for (const id of [...watches.keys()]) await halt(id);
        await writing;
      }),
  };
}
