// The "Convert" flow against a page-side API double: the cost is checked before anything is
// sent, a shortfall opens the choice, and "convert what fits" asks main for a partial batch.
import { describe, expect, it } from 'vitest';
import type { Estimate, RendererApi, StagedBatch } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/result.ts';
import { createAppActions, shortfallOf } from '../../../renderer/src/store/app-actions.ts';
import { createAppState } from '../../../renderer/src/store/app-state.ts';

const batch: StagedBatch = {
  files: [
    { stageId: 's1', name: 'a.pdf', path: '/d/a.pdf', bytes: 10, from: 'pdf', targets: ['txt'] },
    { stageId: 's2', name: 'b.csv', path: '/d/b.csv', bytes: 10, from: 'csv', targets: ['json'] },
  ],
  skipped: [],
};

function fakeMain(
  estimate: Estimate,
  started: { jobIds: string[]; skipped: StagedBatch['skipped'] } = { jobIds: ['j1', 'j2'], skipped: [] },
) {
  const calls: { channel: string; input: unknown }[] = [];
  const answer = (channel: string, value: unknown) => async (input: unknown) => {
    calls.push({ channel, input });
    return ok(value);
  };
  const api = {
    'files:browse': answer('files:browse', batch),
    'batch:estimate': answer('batch:estimate', estimate),
    'batch:start': answer('batch:start', { batchId: 'b', ...started }),
  } as unknown as RendererApi;
  return { api, calls, started: () => calls.filter((call) => call.channel === 'batch:start') };
}

const short: Estimate = { total: 8, balance: 5, shortfall: 3, fitCount: 1, fitTokens: 2, offline: false };

describe('starting a batch', () => {
  it('checks the cost first and opens the shortfall choice without sending anything', async () => {
    const main = fakeMain(short);
    const store = createAppState();
    const actions = createAppActions(main.api, store);
    await actions.browse();
    await actions.requestStart();
    expect(store.getState().shortfall).toEqual(short);
    expect(main.started()).toEqual([]);
    actions.dismissShortfall();
    expect(store.getState().shortfall).toBeUndefined();
    expect(store.getState().staging.files).toHaveLength(2);
  });

  it('"convert the files that fit" asks main for a partial batch of everything staged', async () => {
    const main = fakeMain(short);
    const store = createAppState();
    const actions = createAppActions(main.api, store);
    await actions.browse();
    await actions.requestStart();
    await actions.startFitting();
    expect(main.started()).toEqual([
      {
        channel: 'batch:start',
        input: {
          items: [
            { stageId: 's1', to: 'txt' },
            { stageId: 's2', to: 'json' },
          ],
          partial: true,
        },
      },
    ]);
    expect(store.getState().shortfall).toBeUndefined();
    expect(store.getState().staging.files).toEqual([]);
  });

  it('opens the spending-limit choice for a batch past a cap, even with tokens enough, and trims on request', async () => {
    const capped: Estimate = {
      total: 240,
      balance: 1000,
      shortfall: 0,
      fitCount: 2,
      fitTokens: 240,
      offline: false,
      cap: { kind: 'month', required: 240, limit: 1000, left: 100, fitCount: 1, fitTokens: 60 },
    };
    const main = fakeMain(capped);
    const store = createAppState();
    const actions = createAppActions(main.api, store);
    await actions.browse();
    await actions.requestStart();
    expect(store.getState().shortfall?.cap).toEqual(capped.cap);
    expect(main.started()).toEqual([]);
    await actions.startFitting();
    expect(main.started().map((call) => (call.input as { partial: boolean }).partial)).toEqual([true]);
  });

  it('keeps the files a spending limit left out of a trimmed batch in the list', async () => {
    const main = fakeMain({
      total: 8,
      balance: 100,
      shortfall: 0,
      fitCount: 2,
      fitTokens: 8,
      offline: false,
      cap: { kind: 'month', required: 8, limit: 10, left: 4, fitCount: 1, fitTokens: 4 },
    });
    const api = {
      ...main.api,
      'batch:start': async () => ok({ batchId: 'b', jobIds: ['j1'], skipped: [], leftOut: ['s2'] }),
    } as unknown as RendererApi;
    const store = createAppState();
    const actions = createAppActions(api, store);
    await actions.browse();
    await actions.requestStart();
    await actions.startFitting();
    expect(store.getState().staging.files.map((file) => file.stageId)).toEqual(['s2']);
  });

  it('offers nothing to start when not even the first file fits under the cap', async () => {
    const main = fakeMain({
      total: 8,
      balance: 100,
      shortfall: 0,
      fitCount: 2,
      fitTokens: 8,
      offline: false,
      cap: { kind: 'batch', required: 8, limit: 3, left: 3, fitCount: 0, fitTokens: 0 },
    });
    const store = createAppState();
    const actions = createAppActions(main.api, store);
    await actions.browse();
    await actions.requestStart();
    await actions.startFitting();
    expect(main.started()).toEqual([]);
  });

  it('starts at once when offline, whatever the estimate says about tokens', async () => {
    const main = fakeMain({ ...short, offline: true });
    const store = createAppState();
    const actions = createAppActions(main.api, store);
    await actions.browse();
    await actions.requestStart();
    expect(store.getState().shortfall).toBeUndefined();
    expect(main.started()).toHaveLength(1);
  });

  it('offline, starts without asking main for the cost first', async () => {
    const main = fakeMain(short);
    const store = createAppState();
    store.setState({ settings: { endpoint: { kind: 'local' } } as never });
    const actions = createAppActions(main.api, store);
    await actions.browse();
    await actions.requestStart();
    expect(main.calls.map((call) => call.channel)).toEqual(['files:browse', 'batch:start']);
    expect(store.getState().shortfall).toBeUndefined();
    expect(store.getState().staging.files).toEqual([]);
  });

  it('keeps files main left out in view with their reason, and moves focus on', async () => {
    const gone = { name: 'b.csv', path: '/d/b.csv', reason: 'That file no longer exists.' };
    const main = fakeMain({ ...short, offline: true }, { jobIds: ['j1'], skipped: [gone] });
    const store = createAppState();
    const actions = createAppActions(main.api, store);
    await actions.browse();
    expect(store.getState().focusRequest?.id).toBe('start-button');
    await actions.requestStart();
    expect(store.getState().notConverted).toEqual([gone]);
    expect(store.getState().focusRequest?.id).toBe('queue-title');
    actions.focusDone(store.getState().focusRequest!.seq);
    expect(store.getState().focusRequest).toBeUndefined();
    expect(store.getState().announcement.text).toBe(
      'Converting 1 file. 1 file was not converted: see why in the list.',
    );
    actions.dismissNotConverted();
    expect(store.getState().notConverted).toEqual([]);
  });

  it('reads the shortfall numbers from a refusal main sends when the balance moved', () => {
    const refusal = fail({
      code: 'insufficient_tokens',
      message: 'x',
      details: { required: 8, balance: 5, shortfall: 3, fitCount: 1, fitTokens: 2 },
    });
    expect(refusal.ok ? undefined : shortfallOf(refusal.error)).toEqual(short);
    const other = fail({ code: 'network', message: 'x' });
    expect(other.ok ? undefined : shortfallOf(other.error)).toBeUndefined();
  });
});
