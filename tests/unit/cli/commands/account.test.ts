// `ifc balance` and `ifc formats` in-process, against the local server over real HTTP (and
// against a server that lies): the balance in words or one JSON line; the format table sorted,
// one line per source, then the cost; "--endpoint local" answers from the local server's own
// facts without starting anything. A wrong key is exit 3, an endpoint that is not a web
// address exit 2, a bad --proxy exit 2, each with one sentence on stderr and nothing on stdout;
// a 200 answer that is not an account or a format table is refused, never printed as one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../../electron/cli/args.ts';
import { balanceCommand, formatsCommand } from '../../../../electron/cli/commands/account.ts';
import type { LocalServer } from '../../../../electron/localserver/index.ts';
import { localFormats, startLocalServer } from '../../../../electron/localserver/index.ts';
import { setLanguage } from '../../../../shared/i18n/index.ts';
import { messageFor } from '../../../../shared/messages.ts';
import { memoryOutput } from '../../../support/memory-output.ts';
import { cleanupsAfterEach } from '../../../support/cleanups.ts';

const cleanups = cleanupsAfterEach();

async function local(tokens: number): Promise<LocalServer> {
  const server = await startLocalServer({ tokens });
  cleanups.push(() => server.close());
  return server;
}

async function liar(body: string): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function ifc(argv: string[], env: NodeJS.ProcessEnv) {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) throw new Error(parsed.problem);
  const command = parsed.command;
  setLanguage('en');
  const io = memoryOutput();
  // No desktop settings, no proxy variables from the machine running the tests.
  const quiet = {
    HOME: '/nonexistent-home',
    XDG_CONFIG_HOME: '/nonexistent-config',
    LANG: 'C.UTF-8',
    ...env,
  };
  let code: number;
  if (command.name === 'balance') code = await balanceCommand(command, io, quiet);
  else if (command.name === 'formats') code = await formatsCommand(command, io, quiet);
  else throw new Error(`not an account command: ${command.name}`);
  return { code, out: io.out(), err: io.err() };
}

const oneSentence = (code: string) => `${messageFor(code)}\n`;

describe('ifc balance', () => {
  it('prints the balance in words, or one JSON line', async () => {
    const server = await local(1234);
    const env = { IFC_API_URL: server.url, IFC_API_KEY: server.key };
    expect(await ifc(['balance'], env)).toEqual({ code: 0, out: '1,234 tokens\n', err: '' });
    expect(await ifc(['balance', '--json'], env)).toEqual({
      code: 0,
      out: '{"type":"balance","tokens":1234}\n',
      err: '',
    });
  });

  it('exits 3 with one sentence for a wrong key, and never prints the key', async () => {
    const server = await local(5);
    const wrong = 'ifc_local_falsch_0000';
    const result = await ifc(['balance'], { IFC_API_URL: server.url, IFC_API_KEY: wrong });
    expect(result).toEqual({ code: 3, out: '', err: oneSentence('invalid_api_key') });
  });

  it('exits 2 for an endpoint that is not a web address, or a proxy that is not one', async () => {
    expect(await ifc(['balance', '--endpoint', 'ftp://files.example.test'], { IFC_API_KEY: 'k' })).toEqual({
      code: 2,
      out: '',
      err: oneSentence('usage'),
    });
    const bad = await ifc(['balance', '--endpoint', 'local', '--proxy', 'über proxy'], {});
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it("answers --endpoint local from the local server's facts, with nothing started", async () => {
    const result = await ifc(['balance', '--endpoint', 'local', '--json'], {});
    expect(result.code).toBe(0);
    const line = JSON.parse(result.out) as { type: string; tokens: number };
    expect(line.type).toBe('balance');
    expect(line.tokens).toBeGreaterThan(0);
  });

  it('refuses a 200 answer that is not an account', async () => {
    const url = await liar('{"tokens":"lots","note":"trust me"}');
    const result = await ifc(['balance'], { IFC_API_URL: url, IFC_API_KEY: 'ifc_live_abcdefgh' });
    expect(result.code).not.toBe(0);
    expect(result.out).toBe('');
    expect(result.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.err).not.toMatch(/lots|trust me|\bat \S+:\d+/);
  });
});

describe('ifc formats', () => {
  it('lists each source once, sorted, with its targets, then the cost', async () => {
    const server = await local(10);
    const result = await ifc(['formats'], { IFC_API_URL: server.url, IFC_API_KEY: server.key });
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    const lines = result.out.trim().split('\n');
    const cost = lines.pop()!;
    expect(cost).toMatch(/^Cost per file: \d+ \+ \d+ per started MB/);
    const table = localFormats();
    const sources = lines.map((line) => line.split(' ')[0]!);
    expect(sources).toEqual(Object.keys(table.conversions).sort((a, b) => a.localeCompare(b)));
    for (const line of lines) {
      const [from, targets] = line.split(/\s+->\s+/);
      expect(targets!.split(', ')).toEqual(table.conversions[from!.trim()]);
    }
  });

  it('prints the same table with --endpoint local as the running local server does, as JSON', async () => {
    const server = await local(10);
    const remote = await ifc(['formats', '--json'], { IFC_API_URL: server.url, IFC_API_KEY: server.key });
    const offline = await ifc(['formats', '--json', '--endpoint', 'local'], {});
    const conversions = (out: string) => (JSON.parse(out) as { conversions: unknown }).conversions;
    expect(conversions(offline.out)).toEqual(conversions(remote.out));
  });

  it('refuses a 200 answer that is not a format table', async () => {
    const url = await liar('{"conversions":"everything to everything"}');
    const result = await ifc(['formats'], { IFC_API_URL: url, IFC_API_KEY: 'ifc_live_abcdefgh' });
    expect(result.code).not.toBe(0);
    expect(result.out).toBe('');
    expect(result.err.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
