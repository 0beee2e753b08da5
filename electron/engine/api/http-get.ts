// A GET over HTTP/1.1 (plain or TLS) that reads the socket into ONE reused buffer (the `onread`
// option of net and tls), for downloading results. Why not undici here: every socket read there
// lands in a fresh 64 KiB buffer, and V8 frees young buffers only once ~32 MiB of them have piled
// up, promoting those still queued for the disk. Downloading 1 GiB that way peaked at 155 MiB
// RSS and spent about half its main-thread time on buffers; read into one buffer, 62 MiB and
// twice as fast (measured side by side, same server, same hashing and writing).
// The price: the body's bytes are valid only during the callback that receives them, so the
// consumer copies what it keeps (download.ts copies into its own two write buffers).
// Connections are kept for the next GET to the same origin, as a browser would.
import { type Socket, connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { BodyDecoder } from './body-decoder.ts';
import { HEAD_LIMIT, type HeaderValues, parseHead, type ResponseHead } from './http1-head.ts';

/** The one buffer a connection reads into: the most body bytes a single callback can carry. */
export const READ_BUFFER = 64 * 1024;

/** An error body larger than this is not worth reading to keep the connection: it is closed. */
const DUMP_LIMIT = 256 * 1024;

export class HttpGetError extends Error {
  /** ECONNRESET, ETIMEDOUT, EMALFORMED (the answer breaks HTTP), ABORT_ERR, EDESTROYED, or the
   *  socket's own code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, ...). */
  readonly code: string;
  /** A kept connection the server had already closed: nothing was received, send again. */
  readonly stale: boolean;

  constructor(code: string, message: string, stale = false) {
    super(message);
    this.name = 'HttpGetError';
    this.code = code;
    this.stale = stale;
  }
}

/** A response body read off the socket in place. */
export interface ReusedBody extends AsyncIterable<Buffer> {
  /** Hands every body byte to `onBytes`, in views of a buffer that is reused as soon as the call
   *  returns: copy what must outlive it. `onBytes` must take all it is given; returning false
   *  asks for nothing more until resume(). Resolves when the body is complete by its framing;
   *  rejects with an HttpGetError when the connection breaks off or the framing is broken. */
  consume(onBytes: (bytes: Uint8Array) => boolean): Promise<void>;
  resume(): void;
  /** Reads a small body to its end (so the connection can be kept); closes on a large one. */
  dump(): Promise<void>;
  /** Stops now: the connection is closed and consume() rejects with EDESTROYED. */
  destroy(): void;
}

export interface GetResponse {
  statusCode: number;
  headers: HeaderValues;
  body: ReusedBody;
}

export interface GetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** From the request to the end of the head; then the longest silence within the body. */
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

export interface HttpGetterOptions {
  connectTimeoutMs: number;
  /** How long an idle connection is kept for the next request. */
  keepAliveMs: number;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'ECONNRESET';
}

function requestHead(url: URL, headers: Record<string, string>): string {
  let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const [name, value] of Object.entries({ 'accept-encoding': 'identity', ...headers })) {
    // A line break in a value would let it write headers (or a request) of its own.
    if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value)) {
      throw new HttpGetError('EINVALIDHEADER', `header ${JSON.stringify(name)} holds a line break`);
    }
    text += `${name}: ${value}\r\n`;
  }
  return `${text}\r\n`;
}

/** One socket, its read buffer, and the exchange it currently carries (none while idle). */
class Connection {
  readonly socket: Socket;
  readonly origin: string;
  exchange: Exchange | undefined;
  /** Has carried an earlier exchange: the server may have closed it since. */
  reused = false;
  closed = false;
  /** While idle in the pool: what takes it out when it dies, and the timer that closes it. */
  onIdleEnd: (() => void) | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  private readonly secure: boolean;
  private readonly connectTimeoutMs: number;

