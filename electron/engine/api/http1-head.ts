// The head of an HTTP/1.1 response (RFC 9112): status line and header fields, and from them how
// the body is framed and whether the connection may carry another request. For http-get.ts,
// which reads downloads off the socket itself. Strict where leniency lets a body be cut
// wrongly (conflicting lengths, folded lines, codings we did not ask for); a head it does not
// accept is `undefined`, and the caller treats the answer as a broken one.

export type HeaderValues = Record<string, string | string[]>;

/** How the body's end is known: by a length, by the chunked coding, by the connection closing,
 *  or there is none (1xx, 204, 304). */
export type Framing =
  | { kind: 'length'; bytes: number }
  | { kind: 'chunked' }
  | { kind: 'close' }
  | { kind: 'none' };

export interface ResponseHead {
  statusCode: number;
  /** Lower-case names; a repeated field is an array, in order. Values decoded as latin1, as
   *  undici does, so content-disposition.ts sees the same text either way. */
  headers: HeaderValues;
  framing: Framing;
  /** The server lets this connection carry the next request. */
  reusable: boolean;
}

/** Bytes a head may take, status line and fields together. */
export const HEAD_LIMIT = 64 * 1024;

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/;
const FIELD = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([^\r\n]*?)[ \t]*$/;

function values(headers: HeaderValues, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((entry) =>
    entry
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );
}

function framingOf(statusCode: number, headers: HeaderValues): Framing | undefined {
  if (statusCode < 200 || statusCode === 204 || statusCode === 304) return { kind: 'none' };
  const codings = values(headers, 'transfer-encoding').map((coding) => coding.toLowerCase());
  if (codings.length > 0) {
    // We ask for no coding; one other than chunked would hand us bytes that are not the file.
    if (codings.length !== 1 || codings[0] !== 'chunked') return undefined;
    // A length beside chunked is how responses get split differently by different readers.
    if (headers['content-length'] !== undefined) return undefined;
    return { kind: 'chunked' };
  }
  const lengths = values(headers, 'content-length');
  if (lengths.length === 0) return { kind: 'close' };
  if (!lengths.every((length) => /^\d{1,15}$/.test(length) && length === lengths[0])) return undefined;
  return { kind: 'length', bytes: Number(lengths[0]) };
}

/** Parses the head's text (latin1, up to but not including the empty line that ends it). */
export function parseHead(text: string): ResponseHead | undefined {
  const lines = text.split('\r\n');
  const status = STATUS_LINE.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers: HeaderValues = Object.create(null) as HeaderValues;
  for (const line of lines.slice(1)) {
    // A line starting with white space continues the previous one (obsolete folding): refused.
    const field = FIELD.exec(line);
    if (!field) return undefined;
    const name = (field[1] ?? '').toLowerCase();
    const value = field[2] ?? '';
    const before = headers[name];
    if (before === undefined) headers[name] = value;
    else if (Array.isArray(before)) before.push(value);
    else headers[name] = [before, value];
  }
  const statusCode = Number(status[2]);
  const framing = framingOf(statusCode, headers);
  if (!framing) return undefined;
  const connection = values(headers, 'connection').map((token) => token.toLowerCase());
  const reusable =
    status[1] === '1' && !connection.includes('close') && framing.kind !== 'close' && statusCode >= 200;
  return { statusCode, headers, framing, reusable };
}
