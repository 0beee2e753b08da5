import { describe, expect, it, vi } from 'vitest';

// electron cannot run here; register.ts only needs an IpcMain-shaped object and the
// sender's frame, which these fakes provide.
vi.mock('electron', () => ({}));

import { invokeChannels } from '../../../shared/ipc/contract.ts';
import type { InvokeHandlers } from '../../../shared/ipc/dispatch.ts';
import { ok } from '../../../shared/result.ts';
import { registerIpc } from '../../../electron/main/ipc/register.ts';

type Listener = (event: unknown, input: unknown) => unknown;

function fakeIpcMain() {
  const handles = new Map<string, Listener>();
  const ons = new Map<string, Listener>();
  return {
    handles,
    ons,
    handle: (channel: string, listener: Listener) => handles.set(channel, listener),
    on: (channel: string, listener: Listener) => ons.set(channel, listener),
    removeHandler: (channel: string) => handles.delete(channel),
    removeAllListeners: (channel: string) => ons.delete(channel),
  };
}

const APP_URL = 'file:///opt/app/out/renderer/index.html';

function setup() {
  const ipc = fakeIpcMain();
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    Object.keys(invokeChannels).map((channel) => [
      channel,
      async () => {
        calls.push(channel);
        return ok('answered');
      },
    ]),
  ) as unknown as InvokeHandlers;
  const drags: string[] = [];
  const mainFrame = { url: APP_URL };
  const ourContents = { mainFrame };
  const unregister = registerIpc(
    ipc as never,
    handlers,
    { 'result:startDrag': (input) => drags.push(input.jobId) },
    { trustedContents: () => [ourContents as never], isAppUrl: (url) => url === APP_URL },
  );
  return { ipc, calls, drags, ourContents, mainFrame, unregister, handlers };
}

describe('registerIpc', () => {
  it('refuses to start when a contract channel has no handler', () => {
    const { handlers } = setup();
    const { 'key:remove': _left, ...incomplete } = handlers;
    const ipc = fakeIpcMain();
    const policy = { trustedContents: () => [], isAppUrl: () => true };
    expect(() =>
      registerIpc(ipc as never, incomplete as never, { 'result:startDrag': () => undefined }, policy),
    ).toThrow('IPC channels without a handler: key:remove');
    expect(ipc.handles.size).toBe(0);
  });

  it('registers a handler for every contract channel and removes them all again', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handles.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    unregister();
    expect(ipc.handles.size).toBe(0);
    expect(ipc.ons.size).toBe(0);
  });

  it('answers our own window main frame', async () => {
    const { ipc, calls, ourContents, mainFrame } = setup();
    const result = await ipc.handles.get('app:snapshot')?.(
      { sender: ourContents, senderFrame: mainFrame },
      {},
    );
    expect(result).toEqual({ ok: true, value: 'answered' });
    expect(calls).toEqual(['app:snapshot']);
  });

  it('refuses a foreign window, a subframe, and our window after it navigated away', async () => {
    const { ipc, calls, ourContents, mainFrame } = setup();
    const foreign = { mainFrame: { url: APP_URL } };
    const subframe = { url: APP_URL };
    const attempts = [
      { sender: foreign, senderFrame: foreign.mainFrame },
      { sender: ourContents, senderFrame: subframe },
      { sender: ourContents, senderFrame: null },
    ];
    for (const event of attempts) {
      const result = (await ipc.handles.get('key:remove')?.(event, {})) as {
        ok: boolean;
        error?: { code: string };
      };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('bad_request');
    }
    mainFrame.url = 'https://evil.example/';
    const navigated = (await ipc.handles.get('key:remove')?.(
      { sender: ourContents, senderFrame: mainFrame },
      {},
    )) as {
      ok: boolean;
    };
    expect(navigated.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('validates fire-and-forget sends and ignores malformed ones', () => {
    const { ipc, drags, ourContents, mainFrame } = setup();
    const drag = ipc.ons.get('result:startDrag');
    drag?.({ sender: ourContents, senderFrame: mainFrame }, { jobId: 'j1' });
    drag?.({ sender: ourContents, senderFrame: mainFrame }, { jobId: 42 });
    drag?.({ sender: { mainFrame: {} }, senderFrame: {} }, { jobId: 'j2' });
    expect(drags).toEqual(['j1']);
  });
});
