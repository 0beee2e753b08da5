// A real PostgreSQL server for tests (Debian's postgresql 15): initdb in a temp folder, started
// on a free loopback port, stopped and removed by stop(). PostgreSQL refuses to run as root, so
// under root (CI) the server runs as "nobody" through setpriv (which execs, so our signal
// reaches postgres itself); as any other user it runs as that user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const NOBODY = 65534;

export interface PostgresServer {
  port: number;
  user: string;
  password: string;
  /** postgres://user@127.0.0.1:port/db without the password (tests pass it by PGPASSWORD or option). */
  url(database?: string): string;
  urlWithPassword(database?: string): string;
  /** Creates an empty database and returns its name. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', command, ...args]];
}

export async function startPostgres(options: { port?: number } = {}): Promise<PostgresServer> {
  const root = mkdtempSync(join(tmpdir(), 'ifc-pg-'));
  chmodSync(root, 0o755);
  if (process.getuid?.() === 0) chownSync(root, NOBODY, NOBODY);
  const user = 'ifc';
  const password = 'ledger-test-pw';
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  if (process.getuid?.() === 0) chownSync(pwfile, NOBODY, NOBODY);
  const data = join(root, 'data');
  const [initCmd, initArgs] = asServerUser(join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    user,
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe', cwd: root });
  const port = options.port ?? (await freePort());
  const [cmd, args] = asServerUser(join(BIN, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    root,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=40',
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes('database system is ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`postgres exited (${code}) before it was ready:\n${log}`)));
  });
  const { default: pg } = await import('pg');
  const url = (database = 'postgres'): string => `postgres://${user}@127.0.0.1:${port}/${database}`;
  const urlWithPassword = (database = 'postgres'): string =>
    `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    port,
    user,
    password,
    url,
    urlWithPassword,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlWithPassword() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return name;
    },
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (ends sessions, writes a clean checkpoint).
      child.kill('SIGINT');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
