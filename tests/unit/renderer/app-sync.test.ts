// The store wired to a page-side API double: events pushed the way main pushes them,
// delivered in frames by the event buffer. (main's side is covered by the e2e tests.)
import { describe, expect, it } from 'vitest';
import type { AppSnapshot, EventName, RendererApi } from '../../../shared/ipc/contract.ts';
import { messageFor } from '../../../shared/messages.ts';
import { ok } from '../../../shared/result.ts';
import { createAppState } from '../../../renderer/src/store/app-state.ts';
import { loadSnapshot, syncWithMain } from '../../../renderer/src/store/app-sync.ts';
import { appSnapshot, job } from './job-fixtures.ts';

function fakeMain(snapshot: Partial<AppSnapshot> = {}) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let resolveSnapshot: (() => void) | undefined;
  const api = {
    on(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    'app:snapshot': () =>
      new Promise((resolve) => {
        resolveSnapshot = () => resolve(ok(appSnapshot({ conversions: { pdf: ['docx'] }, ...snapshot })));
      }),
  } as unknown as RendererApi;
  return {
    api,
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    answerSnapshot: () => resolveSnapshot?.(),
  };
}

/** A frame scheduler the test advances by hand. */
function manualFrames() {
  const waiting: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void waiting.push(run),
    nextFrame: () => {
      for (const run of waiting.splice(0)) run();
    },
    pending: () => waiting.length,
  };
}

describe('the store in step with main', () => {
  it('applies a burst of job events in one store update per frame', () => {
    const main = fakeMain();
    const store = createAppState();
    const frames = manualFrames();
    syncWithMain(main.api, store, { schedule: frames.schedule, onJobsFinished: () => {} });
    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    for (let step = 0; step <= 100; step += 1) {
      main.emit('jobs:changed', {
        jobs: [job('a', { state: 'uploading', progress: step / 100, updatedAt: 1_000 + step })],
        removed: [],
      });
    }
    expect(frames.pending()).toBe(1);
    expect(store.getState().jobs.byId.size).toBe(0);
    frames.nextFrame();
    expect(updates).toBe(1);
    expect(store.getState().jobs.byId.get('a')?.progress).toBe(1);
  });

  it('keeps events that arrive before the snapshot, and the newer version of each job', async () => {
    const main = fakeMain({ jobs: [job('a', { state: 'uploading', updatedAt: 1_000 }), job('b')] });
    const store = createAppState();
    const frames = manualFrames();
    syncWithMain(main.api, store, { schedule: frames.schedule, onJobsFinished: () => {} });
    const loading = loadSnapshot(main.api, store);
    main.emit('jobs:changed', { jobs: [job('a', { state: 'processing', updatedAt: 2_000 })], removed: [] });
    main.emit('jobs:changed', { jobs: [], removed: ['b'] });
    frames.nextFrame();
    main.answerSnapshot();
    await loading;
    const { jobs, phase } = store.getState();
    expect(phase).toBe('ready');
    expect(jobs.byId.get('a')?.state).toBe('processing');
    expect(jobs.byId.has('b')).toBe(false);
  });

  it('offers the right-click menu switch only where main says there is one to write', async () => {
    for (const fileManagerMenu of ['explorer', 'linux', 'finder', undefined] as const) {
      const main = fakeMain(fileManagerMenu ? { fileManagerMenu } : {});
      const store = createAppState();
      const loading = loadSnapshot(main.api, store);
      main.answerSnapshot();
      await loading;
      expect(store.getState().fileManagerMenu).toBe(fileManagerMenu);
      expect(store.getState().settings?.fileManagerMenu).toBe(false);
    }
  });

  it('announces finished files politely and asks for a balance refresh once per frame', () => {
    const main = fakeMain();
    const store = createAppState();
    const frames = manualFrames();
    let refreshes = 0;
    syncWithMain(main.api, store, { schedule: frames.schedule, onJobsFinished: () => void refreshes++ });
    main.emit('jobs:changed', {
      jobs: [job('a', { state: 'processing' }), job('b', { state: 'processing' })],
      removed: [],
    });
    frames.nextFrame();
    main.emit('jobs:changed', { jobs: [job('a', { state: 'completed', updatedAt: 2_000 })], removed: [] });
    main.emit('jobs:changed', {
      jobs: [
        job('b', {
          state: 'failed',
          updatedAt: 2_000,
          error: { code: 'encrypted_input', message: 'Locked.' },
        }),
      ],
      removed: [],
    });
    frames.nextFrame();
    expect(store.getState().announcement.text).toBe('1 file done, 1 failed.');
    expect(refreshes).toBe(1);
  });

  it('names the file when a single one fails, with its plain sentence', () => {
    const main = fakeMain();
    const store = createAppState();
    const frames = manualFrames();
    syncWithMain(main.api, store, { schedule: frames.schedule, onJobsFinished: () => {} });
    main.emit('jobs:changed', {
      jobs: [
        job('secret', {
          state: 'failed',
          error: { code: 'encrypted_input', message: 'This file is password-protected.' },
        }),
      ],
      removed: [],
    });
    frames.nextFrame();
    // A known code is said in the window's own words (its language), not main's copy.
    expect(store.getState().announcement.text).toBe(`secret.pdf failed. ${messageFor('encrypted_input')}`);
  });

  it('delivers waiting job events before a batch summary, so the header and the rows agree', () => {
    const main = fakeMain();
    const store = createAppState();
    const frames = manualFrames();
    syncWithMain(main.api, store, { schedule: frames.schedule, onJobsFinished: () => {} });
    main.emit('jobs:changed', { jobs: [job('a', { state: 'completed' })], removed: [] });
    main.emit('batch:finished', {
      batchId: 'b1',
      completed: [{ source: '/home/ana/a.pdf', output: '/home/ana/a.docx', tokens: 0 }],
      failed: [],
      pending: [],
      skipped: [],
      tokensSpent: 0,
    });
    expect(store.getState().jobs.byId.get('a')?.state).toBe('completed');
    expect(store.getState().announcement.text).toBe('Batch finished: 1 file converted.');
  });

  it('takes the ledger status from invoices:changed and reloads the Invoices view only when open', () => {
    const main = fakeMain();
    const store = createAppState();
    const frames = manualFrames();
    let reloads = 0;
    syncWithMain(main.api, store, {
      schedule: frames.schedule,
      onJobsFinished: () => {},
      onInvoicesChanged: () => {
        reloads += 1;
      },
    });
    const status = {
      choice: { kind: 'local' as const },
      location: '/s/ledger.sqlite',
      passwordSet: false,
      pending: 1,
    };
    main.emit('invoices:changed', status);
    expect(store.getState().invoices.status).toEqual(status);
    expect(reloads).toBe(0);
    store.setState((state) => ({ invoices: { ...state.invoices, open: true } }));
    main.emit('invoices:changed', { ...status, pending: 0 });
    expect(reloads).toBe(1);
    expect(store.getState().invoices.status?.pending).toBe(0);
  });
});
