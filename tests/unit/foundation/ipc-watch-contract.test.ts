// The watch-folder channels of the IPC contract: the page names rules and formats, never a
// folder, and an edit changes only the fields it names.
import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../shared/ipc/contract.ts';
import { dispatchInvoke, type InvokeHandlers } from '../../../shared/ipc/dispatch.ts';
import { ok } from '../../../shared/result.ts';

function recording() {
  const reached: { channel: string; input: unknown }[] = [];
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of Object.keys(invokeChannels)) {
    handlers[channel] = async (input) => {
      reached.push({ channel, input });
      return ok(undefined);
    };
  }
  return { reached, handlers: handlers as unknown as InvokeHandlers };
}

describe('watch folder channels', () => {
  it('drop any folder the page puts in, and fill in the defaults of a new rule', async () => {
    const { reached, handlers } = recording();
    await dispatchInvoke(handlers, 'watch:add', { settings: { to: 'xlsx', folder: '/etc', outDir: '/etc' } });
    expect(reached).toEqual([
      {
        channel: 'watch:add',
        input: { settings: { to: 'xlsx', recursive: false, from: [], after: 'keep', conflict: 'rename' } },
      },
    ]);
  });

  it('pass on only the fields an edit names', async () => {
    const { reached, handlers } = recording();
    await dispatchInvoke(handlers, 'watch:update', { id: 'r1', settings: { after: 'move', folder: '/' } });
    expect(reached).toEqual([{ channel: 'watch:update', input: { id: 'r1', settings: { after: 'move' } } }]);
  });

  it('refuse malformed rules before any handler runs', async () => {
    const { reached, handlers } = recording();
    for (const [channel, input] of [
      ['watch:add', { settings: {} }],
      ['watch:add', { settings: { to: 'XLSX' } }],
      ['watch:add', { settings: { to: 'xlsx', after: 'shred' } }],
      ['watch:update', { id: '', settings: {} }],
      ['watch:pause', {}],
    ] as const) {
      const result = await dispatchInvoke(handlers, channel, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(reached).toEqual([]);
  });
});
