// The desktop behind a company proxy: the app service gets the system's answer per URL in the
// PAC format (main asks Electron's session.resolveProxy; here the test answers as a PAC script
// would) and converts through a real tinyproxy to the local server over HTTPS: the proxy logs a
// CONNECT to the API origin and to the download origin, and each origin was asked about. A
// proxy address with a sign-in typed into Settings works, and settings.json never holds the
// password.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../../electron/localserver/index.ts';
import { createMemoryKeyStore } from '../../../electron/engine/storage/keychain.ts';
import { TLS_DIR, trustTestCa } from '../../support/test-ca.ts';
import { startTinyproxy, type Tinyproxy } from '../../support/tinyproxy.ts';
import { copyFixtures, eventsNamed, startService, tempDir, waitFor } from './app-service-harness.ts';

let proxy: Tinyproxy;
let authProxy: Tinyproxy;
let server: LocalServer;
let untrustTestCa: (() => void) | undefined;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  // The test CA trusted in this process, as the OS store would trust a company's root.
  untrustTestCa = await trustTestCa();
  proxy = await startTinyproxy();
  authProxy = await startTinyproxy({ basicAuth: { user: 'bob', password: 'pr0xy-pass' } });
  server = await startLocalServer({
    tls: {
      key: await readFile(join(TLS_DIR, 'localhost.key')),
      cert: await readFile(join(TLS_DIR, 'localhost.crt')),
    },
  });
});
afterAll(async () => {
  await server?.close();
  await proxy?.stop();
  await authProxy?.stop();
  untrustTestCa?.();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const port = (url: string) => new URL(url).port;

async function convertOneThrough(extra: Parameters<typeof startService>[1], proxyPatch?: object) {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const keyStore = createMemoryKeyStore();
  const started = await startService(join(dir.path, 'userData'), { keyStore, ...extra });
  cleanups.push(() => started.service.close());
  const { service, recorded } = started;
  const switched = await service.handlers['settings:update']({
    patch: { endpoint: { kind: 'cloud', url: server.url }, ...proxyPatch },
  });
  expect(switched.ok).toBe(true);
  const saved = await service.handlers['key:set']({ key: server.key, sessionOnly: false });
  expect(saved.ok).toBe(true);
  const [csv] = await copyFixtures(join(dir.path, 'docs'), ['sales.csv']);
  const staged = await service.handlers['files:stageDropped']({ paths: [csv!] });
  if (!staged.ok) throw new Error(staged.error.message);
  const begun = await service.handlers['batch:start']({
    items: [{ stageId: staged.value.files[0]!.stageId, to: 'json' }],
    partial: false,
  });
  if (!begun.ok) throw new Error(begun.error.message);
  const [summary] = await waitFor(() => {
    const finished = eventsNamed(recorded, 'batch:finished');
    return finished.length > 0 && finished;
  });
  const output = join(dir.path, 'docs', 'sales.json');
  return { summary: summary!, output, userData: join(dir.path, 'userData') };
}

describe('the desktop behind a proxy', () => {
  it('converts through the proxy the system names for each origin', async () => {
    const asked: string[] = [];
    const before = await proxy.connects();
    const { summary, output } = await convertOneThrough({
      resolveProxy: async (url) => {
        asked.push(new URL(url).origin);
        return `PROXY 127.0.0.1:${proxy.port}; DIRECT`;
      },
    });
    expect(summary.completed).toHaveLength(1);
    expect(existsSync(output)).toBe(true);
    expect(JSON.parse(await readFile(output, 'utf8'))).toHaveLength(5);
    const connects = (await proxy.connects()).slice(before.length);
    expect(connects).toContain(`127.0.0.1:${port(server.url)}`);
    expect(connects).toContain(`127.0.0.1:${port(server.downloadOrigin)}`);
    expect(asked).toContain(new URL(server.url).origin);
    expect(asked).toContain(new URL(server.downloadOrigin).origin);
  });

  it('signs in to the proxy typed in Settings and keeps its password out of settings.json', async () => {
    const before = await authProxy.connects();
    const { summary, userData } = await convertOneThrough(
      {},
      { proxy: { kind: 'url', url: `http://bob:pr0xy-pass@127.0.0.1:${authProxy.port}` } },
    );
    expect(summary.completed).toHaveLength(1);
    expect((await authProxy.connects()).length).toBeGreaterThan(before.length);
    const file = await readFile(join(userData, 'settings.json'), 'utf8');
    expect(file).toContain(`127.0.0.1:${authProxy.port}`);
    expect(file).not.toContain('pr0xy-pass');
  });
});
