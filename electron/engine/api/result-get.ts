// One GET of a result through the engine's undici dispatcher, at its lowest documented level
// (dispatcher.dispatch with a handler: Dispatcher.md), so the body goes from undici straight to
// the consumer with no stream in between: each chunk is handed over once, and back-pressure is
// undici's own controller.pause() / resume(), which stops reading the socket. The answer's head
// arrives as a promise; the body is read only when someone asks (until then undici is paused).
import type { Dispatcher } from 'undici';

/** A response body taken chunk by chunk, straight from undici. */
export interface ResultBody extends AsyncIterable<Buffer> {
  /** Hands every body chunk to `onBytes` as undici delivers it; returning false pauses the
   *  transfer until resume(). Resolves at the end of the body; rejects when it breaks off. */
  consume(onBytes: (bytes: Uint8Array) => boolean): Promise<void>;
  resume(): void;
  /** Reads a small body to its end (the connection stays usable); stops a large one. */
  dump(): Promise<void>;
  /** Stops now: consume() rejects. */
  destroy(): void;
}

export type HeaderValues = Record<string, string | string[] | undefined>;

export interface GetResponse {
  statusCode: number;
  headers: HeaderValues;
  body: ResultBody;
}

export interface GetOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  headersTimeout: number;
  bodyTimeout: number;
}

/** An error body larger than this is not worth reading to keep the connection. */
const DUMP_LIMIT = 256 * 1024;
/** What iterating (reading an error body as text) keeps at most. */
const ITERATE_LIMIT = 1024 * 1024;

class Exchange implements ResultBody {
  private controller: Dispatcher.DispatchController | undefined;
  private onBytes: ((bytes: Uint8Array) => boolean) | undefined;
  /** Chunks that came before anyone asked for the body (at most one read's worth: paused). */
  private early: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;
  private settle: { resolve(): void; reject(error: Error): void } | undefined;
  private readonly head: { resolve(res: GetResponse): void; reject(error: Error): void };
  private started = false;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => this.abort(this.signal?.reason ?? new Error('aborted'));

  constructor(head: Exchange['head'], signal: AbortSignal | undefined) {
    this.head = head;
    this.signal = signal;
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  // ---- undici's side ----------------------------------------------------------------------

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal?.aborted) controller.abort(this.signal.reason);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[]>,
  ): void {
    if (statusCode < 200) return;
    this.controller = controller;
    this.started = true;
    // Nothing more until the consumer asks for the body.
    controller.pause();
    const lower: HeaderValues = {};
    for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
    this.head.resolve({ statusCode, headers: lower, body: this });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.onBytes) {
      this.early.push(chunk);
      controller.pause();
      return;
    }
    if (!this.onBytes(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.failure ??= error;
    if (!this.started) this.head.reject(error);
    this.finish();
  }

  // ---- the consumer's side ----------------------------------------------------------------

  consume(onBytes: (bytes: Uint8Array) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
      this.onBytes = onBytes;
      const early = this.early;
      this.early = [];
      let more = true;
      for (const chunk of early) more = onBytes(chunk) && more;
      if (this.ended || this.failure) this.finish();
      else if (more) this.controller?.resume();
    });
  }

  resume(): void {
    if (!this.ended && !this.failure) this.controller?.resume();
  }

  async dump(): Promise<void> {
    let size = 0;
    await this.consume((bytes) => {
      size += bytes.length;
      if (size > DUMP_LIMIT) this.destroy();
      return true;
    }).catch(() => undefined);
  }

  destroy(): void {
    this.abort(Object.assign(new Error('destroyed'), { code: 'EDESTROYED' }));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    await this.consume((bytes) => {
      size += bytes.length;
      if (size > ITERATE_LIMIT) this.destroy();
      else chunks.push(Buffer.from(bytes));
      return true;
    });
    yield* chunks;
  }

  private abort(reason: Error): void {
    if (this.ended) return;
    this.failure ??= reason;
    this.controller?.abort(reason);
    if (!this.started) this.head.reject(reason);
    this.finish();
  }

  private finish(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    const settle = this.settle;
    if (!settle) return;
    this.settle = undefined;
    if (this.failure && !this.ended) settle.reject(this.failure);
    else settle.resolve();
  }
}

/** Sends the GET; resolves with the answer's head once it arrives (the body follows on demand). */
export function getResult(dispatcher: Dispatcher, url: URL, options: GetOptions): Promise<GetResponse> {
  return new Promise<GetResponse>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason ?? new Error('aborted'));
      return;
    }
    const exchange = new Exchange({ resolve, reject }, options.signal);
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: options.headers,
        headersTimeout: options.headersTimeout,
        bodyTimeout: options.bodyTimeout,
      },
      exchange,
    );
  });
}
