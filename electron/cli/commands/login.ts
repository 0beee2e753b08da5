// `ifc login` / `ifc logout`: the key for an endpoint in the OS keychain (service
// "iFileConverter Desktop", account = the endpoint URL, as the desktop app stores it). The key
// is read from stdin or a prompt that does not echo, checked with the service, and never
// printed.
import { t } from '../../../shared/i18n/index.ts';
import { isPlausibleKey } from '../../../shared/api-key.ts';
import { askAccount, createKeychainStore, type KeyStore } from '../../engine/index.ts';
import type { Command } from '../args.ts';
import { resolveEndpoint } from '../endpoint.ts';
import { EXIT, exitCodeForFailure } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { printError } from '../reporter.ts';

export interface KeyInput {
  stdin: NodeJS.ReadStream;
}

/** A prompt on the terminal with echo off, or all of a piped stdin. */
async function readKey(io: Output, stdin: NodeJS.ReadStream): Promise<string> {
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  io.stderr.write(t('cli.keyPrompt'));
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          return;
        }
        if (char === '\u0003') {
          typed = '';
          finish();
          return;
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
      resolve(typed.trim());
    };
    stdin.on('data', onData);
  });
}

async function endpointUrl(
  flag: string | undefined,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const endpoint = await resolveEndpoint(flag, env);
  if (!endpoint.ok) {
    printError(io, endpoint.code);
    return undefined;
  }
  if (endpoint.value.kind === 'local') {
    // The local server makes its own key each time: there is nothing to log in to.
    printError(io, 'usage');
    return undefined;
  }
  return endpoint.value.url;
}

/** The OS keychain (its native module loads on first use: see engine/storage/keychain.ts). */
const keyStore = (): KeyStore => createKeychainStore();

export async function loginCommand(
  cmd: Extract<Command, { name: 'login' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
  input: KeyInput,
  store: () => KeyStore = keyStore,
): Promise<number> {
  const url = await endpointUrl(cmd.common.endpoint, io, env);
  if (!url) return EXIT.usage;
  const key = await readKey(io, input.stdin);
  if (!isPlausibleKey(key)) {
    printError(io, 'invalid_input');
    return EXIT.usage;
  }
  const checked = await askAccount({ url, key });
  if (!checked.ok) {
    printError(io, checked.error.code);
    return exitCodeForFailure(checked.error.code);
  }
  try {
    await store().set(url, key);
  } catch {
    printError(io, 'keychain_unavailable');
    return EXIT.usage;
  }
  io.stdout.write(`${t('cli.keyStored', { count: checked.value.tokens, url })}\n`);
  return EXIT.ok;
}

export async function logoutCommand(
  cmd: Extract<Command, { name: 'logout' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
  store: () => KeyStore = keyStore,
): Promise<number> {
  const url = await endpointUrl(cmd.common.endpoint, io, env);
  if (!url) return EXIT.usage;
  let removed: boolean;
  try {
    removed = await store().delete(url);
  } catch {
    printError(io, 'keychain_unavailable');
    return EXIT.usage;
  }
  io.stdout.write(removed ? `${t('cli.keyRemoved', { url })}\n` : `${t('cli.keyNone', { url })}\n`);
  return EXIT.ok;
}
