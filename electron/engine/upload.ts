// A multipart/form-data body that streams the file from disk: the fields first (the contract
// wants `to` before `file`), then the file in chunks, never the whole file in memory. The
// length is known up front, so the request carries a Content-Length, and progress counts the
// bytes handed to the socket (undici pulls the next chunk only when the last one was taken).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface MultipartUpload {
  body: Readable;
  contentType: string;
  contentLength: number;
}

export interface MultipartOptions {
  path: string;
  /** Sent as the part's filename: the server reads the source format from its extension. */
  fileName: string;
  bytes: number;
  fields: [string, string][];
  onProgress?: (sentBytes: number) => void;
}

const CHUNK = 256 * 1024;

/** Quoting as browsers do for form-data names (WHATWG): UTF-8 as is, with ", CR, LF escaped.
 *  Other control characters are dropped: multipart parsers refuse them, and the server needs
 *  only the extension. */
function quoted(value: string): string {
  return value
    .replace(/"/g, '%22')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u001f\u007f]/g, '');
}

export function multipartUpload(options: MultipartOptions): MultipartUpload {
  const boundary = `----ifc${randomBytes(16).toString('hex')}`;
  let head = '';
  for (const [name, value] of options.fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(options.fileName)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const { path, bytes, onProgress } = options;

  async function* parts(): AsyncGenerator<Buffer> {
    yield headBytes;
    let sent = 0;
    onProgress?.(0);
    if (bytes > 0) {
      for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: CHUNK })) {
        sent += (chunk as Buffer).length;
        yield chunk as Buffer;
        onProgress?.(sent);
      }
    }
    // A file that shrank since it was measured would make the declared length a lie.
    if (sent !== bytes)
      throw Object.assign(new Error('file changed while uploading'), { code: 'EFILECHANGED' });
    yield tailBytes;
  }

  return {
    body: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBytes.length + bytes + tailBytes.length,
  };
}
