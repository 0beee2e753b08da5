// Cuts a response body out of the bytes that follow its head, by the head's framing: a length,
// the chunked coding (RFC 9112 §7.1: size line, data, CRLF, ..., a zero size, trailer fields,
// an empty line), or everything until the connection closes. It never copies: the body's bytes
// are handed on as views of the caller's buffer, valid only during the call.
import type { Framing } from './http1-head.ts';

/** Longest chunk-size line (size and extensions) and the trailer section we accept. */
const SIZE_LINE_LIMIT = 4096;
const TRAILER_LIMIT = 64 * 1024;

export type Feed =
  /** Everything given was body (or framing); more is expected. */
  | { state: 'more' }
  /** The body ended after `used` of the bytes given; any after that are not this body's. */
  | { state: 'done'; used: number }
  /** The bytes break the framing. */
  | { state: 'malformed' };

type Phase = 'size' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

export class BodyDecoder {
  /** Body bytes still to come of the current length or chunk. */
  private remaining = 0;
  private phase: Phase;
  /** The size line or trailer line read so far (ASCII), and the trailer's bytes in all. */
  private line = '';
  private trailerBytes = 0;
  private readonly framing: Framing;

  constructor(framing: Framing) {
    this.framing = framing;
    if (framing.kind === 'length') this.remaining = framing.bytes;
    if (framing.kind === 'none' || (framing.kind === 'length' && framing.bytes === 0)) this.phase = 'done';
    else this.phase = framing.kind === 'chunked' ? 'size' : 'data';
  }

  /** The body is complete without more bytes (a length reached, a last chunk read). */
  get complete(): boolean {
    return this.phase === 'done';
  }

  /** Complete once the connection closes: the framing is "until close". */
  get endsAtClose(): boolean {
    return this.framing.kind === 'close';
  }

  feed(bytes: Uint8Array, emit: (body: Uint8Array) => void): Feed {
    if (this.phase === 'done') return { state: 'done', used: 0 };
    if (this.framing.kind === 'close') {
      if (bytes.length > 0) emit(bytes);
      return { state: 'more' };
    }
    if (this.framing.kind === 'length') {
      const take = Math.min(this.remaining, bytes.length);
      if (take > 0) emit(bytes.subarray(0, take));
      this.remaining -= take;
      if (this.remaining > 0) return { state: 'more' };
      this.phase = 'done';
      return { state: 'done', used: take };
    }
    return this.chunked(bytes, emit);
  }

  private chunked(bytes: Uint8Array, emit: (body: Uint8Array) => void): Feed {
    let at = 0;
    while (at < bytes.length) {
      switch (this.phase) {
        case 'data': {
          const take = Math.min(this.remaining, bytes.length - at);
          emit(bytes.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.phase = 'data-cr';
          break;
        }
        case 'data-cr':
        case 'data-lf': {
          const expected = this.phase === 'data-cr' ? 0x0d : 0x0a;
          if (bytes[at] !== expected) return { state: 'malformed' };
          at += 1;
          this.phase = this.phase === 'data-cr' ? 'data-lf' : 'size';
          break;
        }
        case 'size':
        case 'trailer': {
          const newline = bytes.indexOf(0x0a, at);
          const end = newline === -1 ? bytes.length : newline + 1;
          this.line += Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1');
          if (this.phase === 'trailer') this.trailerBytes += end - at;
          at = end;
          if (this.line.length > SIZE_LINE_LIMIT && this.phase === 'size') return { state: 'malformed' };
          if (this.trailerBytes > TRAILER_LIMIT) return { state: 'malformed' };
          if (newline === -1) break;
          const line = this.line;
          this.line = '';
          if (!line.endsWith('\r\n')) return { state: 'malformed' };
          const ended = this.endLine(line.slice(0, -2));
          if (ended === 'malformed') return { state: 'malformed' };
          if (ended === 'done') return { state: 'done', used: at };
          break;
        }
        case 'done':
          return { state: 'done', used: at };
      }
    }
    return { state: 'more' };
  }

  private endLine(line: string): 'malformed' | 'done' | 'more' {
    if (this.phase === 'trailer') {
      if (line !== '') return 'more';
      this.phase = 'done';
      return 'done';
    }
    const size = /^([0-9a-fA-F]{1,13})[ \t]*(?:;.*)?$/.exec(line);
    if (!size) return 'malformed';
    this.remaining = Number.parseInt(size[1] ?? '', 16);
    this.phase = this.remaining === 0 ? 'trailer' : 'data';
    return 'more';
  }
}
