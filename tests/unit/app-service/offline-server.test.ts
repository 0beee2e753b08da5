// "This computer (offline)" on its own: the local server started in-process answers over real
// HTTP with its own key; its port is remembered in userData so the next start listens on the
// same address (the journal ties jobs to it); a port another program holds now, a remembered
// file that is garbage or names a port no one may use, and a userData it cannot write all
// still give a working server (the port is then simply not remembered).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLINE_SERVER_FILE, startOfflineServer } from '../../../electron/app-service/offline-server.ts';
import type { LocalServer } from '../../../electron/localserver/index.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const cleanups = cleanupsAfterEach();

async function userData(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-offline-ünï-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dir: string): Promise<LocalServer> {
  const server = await startOfflineServer(dir);
  cleanups.push(() => server.close());
  return server;
}

const portOf = (server: LocalServer) => Number(new URL(server.url).port);

async function remembered(dir: string): Promise<unknown> {
  return JSON.parse(await readFile(join(dir, OFFLINE_SERVER_FILE), 'utf8'));
}

/** Asks the server for the account as the engine would: its own key is accepted. */
async function tokensOf(server: LocalServer): Promise<number> {
  const response = await fetch(`${server.url}/api/account`, {
    headers: { authorization: `Bearer ${server.key}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { tokens: number }).tokens;
}

/** Holds a loopback port the way another program would. */
async function holdPort(port: number): Promise<void> {
  const holder: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(port, '127.0.0.1', resolve);
  });
  cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));
}

describe('the offline server for this computer', () => {
  it('answers over HTTP on loopback with its own key, and remembers its port', async () => {
    const dir = await userData();
    const server = await start(dir);
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    expect(await tokensOf(server)).toBeGreaterThan(0);
    expect(await remembered(dir)).toEqual({ port: portOf(server) });
    // It runs as long as the app: it answered, and kept no log entry for it.
    expect(server.requests).toEqual([]);
    const refused = await fetch(`${server.url}/api/account`, {
      headers: { authorization: 'Bearer nope-nope' },
    });
    expect(refused.status).toBe(401);
  });

  it("listens on the same port on the next start, so the journal's jobs keep their address", async () => {
    const dir = await userData();
    const first = await startOfflineServer(dir);
    const port = portOf(first);
    await first.close();
    const second = await start(dir);
    expect(portOf(second)).toBe(port);
    expect(await tokensOf(second)).toBeGreaterThan(0);
  });

  it('takes another port when another program holds the remembered one, and remembers that instead', async () => {
    const dir = await userData();
    const first = await startOfflineServer(dir);
    const port = portOf(first);
    await first.close();
    await holdPort(port);
    const second = await start(dir);
    expect(portOf(second)).not.toBe(port);
    expect(await tokensOf(second)).toBeGreaterThan(0);
    expect(await remembered(dir)).toEqual({ port: portOf(second) });
  });

  it('ignores a remembered file that is garbage or names a port below 1024, and writes a good one', async () => {
    for (const content of ['{"port": 80}', 'not json at all', '{"port":"8080"}', '']) {
      const dir = await userData();
      await writeFile(join(dir, OFFLINE_SERVER_FILE), content);
      const server = await start(dir);
      expect(portOf(server)).toBeGreaterThanOrEqual(1024);
      expect(await tokensOf(server)).toBeGreaterThan(0);
      expect(await remembered(dir)).toEqual({ port: portOf(server) });
    }
  });

  it('still starts when userData cannot be written (the port is then not remembered)', async () => {
    const dir = await userData();
    // A file where the folder should be: not even root can write inside it.
    const blocked = join(dir, 'not-a-folder');
    await writeFile(blocked, 'x');
    const server = await start(blocked);
    expect(await tokensOf(server)).toBeGreaterThan(0);
    expect(await readFile(blocked, 'utf8')).toBe('x');
  });
});
