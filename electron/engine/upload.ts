// A multipart/form-data body that streams the file from disk: the fields first (the contract
// wants `to` before `file`), then the file, never the whole file in memory. The length is
// known up front, so the request carries a Content-Length. The file's chunks go straight into
// the body's own buffer (no async generator between them), so reading overlaps with undici
// writing to the socket; at most ~AHEAD bytes wait in memory at a time.
// Progress counts the file bytes undici has taken from the body (what is still buffered in it
// is not counted), the closest a request body gets to "bytes sent".
import { randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface MultipartUpload {
  body: Readable;
  contentType: string;
  contentLength: number;
  /** Why reading the file failed (unreadable, gone, changed), if it did. Only the file's own
   *  failures: when undici destroys the body because the connection broke, the body emits that
   *  network error too, and it must not be mistaken for a local one. */
  fileError(): unknown;
}

export interface MultipartOptions {
  path: string;
  /** Sent as the part's filename: the server reads the source format from its extension. */
  fileName: string;
  bytes: number;
  fields: [string, string][];
  onProgress?: (sentBytes: number) => void;
}

/** Each read is a fresh Buffer that becomes garbage once sent. 64 KiB ones die young and are
 *  freed by V8's cheap minor GCs; 256 KiB-1 MiB ones pile up outside the JS heap until a full
 *  GC (measured: ~+35 MiB vs ~+75 MiB peak RSS streaming 256 MiB to a socket). */
const CHUNK = 64 * 1024;
/** What the body may hold ahead of the socket, so the next read overlaps the last write. */
const AHEAD = 256 * 1024;

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

function fileChanged(): Error {
  return Object.assign(new Error('file changed while uploading'), { code: 'EFILECHANGED' });
}

/** head, the file's bytes, tail; the file is opened on the first read, not before. */
class MultipartBody extends Readable {
  private readonly path: string;
  private readonly bytes: number;
  private readonly head: Buffer;
  private readonly tail: Buffer;
  private readonly onProgress: ((sentBytes: number) => void) | undefined;
  private file: ReadStream | undefined;
  private pushedFile = 0;
  private done = false;
  fileError: unknown;

  constructor(options: MultipartOptions, head: Buffer, tail: Buffer) {
    super({ highWaterMark: AHEAD });
    this.path = options.path;
    this.bytes = options.bytes;
    this.onProgress = options.onProgress;
    this.head = head;
    this.tail = tail;
    // Everything, tail included, has been taken by the consumer.
    this.once('end', () => this.onProgress?.(this.bytes));
  }

  /** File bytes that have left this stream for the consumer. */
  private taken(): number {
    const buffered = this.done ? 0 : Math.min(this.readableLength, this.pushedFile);
    return this.pushedFile - buffered;
  }

  override _read(): void {
    if (this.file) {
      this.onProgress?.(this.taken());
      this.file.resume();
      return;
    }
    this.push(this.head);
    this.onProgress?.(0);
    if (this.bytes === 0) {
      this.finish();
      return;
    }
    const file = createReadStream(this.path, { start: 0, end: this.bytes - 1, highWaterMark: CHUNK });
    this.file = file;
    file.on('data', (chunk) => {
      this.pushedFile += chunk.length;
      if (!this.push(chunk)) file.pause();
    });
    file.once('end', () => this.finish());
    file.once('error', (error) => this.failFile(error));
  }

  private finish(): void {
    // A file that shrank since it was measured would make the declared length a lie.
    if (this.pushedFile !== this.bytes) return void this.failFile(fileChanged());
    this.push(this.tail);
    this.push(null);
    this.done = true;
  }

  private failFile(error: Error): void {
    this.fileError ??= error;
    this.destroy(error);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.file?.destroy();
    callback(error);
  }
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
  const body = new MultipartBody(options, headBytes, tailBytes);
  return {
    body,
    fileError: () => body.fileError,
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBytes.length + options.bytes + tailBytes.length,
  };
}
