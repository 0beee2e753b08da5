// Validates one invoke against the contract and runs its handler, turning every failure
// (bad input, a thrown error) into a Result, so nothing but data ever crosses IPC.
// Used by main (behind its sender check) and by the e2e test bridge, so both behave alike.
import { messageFor } from '../messages.ts';
import { fail, type Result } from '../result.ts';
import {
  type ChannelOutput,
  type ChannelParsedInput,
  type InvokeChannel,
  invokeChannels,
} from './contract.ts';

export type InvokeHandlers = {
  [C in InvokeChannel]: (input: ChannelParsedInput<C>) => Promise<ChannelOutput<C>>;
};

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return fail({ code: 'bad_request', message: messageFor('bad_request') });
  }
  const parsed = invokeChannels[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(input)');
    return fail({ code: 'invalid_input', message: messageFor('invalid_input'), details: { fields } });
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    // A handler bug must not crash main or leak a stack trace into the page.
    return fail({
      code: 'internal',
      message: messageFor('internal'),
      details: { reason: error instanceof Error ? error.message : String(error) },
    });
  }
}
