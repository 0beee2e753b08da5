// "This computer (offline)": the local iFileConverter-compatible server, started in-process.
// It listens on the same loopback port as last time when it can, because the journal ties jobs
// to an endpoint URL: with the same URL, jobs left from the last run are resumed (or plainly
// reported as unknown) instead of lingering forever.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from '../engine/index.ts';
import type { LocalServer } from '../localserver/index.ts';
import { OWN_MACHINE_REQUESTS_PER_MINUTE } from '../localserver/own-machine.ts';

export const OFFLINE_SERVER_FILE = 'offline-server.json';

const Remembered = z.object({ port: z.number().int().min(1024).max(65535) });

/** It runs as long as the app: no log of every request (it would grow without end). */
const OFFLINE = { rateLimitPerMinute: OWN_MACHINE_REQUESTS_PER_MINUTE, requestLog: false } as const;

export async function startOfflineServer(userDataDir: string): Promise<LocalServer> {
  // Loaded on first use: its converters (PDF, Office, images) are heavy, and most people
  // never switch to offline.
  const { startLocalServer } = await import('../localserver/index.ts');
  const file = join(userDataDir, OFFLINE_SERVER_FILE);
  const read = await readJsonFile(file);
  const remembered = read.kind === 'ok' ? Remembered.safeParse(read.value) : undefined;
  let server: LocalServer | undefined;
  if (remembered?.success) {
    // Another program may hold the port now; then any free port will do.
    server = await startLocalServer({ port: remembered.data.port, ...OFFLINE }).catch(() => undefined);
  }
  server ??= await startLocalServer(OFFLINE);
  const port = Number(new URL(server.url).port);
  if (!remembered?.success || remembered.data.port !== port) {
    await writeJsonAtomic(file, { port }).catch(() => undefined);
  }
  return server;
}
