// `ifc formats` and `ifc balance` with --endpoint local answer from the local server's facts
// (electron/localserver/facts.ts) without starting it. These tests hold those answers to what
// the server, started as --endpoint local starts it, says over real HTTP, so they cannot drift.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_PROCESS_SERVER } from '../../../electron/cli/endpoint.ts';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { runIfc } from './support.ts';

let server: LocalServer | undefined;
let home: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (home) await rm(home, { recursive: true, force: true });
  home = undefined;
});

async function served(path: string): Promise<Record<string, unknown>> {
  const answer = await request(`${server!.url}${path}`, {
    headers: { authorization: `Bearer ${server!.key}` },
  });
  expect(answer.statusCode).toBe(200);
  return (await answer.body.json()) as Record<string, unknown>;
}

/** A HOME of its own, so no saved desktop setting of the machine running the tests joins in. */
async function ownHome(): Promise<Record<string, string>> {
  home = await mkdtemp(join(tmpdir(), 'ifc-local-facts-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state') };
}

describe('ifc formats --endpoint local', () => {
  it("prints exactly the server's GET /api/formats, in JSON and in plain lines", async () => {
    const env = await ownHome();
    server = await startLocalServer(IN_PROCESS_SERVER);
    const formats = await served('/api/formats');

    const json = await runIfc(['formats', '--endpoint', 'local', '--json'], env);
    expect(json.code).toBe(0);
    // The same keys in the same order: a script reading either sees the same bytes.
    expect(json.stdout).toBe(`${JSON.stringify({ type: 'formats', ...formats })}\n`);

    // Plain lines as `ifc` prints them for that server asked over HTTP.
    const overHttp = await runIfc(['formats'], { ...env, IFC_API_URL: server.url, IFC_API_KEY: server.key });
    const local = await runIfc(['formats', '--endpoint', 'local'], env);
    expect(overHttp.code).toBe(0);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe(overHttp.stdout);
    expect(local.stdout).toContain('pdf    -> txt, xlsx');
    expect(local.stderr).toBe('');
  });

  it('answers where no server could start: it starts none', async () => {
    const env = await ownHome();
    // The in-process server makes its folder under TMPDIR; a convert there cannot start it.
    const noTemp = { ...env, TMPDIR: join(home!, 'missing') };
    const source = join(home!, 'a.csv');
    await writeFile(source, 'a,b\r\n1,2\r\n');
    const convert = await runIfc(['convert', source, '--to', 'json', '--endpoint', 'local'], noTemp);
    expect(convert.code).not.toBe(0);
    expect(existsSync(join(home!, 'a.json'))).toBe(false);
    const formats = await runIfc(['formats', '--endpoint', 'local', '--json'], noTemp);
    expect(formats.code).toBe(0);
    expect((JSON.parse(formats.stdout) as { conversions: Record<string, string[]> }).conversions.csv).toEqual(
      ['xlsx', 'json'],
    );
  });

  it('still refuses a bad --proxy, as every other command does', async () => {
    const env = await ownHome();
    const refused = await runIfc(['formats', '--endpoint', 'local', '--proxy', 'not a url'], env);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).not.toBe('');
  });
});

describe('ifc balance --endpoint local', () => {
  it("prints the tokens a freshly started in-process server's GET /api/account shows", async () => {
    const env = await ownHome();
    server = await startLocalServer(IN_PROCESS_SERVER);
    const account = await served('/api/account');
    const balance = await runIfc(['balance', '--endpoint', 'local', '--json'], env);
    expect(balance.code).toBe(0);
    expect(JSON.parse(balance.stdout)).toEqual({ type: 'balance', tokens: account.tokens });
  });
});