  constructor(url: URL, connectTimeoutMs: number) {
    this.origin = url.origin;
    this.connectTimeoutMs = connectTimeoutMs;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const secure = url.protocol === 'https:';
    this.secure = secure;
    const port = Number(url.port) || (secure ? 443 : 80);
    const onread = {
      buffer: Buffer.allocUnsafe(READ_BUFFER),
      callback: (count: number, buffer: Uint8Array) => this.onRead(buffer.subarray(0, count)),
    };
    // tls takes `onread` too (Node 15+), though @types/node lists it for net only.
    const tlsOptions = {
      host,
      port,
      ALPNProtocols: ['http/1.1'],
      onread,
      ...(isIP(host) ? {} : { servername: host }),
    };
    this.socket = secure ? tlsConnect(tlsOptions) : netConnect({ host, port, onread });
    this.socket.setNoDelay(true);
    this.socket.on('error', (error) => this.exchange?.fail(errorCode(error), error.message));
    this.socket.on('end', () => {
      if (this.exchange) this.exchange.ended();
      else this.socket.destroy();
    });
    this.socket.on('timeout', () => {
      if (this.exchange) this.exchange.fail('ETIMEDOUT', 'the server did not answer in time');
      else this.socket.destroy();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.exchange?.fail('ECONNRESET', 'the connection closed');
      this.onIdleEnd?.();
    });
  }

  /** Arms the timeout for the exchange's next wait: connecting, then the head. */
  startTimer(headersTimeoutMs: number): void {
    if (this.socket.connecting) {
      const ready = this.secure ? 'secureConnect' : 'connect';
      this.socket.setTimeout(this.connectTimeoutMs);
      this.socket.once(ready, () => this.socket.setTimeout(headersTimeoutMs));
    } else {
      this.socket.setTimeout(headersTimeoutMs);
    }
  }

  private onRead(bytes: Uint8Array): boolean {
    if (this.exchange) return this.exchange.onRead(bytes);
    // Bytes nobody asked for on an idle connection: it cannot carry a request any more.
    this.socket.destroy();
    return false;
  }
}

/** One request and its response on a connection. */
class Exchange implements ReusedBody {
  private phase: 'head' | 'waiting' | 'body' | 'finished' = 'head';
  /** The head's bytes so far (copied: the read buffer is reused). */
  private head = Buffer.alloc(0);
  private decoder: BodyDecoder | undefined;
  private response: ResponseHead | undefined;
  /** Body bytes that arrived with the head, kept until someone consumes. */
  private leftover: Buffer | undefined;
  private consumer: ((bytes: Uint8Array) => boolean) | undefined;
  private paused = false;
  private received = false;
  private failure: HttpGetError | undefined;
  private readonly headPromise: PromiseWithResolvers<GetResponse> = Promise.withResolvers();
  private bodyPromise: PromiseWithResolvers<void> | undefined;
  private readonly onAbort = () => this.fail('ABORT_ERR', 'cancelled');
  private readonly connection: Connection;
  private readonly options: GetOptions;
  private readonly release: (connection: Connection) => void;

