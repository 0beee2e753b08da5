// A real forward proxy for the tests: Debian's tinyproxy, on loopback, with its own temp config
// and log. It runs in the foreground under a small sh that also watches the test's pipe: when
// the test process ends in any way (even a crash), the pipe closes and tinyproxy is killed, so
// no proxy outlives its test.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait.ts';

export interface Tinyproxy {
  /** http://127.0.0.1:port (no credentials). */
  url: string;
  port: number;
  /** The proxy's own log so far. */
  log(): Promise<string>;
  /** CONNECT requests the proxy has logged, as "host:port". */
  connects(): Promise<string[]>;
  stop(): Promise<void>;
}

export function tinyproxyPath(): string | undefined {
  return ['/usr/bin/tinyproxy', '/usr/sbin/tinyproxy'].find((path) => existsSync(path));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// `exec 3<&0` keeps the test's pipe for the watcher: a background job's stdin would be /dev/null.
const SUPERVISOR =
  'exec 3<&0; "$1" -d -c "$2" </dev/null & p=$!; (cat <&3 >/dev/null; kill $p 2>/dev/null) & wait $p';

export async function startTinyproxy(options: { basicAuth?: { user: string; password: string } } = {}) {
  const binary = tinyproxyPath();
  if (!binary) throw new Error('tinyproxy is not installed (apt-get install tinyproxy-bin)');
  const dir = await mkdtemp(join(tmpdir(), 'ifc-tinyproxy-'));
  const logFile = join(dir, 'tinyproxy.log');
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 120',
      `LogFile "${logFile}"`,
      'LogLevel Connect',
      'MaxClients 50',
      'Allow 127.0.0.1',
      'DisableViaHeader Yes',
      ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
    ].join('\n');
    const configFile = join(dir, 'tinyproxy.conf');
    await writeFile(configFile, `${config}\n`);
    const child: ChildProcess = spawn('sh', ['-c', SUPERVISOR, 'sh', binary, configFile], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let exited = false;
    const gone = new Promise<void>((resolve) => {
      child.once('exit', () => {
        exited = true;
        resolve();
      });
    });
    // Up when it accepts a connection; gone when the port was taken in between.
    await waitFor(async () => exited || (await accepts(port)), `tinyproxy listening on port ${port}`, 20_000);
    if (exited) {
      if (attempt < 3) continue;
      throw new Error(`tinyproxy did not start: ${await readFile(logFile, 'utf8').catch(() => '')}`);
    }
    const log = () => readFile(logFile, 'utf8').catch(() => '');
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      log,
      async connects() {
        return [...(await log()).matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) /g)].map(
          (match) => match[1]!,
        );
      },
      async stop() {
        child.stdin?.end();
        await gone;
        await rm(dir, { recursive: true, force: true });
      },
    } satisfies Tinyproxy;
  }
}
