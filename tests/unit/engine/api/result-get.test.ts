// One GET of a result through undici's dispatcher, against a real loopback HTTP server whose
// answers are written here: the head first with the body held back until asked for, every
// byte of a 3 MB body in order, back-pressure (a consumer that says "enough for now" gets
// nothing more until it resumes), a body cut off mid-way, an abort before and during the
// transfer, a small error body read to its end so the connection is used again, and a large
// one stopped rather than read.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GetResponse, getResult } from '../../../../electron/engine/api/result-get.ts';
import { waitFor } from '../../../support/wait.ts';

const BIG = randomBytes(3 * 1024 * 1024);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: Server;
let base: string;
let agent: Agent;
const sockets = new Set<Socket>();
/** Requests by path, each with the local port of the connection it came on. */
const seen: { path: string; port: number }[] = [];
/** Lets /held send the rest of its body. */
let release: (() => void) | undefined;

const ROUTES: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/big': (_req, res) => {
    res.writeHead(200, { 'Content-Length': BIG.length, 'X-Result-Name': 'big.bin' });
    res.end(BIG);
  },
  '/cut': (_req, res) => {
    res.writeHead(200, { 'Content-Length': BIG.length });
    res.write(BIG.subarray(0, 64 * 1024), () => res.socket?.destroy());
  },
  '/held': (_req, res) => {
    res.writeHead(200, { 'Content-Length': 2 * 64 * 1024 });
    res.write(Buffer.alloc(64 * 1024, 1));
    release = () => res.end(Buffer.alloc(64 * 1024, 2));
  },
  '/small-error': (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'No such result.' } }));
  },
  '/huge-error': (_req, res) => {
    res.writeHead(500, { 'Content-Length': BIG.length });
    res.end(BIG);
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', port: req.socket.remotePort ?? 0 });
    (ROUTES[req.url ?? ''] ?? ((_q, r) => r.writeHead(418).end()))(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent = new Agent({ connections: 1 });
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (path: string, signal?: AbortSignal): Promise<GetResponse> =>
  getResult(agent, new URL(path, base), {
    headers: { 'user-agent': 'ifc-test' },
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    ...(signal ? { signal } : {}),
  });

/** Reads the whole body. */
async function readAll(res: GetResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await res.body.consume((bytes) => {
    chunks.push(Buffer.from(bytes));
    return true;
  });
  return Buffer.concat(chunks);
}

describe('getResult', () => {
  it('hands over the head (headers in lower case), then every byte of the body in order', async () => {
    const res = await get('/big');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-result-name']).toBe('big.bin');
    expect(res.headers['content-length']).toBe(String(BIG.length));
    const body = await readAll(res);
    expect(body.length).toBe(BIG.length);
    expect(sha(body)).toBe(sha(BIG));
  });

  it('gives a consumer that pauses nothing more until it resumes, and still every byte', async () => {
    const res = await get('/big');
    const chunks: Buffer[] = [];
    let paused = false;
    let whilePaused = 0;
    await res.body.consume((bytes) => {
      if (paused) whilePaused += 1;
      chunks.push(Buffer.from(bytes));
      paused = true;
      setImmediate(() => {
        paused = false;
        res.body.resume();
      });
      return false;
    });
    expect(chunks.length).toBeGreaterThan(1);
    expect(whilePaused).toBe(0);
    expect(sha(Buffer.concat(chunks))).toBe(sha(BIG));
  });

  it('holds the body back until asked, then goes on as the server sends', async () => {
    const res = await get('/held');
    const chunks: number[] = [];
    const reading = res.body.consume((bytes) => {
      chunks.push(bytes[0]!);
      return true;
    });
    await waitFor(() => chunks.length > 0 && release, 'the first half of the body');
    expect(new Set(chunks)).toEqual(new Set([1]));
    release?.();
    await reading;
    expect(chunks.at(-1)).toBe(2);
  });

  it('rejects the read of a body cut off mid-way', async () => {
    const res = await get('/cut');
    expect(res.statusCode).toBe(200);
    await expect(readAll(res)).rejects.toThrow();
  });

  it('sends nothing when aborted before, and stops the body when aborted during the transfer', async () => {
    const before = new AbortController();
    before.abort(new Error('stopped by the person'));
    const count = seen.length;
    await expect(get('/big', before.signal)).rejects.toThrow('stopped by the person');
    expect(seen.length).toBe(count);

    const during = new AbortController();
    const res = await get('/big', during.signal);
    let received = 0;
    const reading = res.body.consume((bytes) => {
      received += bytes.length;
      if (received >= 256 * 1024) during.abort(new Error('stopped mid-way'));
      return true;
    });
    await expect(reading).rejects.toThrow('stopped mid-way');
    expect(received).toBeLessThan(BIG.length);
  });

  it('reads a small error body to its end, so the next request goes on the same connection', async () => {
    const error = await get('/small-error');
    expect(error.statusCode).toBe(404);
    const text = [];
    for await (const chunk of error.body) text.push(chunk);
    expect(JSON.parse(Buffer.concat(text).toString('utf8')).error.code).toBe('not_found');
    const dumped = await get('/small-error');
    await dumped.body.dump();
    const next = await get('/big');
    await readAll(next);
    const ports = seen.slice(-3).map((entry) => entry.port);
    expect(new Set(ports).size).toBe(1);
  });

  it('stops a large error body instead of reading it, and reading one as text fails rather than filling memory', async () => {
    const dumped = await get('/huge-error');
    expect(dumped.statusCode).toBe(500);
    await dumped.body.dump(); // returns: neither reads 3 MB nor hangs
    const iterated = await get('/huge-error');
    const read = async () => {
      for await (const _chunk of iterated.body) {
        // nothing: the iterator collects first
      }
    };
    await expect(read()).rejects.toThrow();
  });
});
