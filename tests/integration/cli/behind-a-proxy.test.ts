// `ifc` in an office: a real forward proxy (tinyproxy) in front of the local server served over
// HTTPS by a test certificate authority that only the system's store trusts (a temp
// SSL_CERT_FILE / SSL_CERT_DIR, which is where Node 24 reads the store from on Linux). Through
// HTTPS_PROXY it converts and the proxy logs the CONNECTs; NO_PROXY bypasses it; a proxy that
// wants a sign-in works with the right credentials and gives the 407 sentence once with wrong
// ones; without the CA in the store it is the certificate sentence after one attempt.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageFor } from '../../../shared/messages.ts';
import { startTinyproxy, type Tinyproxy } from '../../support/tinyproxy.ts';
import { makeWorld, type World } from '../engine/support.ts';
import { runIfc } from './support.ts';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'support', 'tls');

let world: World;
let proxy: Tinyproxy;
let authProxy: Tinyproxy;
let trustedStore: string;
let emptyStore: string;

beforeAll(async () => {
  proxy = await startTinyproxy();
  authProxy = await startTinyproxy({ basicAuth: { user: 'alice', password: 's3cret' } });
});
afterAll(async () => {
  await proxy?.stop();
  await authProxy?.stop();
});
afterEach(async () => {
  await world?.close();
});

async function httpsWorld(): Promise<World> {
  const made = await makeWorld({
    tls: {
      key: await readFile(join(TLS_DIR, 'localhost.key')),
      cert: await readFile(join(TLS_DIR, 'localhost.crt')),
    },
  });
  // The "system store" a child sees: one file holding the test CA, or one holding nothing.
  trustedStore = join(made.dir, 'store-with-ca.pem');
  emptyStore = join(made.dir, 'store-empty.pem');
  await writeFile(trustedStore, await readFile(join(TLS_DIR, 'localhost.crt')));
  await writeFile(emptyStore, '');
  await mkdir(join(made.dir, 'no-cert-dir'), { recursive: true });
  return made;
}

function envFor(w: World, store: string, extra: Record<string, string | undefined> = {}) {
  return {
    IFC_API_URL: w.server.url,
    IFC_API_KEY: w.server.key,
    IFC_STATE_DIR: w.stateDir,
    IFC_CONFIG_DIR: join(w.dir, 'config'),
    HOME: w.dir,
    SSL_CERT_FILE: store,
    SSL_CERT_DIR: join(w.dir, 'no-cert-dir'),
    NODE_EXTRA_CA_CERTS: undefined,
    HTTPS_PROXY: undefined,
    HTTP_PROXY: undefined,
    NO_PROXY: undefined,
    https_proxy: undefined,
    http_proxy: undefined,
    no_proxy: undefined,
    ...extra,
  };
}

/** The JSON result of sales.csv, read as a person would: the rows and their revenue. */
async function salesRows(path: string): Promise<{ rows: number; revenue: number }> {
  const rows = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>[];
  return { rows: rows.length, revenue: rows.reduce((sum, row) => sum + Number(row.revenue), 0) };
}

const SALES_REVENUE = 2940 + 856.8;

function port(url: string): string {
  return new URL(url).port;
}

describe('ifc behind a company proxy', () => {
  it('converts through HTTPS_PROXY, trusting the CA in the system store, and the proxy logs both CONNECTs', async () => {
    world = await httpsWorld();
    const source = await world.fixture('sales.csv');
    const run = await runIfc(
      ['convert', source, '--to', 'json', '--json'],
      envFor(world, trustedStore, { HTTPS_PROXY: proxy.url }),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = await salesRows(join(world.inDir, 'sales.json'));
    expect(result.rows).toBe(5);
    expect(result.revenue).toBeGreaterThan(SALES_REVENUE);
    const connects = await proxy.connects();
    expect(connects).toContain(`127.0.0.1:${port(world.server.url)}`);
    expect(connects).toContain(`127.0.0.1:${port(world.server.downloadOrigin)}`);
  });

  it('goes around the proxy for hosts in NO_PROXY (lower case too)', async () => {
    world = await httpsWorld();
    const source = await world.fixture('sales.csv');
    const before = (await proxy.connects()).length;
    const run = await runIfc(
      ['convert', source, '--to', 'json', '--json'],
      envFor(world, trustedStore, { https_proxy: proxy.url, no_proxy: '127.0.0.1' }),
    );
    expect(run.code).toBe(0);
    expect((await salesRows(join(world.inDir, 'sales.json'))).rows).toBe(5);
    expect(await proxy.connects()).toHaveLength(before);
  });

  it('signs in to a proxy with the credentials in --proxy, and never prints them', async () => {
    world = await httpsWorld();
    const source = await world.fixture('sales.csv');
    const withCredentials = `http://alice:s3cret@127.0.0.1:${authProxy.port}`;
    const run = await runIfc(
      ['convert', source, '--to', 'json', '--json', '--proxy', withCredentials],
      envFor(world, trustedStore),
    );
    expect(run.code).toBe(0);
    expect((await salesRows(join(world.inDir, 'sales.json'))).rows).toBe(5);
    expect(await authProxy.connects()).toContain(`127.0.0.1:${port(world.server.url)}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain('s3cret');
    expect(await readFile(join(world.stateDir, 'journal.json'), 'utf8').catch(() => '')).not.toContain(
      's3cret',
    );
  });

  it('says the proxy wants a sign-in (407) after ONE attempt when the credentials are wrong', async () => {
    world = await httpsWorld();
    const before = (await authProxy.connects()).length;
    const run = await runIfc(
      ['balance', '--proxy', `http://alice:wrong@127.0.0.1:${authProxy.port}`],
      envFor(world, trustedStore),
    );
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(messageFor('proxy_auth_required'));
    expect(run.stderr).not.toContain('wrong');
    expect((await authProxy.connects()).length - before).toBe(1);
    expect(world.server.requests).toHaveLength(0);
  });

  it('gives the certificate sentence after one attempt when the system store lacks the CA', async () => {
    world = await httpsWorld();
    const run = await runIfc(['balance'], envFor(world, emptyStore));
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(messageFor('certificate_untrusted'));
    expect(world.server.tlsRefusals()).toBe(1);
    expect(world.server.requests).toHaveLength(0);
  });

  it('converts with no proxy at all once the CA is in the system store, and fails plainly without it', async () => {
    world = await httpsWorld();
    const source = await world.fixture('sales.csv');
    const refused = await runIfc(['convert', source, '--to', 'json', '--json'], envFor(world, emptyStore));
    expect(refused.code).toBe(5);
    expect(refused.stderr + refused.stdout).toContain(messageFor('certificate_untrusted'));
    const run = await runIfc(['convert', source, '--to', 'json', '--json'], envFor(world, trustedStore));
    expect(run.code).toBe(0);
    expect((await salesRows(join(world.inDir, 'sales.json'))).rows).toBe(5);
  });
});
