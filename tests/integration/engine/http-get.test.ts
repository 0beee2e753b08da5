// The download GET that reads the socket into one reused buffer (http-get.ts), against real
// servers on loopback: Node's own http/https servers, and a raw TCP server that writes answers
// byte by byte as a test needs them (chunk extensions, trailers, 1xx, lies about lengths).
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  type AddressInfo,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpGetError,
  HttpGetter,
  READ_BUFFER,
  type ReusedBody,
} from '../../../electron/engine/api/http-get.ts';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'support', 'tls');
const HTTP_GET = join(import.meta.dirname, '..', '..', '..', 'electron', 'engine', 'api', 'http-get.ts');
const OPTIONS = { headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function getter(keepAliveMs = 4_000): HttpGetter {
  const made = new HttpGetter({ connectTimeoutMs: 5_000, keepAliveMs });
  closers.push(() => made.close());
  return made;
}

async function listen(server: Server | NetServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        (server as Server).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TCP server that hands each request head, and how many came before it on the same
 *  connection, to `answer`, which writes whatever bytes the test wants. */
async function rawServer(answer: (socket: Socket, index: number, head: string) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    let index = 0;
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        answer(socket, index, head);
        index += 1;
      }
    });
  });
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  return listen(server);
}

/** Reads a whole body, copying each view (the buffer behind it is reused), and records the
 *  largest view handed over. */
async function collect(body: ReusedBody): Promise<{ bytes: Buffer; largest: number }> {
  const parts: Buffer[] = [];
  let largest = 0;
  await body.consume((view) => {
    largest = Math.max(largest, view.length);
    parts.push(Buffer.from(view));
    return true;
  });
  return { bytes: Buffer.concat(parts), largest };
}

