// The local server over real HTTP and an engine talking to it with the short test timings, in a
// temp folder a test owns: what the desktop service's parts are built on. Both are closed by
// the test file's cleanups (cleanups.ts), engine first.
import { join } from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/index.ts';
import {
  type LocalServer,
  type LocalServerOptions,
  startLocalServer,
} from '../../electron/localserver/index.ts';
import { FAST_ENGINE_TIMING } from './wait.ts';

export async function serverAndEngine(
  dir: string,
  cleanups: (() => Promise<void>)[],
  serverOptions: LocalServerOptions = {},
): Promise<{ server: LocalServer; engine: Engine }> {
  const server = await startLocalServer(serverOptions);
  cleanups.push(() => server.close());
  const made = await createEngine({
    api: { url: server.url, key: server.key },
    stateDir: join(dir, 'state'),
    timing: FAST_ENGINE_TIMING,
  });
  if (!made.ok) throw new Error(`engine: ${made.error.code}`);
  const engine = made.value;
  cleanups.push(() => engine.close());
  return { server, engine };
}
