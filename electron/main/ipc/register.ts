// Registers one ipcMain handler per contract channel. Every call is checked twice before a
// handler runs: the sender must be our own window's main frame, and the input must pass the
// channel's zod schema (dispatchInvoke). Handlers return Results; nothing throws across IPC.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { invokeChannels, sendChannels } from '../../../shared/ipc/contract.ts';
import { dispatchInvoke, type InvokeHandlers } from '../../../shared/ipc/dispatch.ts';
import { messageFor } from '../../../shared/messages.ts';
import { fail } from '../../../shared/result.ts';

export interface SenderPolicy {
  /** The web contents of windows we created; messages from anything else are refused. */
  trustedContents(): readonly WebContents[];
  isAppUrl(url: string): boolean;
}

export function isTrustedSender(event: IpcMainInvokeEvent | IpcMainEvent, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (!policy.trustedContents().includes(event.sender)) return false;
  // Only the top frame of our own page: a subframe or a navigated page gets nothing.
  if (frame !== event.sender.mainFrame) return false;
  return policy.isAppUrl(frame.url);
}

export type SendHandlers = {
  [C in keyof typeof sendChannels]: (
    input: import('zod').infer<(typeof sendChannels)[C]>,
    sender: WebContents,
  ) => void;
};

export function registerIpc(
  ipc: IpcMain,
  handlers: InvokeHandlers,
  sendHandlers: SendHandlers,
  policy: SenderPolicy,
): () => void {
  const channels = Object.keys(invokeChannels);
  const sendNames = Object.keys(sendChannels) as (keyof typeof sendChannels)[];
  // A channel without its handler would only fail when the page first calls it: refuse to start.
  const missing = [
    ...channels.filter((channel) => typeof (handlers as Record<string, unknown>)[channel] !== 'function'),
    ...sendNames.filter((name) => typeof sendHandlers[name] !== 'function'),
  ];
  if (missing.length > 0) throw new Error(`IPC channels without a handler: ${missing.join(', ')}`);
  for (const channel of channels) {
    ipc.handle(channel, async (event, input) => {
      if (!isTrustedSender(event, policy)) {
        return fail({
          code: 'bad_request',
          message: messageFor('bad_request'),
          details: { reason: 'untrusted sender' },
        });
      }
      return dispatchInvoke(handlers, channel, input);
    });
  }
  for (const name of sendNames) {
    ipc.on(name, (event, input) => {
      if (!isTrustedSender(event, policy)) return;
      const parsed = sendChannels[name].safeParse(input);
      if (parsed.success) sendHandlers[name](parsed.data, event.sender);
    });
  }
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
    for (const name of sendNames) ipc.removeAllListeners(name);
  };
}