  constructor(connection: Connection, options: GetOptions, release: (connection: Connection) => void) {
    this.connection = connection;
    this.options = options;
    this.release = release;
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get answer(): Promise<GetResponse> {
    return this.headPromise.promise;
  }

  onRead(bytes: Uint8Array): boolean {
    this.received = true;
    if (this.phase === 'head') return this.readHead(bytes);
    if (this.phase === 'body') return this.deliver(bytes);
    // Paused between head and consume(), or finished: no read is expected; keep it, stop.
    if (this.phase === 'waiting') {
      this.leftover = Buffer.concat([this.leftover ?? Buffer.alloc(0), bytes]);
    }
    return false;
  }

  private readHead(bytes: Uint8Array): boolean {
    let from = Math.max(0, this.head.length - 3);
    this.head = Buffer.concat([this.head, bytes]);
    for (;;) {
      const end = this.head.indexOf('\r\n\r\n', from, 'latin1');
      if (end === -1) {
        if (this.head.length > HEAD_LIMIT) this.fail('EMALFORMED', 'the answer has no end of its head');
        return this.phase === 'head';
      }
      const head = parseHead(this.head.toString('latin1', 0, end));
      if (!head) {
        this.fail('EMALFORMED', 'the answer is not HTTP/1.1');
        return false;
      }
      const rest = this.head.subarray(end + 4);
      // 1xx (100 Continue, 103 Early Hints) only announce: the answer follows.
      if (head.statusCode < 200) {
        this.head = Buffer.from(rest);
        from = 0;
        continue;
      }
      this.response = head;
      this.decoder = new BodyDecoder(head.framing);
      this.leftover = rest.length > 0 ? rest : undefined;
      this.head = Buffer.alloc(0);
      this.phase = 'waiting';
      // Nothing is read until someone consumes: the read buffer cannot hold on to bytes.
      this.connection.socket.setTimeout(0);
      this.headPromise.resolve({ statusCode: head.statusCode, headers: head.headers, body: this });
      return false;
    }
  }

  consume(onBytes: (bytes: Uint8Array) => boolean): Promise<void> {
    if (this.consumer || !this.decoder)
      return Promise.reject(new Error('the body is read once, after its head'));
    this.consumer = onBytes;
    this.bodyPromise = Promise.withResolvers();
    if (this.failure) {
      this.bodyPromise.reject(this.failure);
      return this.bodyPromise.promise;
    }
    this.phase = 'body';
    const leftover = this.leftover;
    this.leftover = undefined;
    if (leftover) this.deliver(leftover);
    else if (this.decoder.complete) this.complete(false);
    if (this.phase === 'body' && !this.paused) this.readOn();
    return this.bodyPromise.promise;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.phase === 'body') this.readOn();
  }

  async dump(): Promise<void> {
    if (this.phase === 'finished' || this.consumer) return;
    const framing = this.response?.framing;
    if (framing?.kind === 'close' || (framing?.kind === 'length' && framing.bytes > DUMP_LIMIT)) {
      this.destroy();
      return;
    }
    await this.consume(() => true).catch(() => undefined);
  }

  destroy(): void {
    this.fail('EDESTROYED', 'the body was not wanted');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    const queue: Buffer[] = [];
    let wake: (() => void) | undefined;
    let settled = false;
    let error: unknown;
    this.consume((bytes) => {
      queue.push(Buffer.from(bytes));
      wake?.();
      return queue.length < 16;
    }).then(
      () => {
        settled = true;
        wake?.();
      },
      (cause: unknown) => {
        settled = true;
        error = cause;
        wake?.();
      },
    );
    try {
      for (;;) {
        const chunk = queue.shift();
        if (chunk) {
          if (queue.length < 16) this.resume();
          yield chunk;
        } else if (settled) {
          if (error) throw error;
          return;
        } else {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      }
    } finally {
      if (!settled) this.destroy();
    }
  }

  /** The server sent its FIN. */
  ended(): void {
    if (this.phase === 'body' && this.decoder?.endsAtClose) this.complete(true);
    else this.fail('ECONNRESET', 'the server closed the connection before the whole answer');
  }

  fail(code: string, message: string): void {
    if (this.phase === 'finished') return;
    this.phase = 'finished';
    const stale = code !== 'ABORT_ERR' && code !== 'EDESTROYED' && this.connection.reused && !this.received;
    this.failure = new HttpGetError(code, message, stale);
    this.finish();
    this.connection.socket.destroy();
    this.headPromise.reject(this.failure);
    this.bodyPromise?.reject(this.failure);
  }

  private readOn(): void {
    this.connection.socket.setTimeout(this.options.bodyTimeoutMs);
    this.connection.socket.resume();
  }

  private deliver(bytes: Uint8Array): boolean {
    const consumer = this.consumer;
    const decoder = this.decoder;
    if (!consumer || !decoder) return false;
    const fed = decoder.feed(bytes, (body) => {
      if (!consumer(body)) this.paused = true;
    });
    // The consumer may have destroyed the body from inside its callback.
    if (this.phase !== 'body') return false;
    if (fed.state === 'malformed') {
      this.fail('EMALFORMED', 'the answer breaks its own chunked framing');
      return false;
    }
    if (fed.state === 'done') {
      this.complete(fed.used < bytes.length);
      return !this.connection.closed;
    }
    if (this.paused) this.connection.socket.setTimeout(0);
    return !this.paused;
  }

  /** The body is whole. `extra`: bytes followed it (or the server closed), so the connection
   *  cannot be trusted with another request. */
  private complete(extra: boolean): void {
    this.phase = 'finished';
    this.finish();
    this.bodyPromise?.resolve();
    if (!extra && this.response?.reusable) this.release(this.connection);
    else this.connection.socket.destroy();
  }

  private finish(): void {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (this.connection.exchange === this) this.connection.exchange = undefined;
  }
}

/** GETs with a pool of kept connections per origin. */
export class HttpGetter {
  private readonly idle = new Map<string, Connection[]>();
  private closed = false;
  private readonly options: HttpGetterOptions;

