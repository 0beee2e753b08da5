// A settings edit stays shown until main answers it, even when an earlier, slower save
// (a concurrency change restarts the engine) answers in between with older values.
import { describe, expect, it } from 'vitest';
import type { RendererApi, Settings } from '../../../shared/ipc/contract.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import { createAppActions } from '../../../renderer/src/store/app-actions.ts';
import { createAppState } from '../../../renderer/src/store/app-state.ts';
import { defaultSettings } from '../../../electron/engine/storage/settings.ts';

const saved: Settings = { ...defaultSettings(), endpoint: { kind: 'local' } };

/** Main as the page sees it: each settings:update waits until the test answers it. */
function slowMain() {
  const waiting: { patch: Partial<Settings>; answer(result: Result<Settings>): void }[] = [];
  const api = {
    'settings:update': ({ patch }: { patch: Partial<Settings> }) =>
      new Promise<Result<Settings>>((answer) => waiting.push({ patch, answer })),
  } as unknown as RendererApi;
  return { api, waiting };
}

describe('settings edits in flight', () => {
  it('keeps a later edit shown when an earlier save answers with the old value', async () => {
    const main = slowMain();
    const store = createAppState();
    store.setState({ settings: saved });
    const actions = createAppActions(main.api, store);

    const concurrency = actions.updateSettings({ concurrency: 6 });
    const notifications = actions.updateSettings({ notifications: false });
    expect(store.getState().settings).toMatchObject({ concurrency: 6, notifications: false });

    // Main saved the concurrency first; its answer predates the notifications edit.
    main.waiting[0]!.answer(ok({ ...saved, concurrency: 6 }));
    await concurrency;
    expect(store.getState().settings).toMatchObject({ concurrency: 6, notifications: false });

    main.waiting[1]!.answer(ok({ ...saved, concurrency: 6, notifications: false }));
    await notifications;
    expect(store.getState().settings).toMatchObject({ concurrency: 6, notifications: false });
    expect(store.getState().pendingSettings).toEqual([]);
  });

  it('takes back a refused edit but keeps the others in flight', async () => {
    const main = slowMain();
    const store = createAppState();
    store.setState({ settings: saved });
    const actions = createAppActions(main.api, store);

    const refused = actions.updateSettings({ concurrency: 6 });
    const kept = actions.updateSettings({ theme: 'dark' });
    main.waiting[0]!.answer(fail({ code: 'invalid_input', message: 'No.' }));
    expect(await refused).toBe(false);
    expect(store.getState().settings).toMatchObject({ concurrency: 3, theme: 'dark' });

    main.waiting[1]!.answer(ok({ ...saved, theme: 'dark' }));
    expect(await kept).toBe(true);
    expect(store.getState().settings).toMatchObject({ concurrency: 3, theme: 'dark' });
  });
});