describe('http-get: a GET read into one reused buffer', () => {
  it('reads a large body with a length byte-exact, never more than one read buffer at a time, and keeps the connection', async () => {
    const payload = randomBytes(5 * 1024 * 1024 + 17);
    const ports: number[] = [];
    const server = createHttpServer((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.writeHead(200, {
        'content-length': payload.length,
        'content-disposition': 'attachment; filename="a.bin"',
      });
      res.end(payload);
    });
    const host = await listen(server);
    const get = getter();
    const first = await get.get(new URL(`http://${host}/one`), OPTIONS);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toBe('attachment; filename="a.bin"');
    const { bytes, largest } = await collect(first.body);
    expect(sha256(bytes)).toBe(sha256(payload));
    expect(largest).toBeLessThanOrEqual(READ_BUFFER);
    const second = await get.get(new URL(`http://${host}/two`), OPTIONS);
    expect(sha256((await collect(second.body)).bytes)).toBe(sha256(payload));
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });

  it('decodes chunked bodies with chunk extensions and trailer fields, and keeps the connection', async () => {
    const answers: string[] = [];
    const host = await rawServer((socket, index, head) => {
      answers.push(head.split('\r\n')[0] ?? '');
      socket.write(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
          `5;name=value\r\nhello\r\n1 ; x\r\n,\r\n7\r\n world${index}\r\n0\r\nX-Checksum: abc\r\n\r\n`,
      );
    });
    const get = getter();
    for (const index of [0, 1]) {
      const answer = await get.get(new URL(`http://${host}/c?i=${index}`), OPTIONS);
      expect((await collect(answer.body)).bytes.toString()).toBe(`hello, world${index}`);
    }
    expect(answers).toEqual(['GET /c?i=0 HTTP/1.1', 'GET /c?i=1 HTTP/1.1']);
  });

  it('decodes a chunked body that arrives one byte at a time', async () => {
    const answer = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n`;
    const host = await rawServer((socket) => {
      let at = 0;
      const next = () => {
        if (at >= answer.length) return;
        socket.write(answer[at] ?? '');
        at += 1;
        setTimeout(next, 1);
      };
      next();
    });
    const response = await getter().get(new URL(`http://${host}/slow`), OPTIONS);
    expect((await collect(response.body)).bytes.toString()).toBe('abc0123456789');
  });

  it('reads a body without a length until the server closes, and skips 1xx answers before it', async () => {
    const host = await rawServer((socket) => {
      socket.write('HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n');
      socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it');
    });
    const response = await getter().get(new URL(`http://${host}/`), OPTIONS);
    expect(response.statusCode).toBe(200);
    expect((await collect(response.body)).bytes.toString()).toBe('all of it');
  });

  it('rejects a body cut short, and answers that break HTTP or frame the body two ways', async () => {
    const answers: Record<string, string> = {
      '/cut': 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this',
      '/two-lengths': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
      '/both':
        'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      '/gzip': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
      '/folded': 'HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n',
      '/not-http': 'SSH-2.0-OpenSSH_9.6\r\n\r\n',
      '/bad-chunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      '/no-crlf': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n',
    };
    const host = await rawServer((socket, _index, head) => {
      const path = head.split(' ')[1] ?? '';
      socket.end(answers[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
    const get = getter();
    const outcome = async (path: string): Promise<string> => {
      try {
        const response = await get.get(new URL(`http://${host}${path}`), OPTIONS);
        await collect(response.body);
        return 'ok';
      } catch (error) {
        return error instanceof HttpGetError ? error.code : String(error);
      }
    };
    expect(await outcome('/cut')).toBe('ECONNRESET');
    for (const path of ['/two-lengths', '/both', '/gzip', '/folded', '/not-http', '/bad-chunk', '/no-crlf']) {
      expect([path, await outcome(path)]).toEqual([path, 'EMALFORMED']);
    }
  });

  it('stops reading while the consumer is full and goes on when resumed, past a body timeout', async () => {
    const payload = randomBytes(8 * 1024 * 1024);
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-length': payload.length });
      res.end(payload);
    });
    const host = await listen(server);
    const response = await getter().get(new URL(`http://${host}/`), {
      headersTimeoutMs: 2_000,
      bodyTimeoutMs: 100,
    });
    const parts: Buffer[] = [];
    let pauses = 0;
    await response.body.consume((view) => {
      parts.push(Buffer.from(view));
      if (parts.length % 16 !== 0) return true;
      pauses += 1;
      // Longer than the body timeout: a pause the consumer asked for is not the server's silence.
      if (pauses <= 2) setTimeout(() => response.body.resume(), 250);
      else setImmediate(() => response.body.resume());
      return false;
    });
    expect(sha256(Buffer.concat(parts))).toBe(sha256(payload));
    expect(pauses).toBeGreaterThan(2);
  });

  it('times out a server that never answers, and one that stops sending half-way', async () => {
    const host = await rawServer((socket, _index, head) => {
      if (head.startsWith('GET /half')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome');
    });
    const get = getter();
    await expect(
      get.get(new URL(`http://${host}/never`), { headersTimeoutMs: 150, bodyTimeoutMs: 150 }),
    ).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
    const half = await get.get(new URL(`http://${host}/half`), {
      headersTimeoutMs: 1_000,
      bodyTimeoutMs: 150,
    });
    await expect(collect(half.body)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });

  it('stops at once when cancelled mid-body, and destroy() rejects the reader', async () => {
    const host = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nbegin');
    });
    const controller = new AbortController();
    const get = getter();
    const response = await get.get(new URL(`http://${host}/`), { ...OPTIONS, signal: controller.signal });
    const reading = collect(response.body);
    setTimeout(() => controller.abort(), 50);
    await expect(reading).rejects.toMatchObject({ code: 'ABORT_ERR' });
    await expect(
      get.get(new URL(`http://${host}/`), { ...OPTIONS, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'ABORT_ERR',
    });
    const again = await get.get(new URL(`http://${host}/`), OPTIONS);
    const read = collect(again.body);
    again.body.destroy();
    await expect(read).rejects.toMatchObject({ code: 'EDESTROYED' });
  });

  it('sends again on a new connection when a kept one turns out to be closed, and never reuses one after a close or extra bytes', async () => {
    const connections: number[] = [];
    let opened = 0;
    const host = await rawServer((socket, index, head) => {
      if (index === 0) opened += 1;
      connections.push(opened);
      const path = head.split(' ')[1];
      if (path === '/extra') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK');
      // The second request on a connection finds it dead: the server closes without a word.
      else if (index > 0) socket.destroy();
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const get = getter();
    for (const path of ['/a', '/b', '/extra', '/c']) {
      const response = await get.get(new URL(`http://${host}${path}`), OPTIONS);
      expect((await collect(response.body)).bytes.toString()).toBe('ok');
    }
    // /a on connection 1; /b tried on it (dead), sent again on 2; /extra reuses 2 and is
    // answered with bytes after its body, so /c may not use 2 and opens 3 (had it tried 2, the
    // dead connection would show as one more 2 before the 3).
    expect(connections).toEqual([1, 1, 2, 2, 3]);
  });

  it('keeps an idle connection only as long as asked', async () => {
    const ports = new Set<number>();
    const server = createHttpServer((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      res.end('x');
    });
    const host = await listen(server);
    const get = getter(50);
    await collect((await get.get(new URL(`http://${host}/`), OPTIONS)).body);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await collect((await get.get(new URL(`http://${host}/`), OPTIONS)).body);
    expect(ports.size).toBe(2);
  });

  it('lets the process exit while a kept connection waits (ifc ends without closing it)', async () => {
    const server = createHttpServer((_req, res) => res.end('x'));
    // The server would keep the connection for a minute too: only our side can let go.
    server.keepAliveTimeout = 60_000;
    const host = await listen(server);
    const script = [
      `import { HttpGetter } from ${JSON.stringify(HTTP_GET)};`,
      `const get = new HttpGetter({ connectTimeoutMs: 5000, keepAliveMs: 60000 });`,
      `const response = await get.get(new URL('http://${host}/'), { headersTimeoutMs: 5000, bodyTimeoutMs: 5000 });`,
      `await response.body.consume(() => true);`,
      `console.log('read');`,
    ].join('\n');
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 15_000,
    });
    expect(stdout.trim()).toBe('read');
    // Held by the kept connection, the child would live until a keep-alive (60 s) ran out.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses addresses it cannot fetch and header values that hold a line break', async () => {
    const get = getter();
    await expect(get.get(new URL('ftp://example.invalid/x'), OPTIONS)).rejects.toMatchObject({
      code: 'EPROTOCOL',
    });
    await expect(
      get.get(new URL('http://127.0.0.1:9/'), { ...OPTIONS, headers: { 'x-bad': 'a\r\nx-injected: 1' } }),
    ).rejects.toMatchObject({ code: 'EINVALIDHEADER' });
  });

  it('reads over TLS into the same buffer, and refuses a certificate nobody vouches for', async () => {
    const payload = randomBytes(3 * 1024 * 1024);
    const cert = readFileSync(join(TLS_DIR, 'localhost.crt'));
    const server = createHttpsServer(
      { cert, key: readFileSync(join(TLS_DIR, 'localhost.key')) },
      (_req, res) => {
        res.writeHead(200, { 'content-length': payload.length });
        res.end(payload);
      },
    );
    const host = await listen(server);
    await expect(getter().get(new URL(`https://${host}/`), OPTIONS)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    // Trusting the test certificate takes a process started with it (NODE_EXTRA_CA_CERTS is read
    // at start-up), so the trusted fetch runs in a child through the same module.
    const script = [
      `import { HttpGetter } from ${JSON.stringify(HTTP_GET)};`,
      `import { createHash } from 'node:crypto';`,
      `const get = new HttpGetter({ connectTimeoutMs: 5000, keepAliveMs: 1000 });`,
      `const hash = createHash('sha256'); let largest = 0;`,
      `for (const name of ['localhost', '127.0.0.1']) {`,
      `  const response = await get.get(new URL('https://' + name + ':${host.split(':')[1]}/'), { headersTimeoutMs: 5000, bodyTimeoutMs: 5000 });`,
      `  await response.body.consume((view) => { largest = Math.max(largest, view.length); if (name === 'localhost') hash.update(view); return true; });`,
      `}`,
      `get.close(); console.log(hash.digest('hex'), largest);`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'localhost.crt') },
    });
    const [digest, largest] = stdout.trim().split(' ');
    expect(digest).toBe(sha256(payload));
    expect(Number(largest)).toBeLessThanOrEqual(READ_BUFFER);
    expect(Number(largest)).toBeGreaterThan(0);
  });
});
