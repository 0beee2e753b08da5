// The local server in its own process, so that a benchmark's client (the engine, curl, a bare
// undici loop) never shares an event loop or a CPU slice with it. The same file is the child:
// forked with `--serve <options JSON>`, it starts the server and answers 'stats' and 'stop'.
import { type ChildProcess, fork } from 'node:child_process';
import type { LocalServerOptions } from '../../../electron/localserver/index.ts';

export interface ServerStats {
  acceptedJobs: number;
  charged: number;
  refunded: number;
  /** Requests by "METHOD route", e.g. "POST /api/convert", "GET status", "GET download". */
  requests: Record<string, number>;
}

export interface ServerProcess {
  url: string;
  key: string;
  downloadOrigin: string;
  pid: number;
  stats(): Promise<ServerStats>;
  /** Forgets the request counts (between runs). */
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

type Reply = { id: number; stats?: ServerStats };

function routeOf(origin: string, method: string, path: string): string {
  if (origin === 'download') return `${method} download`;
  if (path.startsWith('/api/convert/status/')) return `${method} status`;
  return `${method} ${path}`;
}

async function serve(options: LocalServerOptions): Promise<void> {
  const { startLocalServer } = await import('../../../electron/localserver/index.ts');
  const server = await startLocalServer(options);
  let from = 0;
  process.on('message', async (message: { id: number; op: 'stats' | 'reset' | 'stop' }) => {
    if (message.op === 'stop') {
      await server.close();
      process.send?.({ id: message.id } satisfies Reply, () => process.exit(0));
      return;
    }
    if (message.op === 'reset') {
      from = server.requests.length;
      process.send?.({ id: message.id } satisfies Reply);
      return;
    }
    const requests: Record<string, number> = {};
    for (const entry of server.requests.slice(from)) {
      const route = routeOf(entry.origin, entry.method, entry.path);
      requests[route] = (requests[route] ?? 0) + 1;
    }
    const { charged, refunded } = server.ledger.totals;
    const stats: ServerStats = { acceptedJobs: server.ledger.jobs.length, charged, refunded, requests };
    process.send?.({ id: message.id, stats } satisfies Reply);
  });
  process.send?.({ ready: { url: server.url, key: server.key, downloadOrigin: server.downloadOrigin } });
}

export async function startServerProcess(options: LocalServerOptions): Promise<ServerProcess> {
  const child: ChildProcess = fork(import.meta.filename, ['--serve', JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Reply) => void>();
  let next = 0;
  const ready = await new Promise<{ url: string; key: string; downloadOrigin: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`local server process exited early (${code})`)));
    child.on(
      'message',
      (message: Reply & { ready?: { url: string; key: string; downloadOrigin: string } }) => {
        if (message.ready) resolve(message.ready);
        else pending.get(message.id)?.(message);
      },
    );
  });
  child.removeAllListeners('exit');
  const ask = (op: 'stats' | 'reset' | 'stop') =>
    new Promise<Reply>((resolve) => {
      const id = next++;
      pending.set(id, (reply) => {
        pending.delete(id);
        resolve(reply);
      });
      child.send({ id, op });
    });
  return {
    ...ready,
    pid: child.pid ?? 0,
    stats: async () => (await ask('stats')).stats!,
    resetStats: async () => void (await ask('reset')),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('stop');
      await exited;
    },
  };
}

if (process.argv[2] === '--serve') await serve(JSON.parse(process.argv[3] ?? '{}') as LocalServerOptions);
