// `ifc serve-local`: the local iFileConverter-compatible server in the foreground, until Ctrl-C.
import { t } from '../../../shared/i18n/index.ts';
import { parseServeLocalArgs, startLocalServer } from '../../localserver/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { printError } from '../reporter.ts';

export async function serveLocalCommand(args: string[], io: Output): Promise<number> {
  const parsed = parseServeLocalArgs(args);
  if (!parsed.ok) {
    printError(io, 'usage', parsed.error.message);
    return EXIT.usage;
  }
  const keyGiven = parsed.value.key !== undefined;
  // It serves until stopped: no log of every request (it would grow without end).
  const server = await startLocalServer({ host: '127.0.0.1', ...parsed.value, requestLog: false });
  io.stdout.write(`${t('cli.serveLocal', { url: server.url, origin: server.downloadOrigin })}\n`);
  // A key the person chose is theirs to know; a generated one must be shown or it is useless.
  io.stdout.write(
    keyGiven
      ? `${t('cli.serveUseKey', { url: server.url })}\n`
      : `${t('cli.serveUse', { url: server.url, key: server.key })}\n`,
  );
  io.stdout.write(`${t('cli.serveStop')}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT.ok;
}
