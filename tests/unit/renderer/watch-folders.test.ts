// Settings -> Watch folders in the window's store: main's list replaces the copy, answers to
// the person's own actions land at once (in place, even when an edit renames the rule), and
// a rule running out of tokens or losing its folder is said once.
import { describe, expect, it } from 'vitest';
import type { EventName, RendererApi } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/result.ts';
import type { WatchFolderEntry, WatchState } from '../../../shared/watch.ts';
import { messageFor } from '../../../shared/messages.ts';
import { createAppActions } from '../../../renderer/src/store/app-actions.ts';
import { createAppState } from '../../../renderer/src/store/app-state.ts';
import { loadSnapshot, syncWithMain } from '../../../renderer/src/store/app-sync.ts';
import {
  describeWatchChanges,
  removeWatchEntry,
  upsertWatchEntry,
} from '../../../renderer/src/store/watch-folders.ts';
import { appSnapshot } from './job-fixtures.ts';
import { watchEntry } from './watch-entry.ts';

function entry(id: string, state: WatchState = 'watching', extra: Partial<WatchFolderEntry['status']> = {}) {
  return watchEntry(id, { state, ...extra });
}

describe('the watch folder list', () => {
  it('replaces a rule in place, also when an edit gave it a new id, and appends a new one', () => {
    const list = [entry('a'), entry('b'), entry('c')];
    const renamed = { ...entry('b2'), status: { ...entry('b2').status, converted: 3 } };
    expect(upsertWatchEntry(list, renamed, 'b').map((item) => item.rule.id)).toEqual(['a', 'b2', 'c']);
    // main's list already carried the new id: the answer replaces it, nothing is doubled.
    const already = [entry('a'), entry('b2'), entry('c')];
    expect(upsertWatchEntry(already, renamed, 'b')).toEqual([entry('a'), renamed, entry('c')]);
    expect(upsertWatchEntry(list, entry('d')).map((item) => item.rule.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(removeWatchEntry(list, 'b').map((item) => item.rule.id)).toEqual(['a', 'c']);
  });

  it('says once that a rule waits for tokens or lost its folder', () => {
    const missing = {
      code: 'watch_folder_missing' as const,
      message: messageFor('watch_folder_missing'),
    };
    const before = [entry('invoices'), entry('scans')];
    const after = [entry('invoices', 'waiting-tokens'), entry('scans', 'watching', { error: missing })];
    expect(describeWatchChanges(before, after)).toBe(
      `invoices: ${messageFor('watch_waiting_tokens')} scans: ${messageFor('watch_folder_missing')}`,
    );
    expect(describeWatchChanges(after, after)).toBeUndefined();
    expect(describeWatchChanges(after, [entry('invoices'), entry('scans')])).toBeUndefined();
  });
});

function fakeMain() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: string; input: unknown }[] = [];
  const answers = new Map<string, unknown>();
  const api = new Proxy(
    {
      on(event: EventName, listener: (payload: unknown) => void) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener);
        return () => set.delete(listener);
      },
    },
    {
      get(target, name: string) {
        if (name === 'on') return target.on;
        return async (input: unknown) => {
          calls.push({ channel: name, input });
          return answers.get(name);
        };
      },
    },
  ) as unknown as RendererApi;
  return {
    api,
    calls,
    answer: (channel: string, value: unknown) => answers.set(channel, value),
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

describe('watch folders in the store', () => {
  it('takes the list from the snapshot and then from every watch:changed, announcing a token pause', async () => {
    const main = fakeMain();
    const store = createAppState();
    syncWithMain(main.api, store, { schedule: (run) => run(), onJobsFinished: () => undefined });
    main.answer('app:snapshot', ok(appSnapshot({ watchFolders: [entry('invoices')] })));
    await loadSnapshot(main.api, store);
    expect(store.getState().watchFolders).toEqual([entry('invoices')]);

    main.emit('watch:changed', [entry('invoices', 'waiting-tokens')]);
    expect(store.getState().watchFolders[0]?.status.state).toBe('waiting-tokens');
    expect(store.getState().announcement.text).toBe(`invoices: ${messageFor('watch_waiting_tokens')}`);
    const seq = store.getState().announcement.seq;
    main.emit('watch:changed', [entry('invoices', 'waiting-tokens', { queued: 2 })]);
    expect(store.getState().announcement.seq).toBe(seq);
  });

  it('adds through main (never with a folder), keeps a cancelled picker silent, edits and removes in place', async () => {
    const main = fakeMain();
    const store = createAppState();
    const actions = createAppActions(main.api, store);

    // Folder first: main's picker answers what is in the folder, or nothing when cancelled.
    main.answer('watch:pickFolder', ok(undefined));
    expect(await actions.pickWatchFolder()).toEqual(ok(undefined));
    const survey = { folder: '/home/a/Scans', files: [{ name: 'a.pdf', format: 'pdf' }], more: 0 };
    main.answer('watch:pickFolder', ok(survey));
    expect(await actions.pickWatchFolder()).toEqual(ok(survey));

    main.answer('watch:add', ok(undefined));
    expect(await actions.addWatchFolder({ to: 'xlsx', after: 'move' }, 'new-only')).toEqual(ok(undefined));
    expect(store.getState().watchFolders).toEqual([]);

    main.answer('watch:add', ok(entry('a')));
    await actions.addWatchFolder({ to: 'xlsx' }, 'convert');
    main.answer('watch:add', ok(entry('b')));
    await actions.addWatchFolder({ to: 'xlsx' });
    // The folder is the one main's picker gave (chosen), never a path from the page.
    expect(main.calls.filter((call) => call.channel === 'watch:add').map((call) => call.input)).toEqual([
      { settings: { to: 'xlsx', after: 'move' }, chosen: true, existing: 'new-only' },
      { settings: { to: 'xlsx' }, chosen: true, existing: 'convert' },
      { settings: { to: 'xlsx' }, chosen: true },
    ]);

    main.answer('watch:update', ok(entry('a2')));
    const edited = await actions.updateWatchFolder('a', { to: 'txt' });
    expect(edited.ok && edited.value?.rule.id).toBe('a2');
    expect(store.getState().watchFolders.map((item) => item.rule.id)).toEqual(['a2', 'b']);

    main.answer('watch:pause', ok(entry('b', 'paused')));
    await actions.pauseWatch('b');
    expect(store.getState().watchFolders[1]?.status.state).toBe('paused');

    const refused = fail({ code: 'not_found', message: messageFor('not_found') });
    main.answer('watch:remove', refused);
    expect(await actions.removeWatch('a2')).toEqual(refused);
    expect(store.getState().watchFolders).toHaveLength(2);
    main.answer('watch:remove', ok(undefined));
    await actions.removeWatch('a2');
    expect(store.getState().watchFolders.map((item) => item.rule.id)).toEqual(['b']);

    main.answer('watch:chooseOutputFolder', ok(undefined));
    await actions.chooseWatchOutputFolder('b');
    expect(main.calls.at(-1)).toEqual({
      channel: 'watch:chooseOutputFolder',
      input: { id: 'b', clear: false },
    });
  });
});
