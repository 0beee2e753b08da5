// A pass-through proxy in front of the local server that makes a conversion take as long as a
// benchmark needs: until a job is `durationMs` old, its status answers say "processing" (with
// progress growing) even if the byte copy behind it is long done. Everything else goes through
// untouched. It also records every status request per job, which is what the polling benchmark
// counts. (The local server has no knob for a job's duration; this shim stands in for one.)
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedJob {
  jobId: string;
  acceptedAt: number;
  durationMs: number;
  /** Date.now() of each status request for this job. */
  polls: number[];
  /** When the proxy first let "completed" through. */
  completedAt?: number;
}

export interface DurationProxy {
  url: string;
  jobs: Map<string, ProxiedJob>;
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startDurationProxy(options: {
  target: string;
  /** How long the job that was accepted for this source name must take. */
  durationFor(jobId: string): number;
}): Promise<DurationProxy> {
  const target = new URL(options.target);
  const jobs = new Map<string, ProxiedJob>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const isPost = req.method === 'POST' && path.startsWith('/api/convert');
    const statusId = req.method === 'GET' ? /^\/api\/convert\/status\/([^/?]+)/.exec(path)?.[1] : undefined;
    const tracked = statusId ? jobs.get(decodeURIComponent(statusId)) : undefined;
    tracked?.polls.push(Date.now());
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path, headers: req.headers },
      async (answer) => {
        if (!isPost && !tracked) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const body = await readAll(answer);
        let status = answer.statusCode ?? 502;
        let text = body.toString('utf8');
        try {
          const job = JSON.parse(text) as Record<string, unknown>;
          if (isPost && (status === 200 || status === 202) && typeof job.jobId === 'string') {
            const jobId = job.jobId;
            jobs.set(jobId, {
              jobId,
              acceptedAt: Date.now(),
              durationMs: options.durationFor(jobId),
              polls: [],
            });
            if (status === 200) {
              status = 202;
              text = JSON.stringify({ jobId, status: 'processing', tokensCharged: job.tokensCharged });
            }
          } else if (tracked && status === 200) {
            const elapsed = Date.now() - tracked.acceptedAt;
            if (elapsed < tracked.durationMs) {
              const { downloadUrl, fileName, bytes, sha256, expiresAt, ...rest } = job;
              text = JSON.stringify({
                ...rest,
                status: 'processing',
                progress: Math.floor((100 * elapsed) / tracked.durationMs),
              });
            } else if (job.status === 'completed') {
              tracked.completedAt ??= Date.now();
            }
          }
        } catch {
          // Not JSON (an error page): pass it on as it came.
        }
        const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) };
        res.writeHead(status, headers);
        res.end(text);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
