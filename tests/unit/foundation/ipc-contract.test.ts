import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_NAMES, invokeChannels, sendChannels } from '../../../shared/ipc/contract.ts';
import { dispatchInvoke, type InvokeHandlers } from '../../../shared/ipc/dispatch.ts';
import { buildRendererApi } from '../../../shared/ipc/renderer-api.ts';
import { ok } from '../../../shared/result.ts';

/** A handler set that records what reached it, for checking validation in front of it. */
function recordingHandlers(reached: { channel: string; input: unknown }[]): InvokeHandlers {
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of Object.keys(invokeChannels)) {
    handlers[channel] = async (input) => {
      reached.push({ channel, input });
      return ok(undefined);
    };
  }
  return handlers as unknown as InvokeHandlers;
}

describe('the IPC contract', () => {
  it('gives every invoke and send channel a zod input schema', () => {
    const channels = Object.entries(invokeChannels);
    expect(channels.length).toBeGreaterThan(10);
    for (const [, spec] of channels) expect(spec.input).toBeInstanceOf(z.ZodType);
    for (const schema of Object.values(sendChannels)) expect(schema).toBeInstanceOf(z.ZodType);
  });

  it('lists each event once', () => {
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
  });
});

describe('dispatchInvoke', () => {
  it('passes valid input, with defaults applied, to the handler', async () => {
    const reached: { channel: string; input: unknown }[] = [];
    const result = await dispatchInvoke(recordingHandlers(reached), 'batch:start', {
      items: [{ stageId: 's1', to: 'xlsx' }],
    });
    expect(result).toEqual({ ok: true, value: undefined });
    expect(reached).toEqual([
      { channel: 'batch:start', input: { items: [{ stageId: 's1', to: 'xlsx' }], partial: false } },
    ]);
  });

  it('answers a malformed payload with invalid_input and never calls the handler', async () => {
    const reached: { channel: string; input: unknown }[] = [];
    const handlers = recordingHandlers(reached);
    for (const bad of [{ items: [] }, { items: 'all' }, null, 42, { items: [{ stageId: '', to: 'pdf' }] }]) {
      const result = await dispatchInvoke(handlers, 'batch:start', bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
    const shortKey = await dispatchInvoke(handlers, 'key:set', { key: 'abc' });
    expect(shortKey.ok).toBe(false);
    expect(reached).toEqual([]);
  });

  it('refuses a channel that is not in the contract', async () => {
    const result = await dispatchInvoke(recordingHandlers([]), 'fs:readFile', { path: '/etc/passwd' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_request');
  });

  it('turns a handler that throws into an internal error value', async () => {
    const handlers = recordingHandlers([]);
    (handlers as unknown as Record<string, () => Promise<never>>)['app:snapshot'] = async () => {
      throw new Error('boom');
    };
    const result = await dispatchInvoke(handlers, 'app:snapshot', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });
});

describe('buildRendererApi', () => {
  function transport() {
    const calls: { channel: string; input: unknown }[] = [];
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = buildRendererApi({
      invoke: async (channel, input) => {
        calls.push({ channel, input });
        return ok(null);
      },
      send: (channel, input) => calls.push({ channel, input }),
      subscribe: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
      pathForFile: (file) => (file.name === 'web.png' ? '' : `/home/me/${file.name}`),
      channels: Object.keys(invokeChannels),
      events: EVENT_NAMES,
    });
    return { api, calls, listeners };
  }

  it('exposes one function per channel and resolves dropped files to paths, dropping pathless ones', async () => {
    const { api, calls } = transport();
    for (const channel of Object.keys(invokeChannels))
      expect(typeof (api as unknown as Record<string, unknown>)[channel]).toBe('function');
    await api['files:stageDropped']([new File(['a'], 'a.pdf'), new File(['b'], 'web.png')]);
    expect(calls).toEqual([{ channel: 'files:stageDropped', input: { paths: ['/home/me/a.pdf'] } }]);
  });

  it('hands event listeners the payload only and refuses events outside the contract', () => {
    const { api, listeners } = transport();
    const seen: unknown[] = [];
    const off = api.on('balance:changed', (payload) => seen.push(payload));
    listeners.get('balance:changed')?.({ tokens: 5, offline: false, checkedAt: 1 });
    expect(seen).toEqual([{ tokens: 5, offline: false, checkedAt: 1 }]);
    off();
    expect(listeners.has('balance:changed')).toBe(false);
    expect(() => api.on('devtools:open' as never, () => {})).toThrow(/Unknown event/);
  });
});