  constructor(options: HttpGetterOptions) {
    this.options = options;
  }

  /** Resolves once the head has arrived (any status); rejects with an HttpGetError. */
  async get(url: URL, options: GetOptions): Promise<GetResponse> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HttpGetError('EPROTOCOL', `cannot fetch ${url.protocol} addresses`);
    }
    const request = requestHead(url, options.headers ?? {});
    if (options.signal?.aborted) throw new HttpGetError('ABORT_ERR', 'cancelled');
    const kept = this.take(url.origin);
    if (kept) {
      try {
        return await this.exchange(kept, request, options);
      } catch (error) {
        // The server closed the kept connection as we wrote to it: a GET is safe to send again.
        if (!(error instanceof HttpGetError && error.stale)) throw error;
      }
    }
    return this.exchange(new Connection(url, this.options.connectTimeoutMs), request, options);
  }

  /** Closes the kept connections; those in use close when their exchange ends. */
  close(): void {
    this.closed = true;
    for (const connections of this.idle.values()) {
      for (const connection of connections) connection.socket.destroy();
    }
    this.idle.clear();
  }

  private exchange(connection: Connection, request: string, options: GetOptions): Promise<GetResponse> {
    const exchange = new Exchange(connection, options, (done) => this.keep(done));
    connection.exchange = exchange;
    connection.startTimer(options.headersTimeoutMs);
    connection.socket.write(request);
    return exchange.answer;
  }

  private take(origin: string): Connection | undefined {
    const connections = this.idle.get(origin);
    const connection = connections?.pop();
    if (connections?.length === 0) this.idle.delete(origin);
    if (!connection) return undefined;
    connection.onIdleEnd = undefined;
    clearTimeout(connection.idleTimer);
    connection.socket.ref();
    connection.reused = true;
    return connection;
  }

  private keep(connection: Connection): void {
    if (this.closed || connection.closed) {
      connection.socket.destroy();
      return;
    }
    const connections = this.idle.get(connection.origin) ?? [];
    this.idle.set(connection.origin, connections);
    connections.push(connection);
    connection.idleTimer = setTimeout(() => connection.socket.destroy(), this.options.keepAliveMs);
    connection.idleTimer.unref();
    connection.onIdleEnd = () => {
      clearTimeout(connection.idleTimer);
      const index = connections.indexOf(connection);
      if (index !== -1) connections.splice(index, 1);
      if (connections.length === 0 && this.idle.get(connection.origin) === connections) {
        this.idle.delete(connection.origin);
      }
    };
    // An idle connection must not keep the process alive, and must notice the server closing.
    connection.socket.setTimeout(0);
    connection.socket.unref();
    connection.socket.resume();
  }
}
