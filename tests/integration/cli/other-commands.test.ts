// The rest of `ifc`: balance, formats, jobs, login/logout (against the real server, with an
// in-memory key store standing in for the OS keychain), serve-local and watch.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { loginCommand, logoutCommand } from '../../../electron/cli/commands/login.ts';
import { createMemoryKeyStore, journalDirOf } from '../../../electron/engine/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { makeWorld, type World } from '../engine/support.ts';
import { waitFor } from '../../support/wait.ts';
import { runIfc, startIfc } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

function envFor(w: World) {
  return { IFC_API_URL: w.server.url, IFC_API_KEY: w.server.key, IFC_STATE_DIR: w.stateDir, HOME: w.dir };
}

function capture() {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    ({
      write: (text: string) => {
        append(text);
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  return {
    io: { stdout: sink((text) => (out += text)), stderr: sink((text) => (err += text)) },
    out: () => out,
    err: () => err,
  };
}

function stdinWith(text: string): NodeJS.ReadStream {
  return Readable.from([Buffer.from(text)]) as unknown as NodeJS.ReadStream;
}

describe('ifc balance, formats and jobs', () => {
  it('answers with one JSON object per line', async () => {
    world = await makeWorld({ tokens: 77 });
    const balance = await runIfc(['balance', '--json'], envFor(world));
    expect(balance.code).toBe(0);
    expect(JSON.parse(balance.stdout)).toEqual({ type: 'balance', tokens: 77 });
    const formats = await runIfc(['formats', '--json'], envFor(world));
    expect(formats.code).toBe(0);
    const info = JSON.parse(formats.stdout) as { type: string; conversions: Record<string, string[]> };
    expect(info.type).toBe('formats');
    expect(info.conversions.pdf).toContain('xlsx');
    const jobs = await runIfc(['jobs', '--json'], {
      ...envFor(world),
      XDG_STATE_HOME: join(world.dir, 'none'),
    });
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toBe('');
  });

  it('never sends the key in clear text to another computer, nor a key no HTTP header can carry', async () => {
    world = await makeWorld({ tokens: 77 });
    // http:// to another computer: refused before anything is sent (exit 2, the desktop's sentence).
    for (const endpoint of ['http://files.example.com', 'http://192.168.1.20:8080']) {
      const refused = await runIfc(['balance', '--endpoint', endpoint], envFor(world));
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim()).toBe(messageFor('endpoint_not_https'));
    }
    const login = await runIfc(
      ['login', '--endpoint', 'http://files.example.com'],
      envFor(world),
      'ifc_some_key_1234\n',
    );
    expect(login.code).toBe(2);
    expect(login.stderr).toContain(messageFor('endpoint_not_https'));
    // A key inside the address would go wherever the rest of it points.
    const withKey = await runIfc(
      ['balance', '--endpoint', `https://me:${world.server.key}@example.com`],
      envFor(world),
    );
    expect(withKey.code).toBe(2);
    expect(withKey.stderr.trim()).toBe(messageFor('endpoint_invalid'));
    // The same rule for the address in a hand-edited settings file.
    const config = join(world.dir, 'desktop-config');
    await mkdir(config, { recursive: true });
    await writeFile(
      join(config, 'settings.json'),
      JSON.stringify({ endpoint: { kind: 'cloud', url: 'http://files.example.com' } }),
    );
    const saved = await runIfc(['balance'], {
      ...envFor(world),
      IFC_API_URL: undefined,
      IFC_CONFIG_DIR: config,
    });
    expect(saved.code).toBe(2);
    expect(saved.stderr.trim()).toBe(messageFor('endpoint_not_https'));
    // http:// on this computer is fine (the local server is one).
    expect((await runIfc(['balance', '--json'], envFor(world))).code).toBe(0);

    // A pasted key with a "€" or an inner space: one sentence at once, nothing sent, no retries.
    const asked = world.server.requests.length;
    for (const key of ['ifc_key_€_1234', 'ifc key 12345678']) {
      const bad = await runIfc(['balance'], { ...envFor(world), IFC_API_KEY: key });
      expect(bad.code).toBe(3);
      expect(bad.stderr.trim()).toBe(messageFor('invalid_api_key'));
    }
    expect(world.server.requests.length).toBe(asked);
  });

  it("shares the per-user state folder with the desktop app: both run at once, and jobs lists the app's", async () => {
    world = await makeWorld();
    const stateHome = join(world.dir, 'state-home');
    // The desktop app's engine, holding its own lock, with one finished job in its journal.
    const app = await world.engine({ stateDir: journalDirOf('app', { XDG_STATE_HOME: stateHome }) });
    const done = new Promise<void>((resolve) => app.on('batch', () => resolve()));
    const appSource = await world.fixture('sales.csv', 'from-the-app.csv');
    const submitted = await app.submit([{ source: appSource, to: 'json' }], {});
    expect(submitted.ok).toBe(true);
    await done;
    // ifc on the default state folder while the app runs: its own lock, so no state_locked.
    const env = {
      IFC_API_URL: world.server.url,
      IFC_API_KEY: world.server.key,
      HOME: world.dir,
      XDG_STATE_HOME: stateHome,
    };
    const converted = await runIfc(
      ['convert', await world.fixture('sales.csv'), '--to', 'json', '--json'],
      env,
    );
    expect(converted.code, converted.stderr).toBe(0);
    const jobs = await runIfc(['jobs', '--json'], env);
    expect(jobs.code).toBe(0);
    const lines = jobs.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { source: string; state: string; owner?: string });
    expect(lines.map((line) => [line.source.split('/').pop(), line.owner ?? 'ifc', line.state])).toEqual([
      ['sales.csv', 'ifc', 'completed'],
      ['from-the-app.csv', 'app', 'completed'],
    ]);
    const plain = await runIfc(['jobs'], env);
    expect(plain.stdout).toMatch(/^app: completed +from-the-app\.csv/m);
  });

  it('prints help and exits 2 for an unknown command', async () => {
    const help = await runIfc(['help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('ifc convert <file|folder>...');
    const unknown = await runIfc(['transmogrify'], {});
    expect(unknown.code).toBe(2);
  });
});

describe('ifc login and logout', () => {
  it('checks the key with the service, stores it under the endpoint URL, never prints it', async () => {
    world = await makeWorld();
    const store = createMemoryKeyStore();
    const env = { IFC_API_URL: world.server.url };
    const good = capture();
    const code = await loginCommand(
      { name: 'login', common: { json: false } },
      good.io,
      env,
      { stdin: stdinWith(`${world.server.key}\n`) },
      () => store,
    );
    expect(code).toBe(0);
    expect(await store.get(world.server.url)).toBe(world.server.key);
    expect(good.out() + good.err()).not.toContain(world.server.key);

    const bad = capture();
    const refused = await loginCommand(
      { name: 'login', common: { json: false } },
      bad.io,
      env,
      { stdin: stdinWith('ifc_not_the_key_1234\n') },
      () => store,
    );
    expect(refused).toBe(3);
    expect(bad.err()).toContain('The API key was not accepted.');
    expect(await store.get(world.server.url)).toBe(world.server.key);

    const out = capture();
    expect(await logoutCommand({ name: 'logout', common: { json: false } }, out.io, env, () => store)).toBe(
      0,
    );
    expect(await store.get(world.server.url)).toBeUndefined();
  });

  it('says so plainly when there is no keychain', async () => {
    world = await makeWorld();
    const out = capture();
    const code = await loginCommand(
      { name: 'login', common: { json: false } },
      out.io,
      { IFC_API_URL: world.server.url },
      { stdin: stdinWith(world.server.key) },
      () => createMemoryKeyStore(false),
    );
    expect(code).toBe(2);
    expect(out.err()).toContain('No system keychain is available');
    expect(out.out() + out.err()).not.toContain(world.server.key);
  });
});

describe('ifc serve-local', () => {
  it('serves the API with the given key and tokens until Ctrl-C', async () => {
    const run = startIfc(['serve-local', '--port', '0', '--tokens', '42', '--key', 'ifc_local_test_key'], {});
    const url = (
      await waitFor(
        () => /on (http:\/\/\S+) /.exec(run.stdout()) ?? undefined,
        'serve-local to say where it listens',
        50_000,
      )
    )[1]!;
    expect(run.stdout()).not.toContain('ifc_local_test_key');
    const res = await request(`${url}/api/account`, {
      headers: { authorization: 'Bearer ifc_local_test_key' },
    });
    expect(((await res.body.json()) as { tokens: number }).tokens).toBe(42);
    run.child.kill('SIGINT');
    expect(await run.done).toBe(0);
  });
});

describe('ifc watch', () => {
  it('converts a file dropped into the folder once, and stops on Ctrl-C with exit 130', async () => {
    world = await makeWorld();
    const out = join(world.dir, 'out');
    const run = startIfc(['watch', world.inDir, '--to', 'json', '--out', out, '--json'], envFor(world));
    await waitFor(() => run.stderr().includes('Watching'), 'ifc watch to say it is watching');
    await writeFile(join(world.inDir, 'new.csv'), 'a,b\r\n1,2\r\n');
    await run.waitFor((line) => line.state === 'completed');
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
    const summary = run.lines.at(-1) as { type: string; completed: { output: string }[] };
    expect(summary.type).toBe('summary');
    expect(summary.completed.map((entry) => entry.output)).toEqual([join(out, 'new.json')]);
    expect(world.server.ledger.postsBySourceName('new.csv')).toBe(1);
  });
});
