// A multipart/form-data body that streams the file from disk: the fields first (the contract
// wants `to` before `file`), then the file, never the whole file in memory. The length is
// known up front, so the request carries a Content-Length. A small file (SMALL_BODY) goes as
// one buffer instead (multipartBuffer), read before the request.
//
// The body is a Node Readable, one of the body types undici documents (Dispatcher.md), so the
// upload relies on nothing about how undici consumes it: each chunk is a fresh buffer that
// belongs to the stream once pushed (stream semantics), and the Readable's highWaterMark is the
// back-pressure: the file is read only as fast as the socket takes it. (An earlier version
// reused two buffers, which was safe only because of how undici happens to write an iterable.)
import { randomBytes } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';

export interface MultipartUpload {
  body: Readable;
  contentType: string;
  contentLength: number;
  /** Why reading the file failed (unreadable, gone, changed), if it did. Only the file's own
   *  failures: a body abandoned because the connection broke is not one, so that network
   *  error stays a network error (and the POST is retried with its idempotency key). */
  fileError(): unknown;
  /** Ends the body early (the request settled before it was all sent): closes the file. */
  close(): Promise<void>;
}

export interface MultipartOptions {
  path: string;
  /** `path` already open: read from it and leave it open (whoever opened it closes it). */
  handle?: FileHandle;
  /** Sent as the part's filename: the server reads the source format from its extension. */
  fileName: string;
  bytes: number;
  fields: [string, string][];
  /** File bytes the consumer has taken (moved past), from 0 to `bytes`. */
  onProgress?: (sentBytes: number) => void;
}

/** A 1 GiB file is 4,096 reads; the stream holds at most one chunk ahead of the socket. */
export const UPLOAD_CHUNK = 256 * 1024;

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

/** Fills `buffer` from `position` (a short read is not the end of a file) up to `length`;
 *  resolves with what it got, less only at the end of the file. */
async function readFull(handle: FileHandle, buffer: Buffer, length: number, position: number) {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** The parts around the file: the fields and the file part's head, and the closing tail. */
function frame(options: MultipartOptions): { boundary: string; headBytes: Buffer; tailBytes: Buffer } {
  const boundary = `----ifc${randomBytes(16).toString('hex')}`;
  let head = '';
  for (const [name, value] of options.fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(options.fileName)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return {
    boundary,
    headBytes: Buffer.from(head, 'utf8'),
    tailBytes: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  };
}

/** Files up to this size are sent as one buffer (multipartBuffer) rather than a stream. */
export const SMALL_BODY = 64 * 1024;

/** A small file's whole body in one buffer, read before the request: undici writes a buffer
 *  body in one go, where a stream body costs a Readable, a read per part (fields, file, tail)
 *  and a socket write each; for a 2 KiB file that was most of the upload's own work. Progress
 *  is told as the stream tells it: 0 at the start, all of it once handed over. A read that
 *  fails (or a file that shrank) rejects with the file's error. */
export async function multipartBuffer(
  options: MultipartOptions & ({ handle: FileHandle } | { content: Uint8Array }),
): Promise<{ body: Buffer; contentType: string; contentLength: number }> {
  const { boundary, headBytes, tailBytes } = frame(options);
  const { bytes } = options;
  options.onProgress?.(0);
  const body = Buffer.allocUnsafe(headBytes.length + bytes + tailBytes.length);
  headBytes.copy(body, 0);
  let got: number;
  if ('content' in options) {
    // The file's bytes, read already (the upload step reads a small file whole as it opens it).
    got = Math.min(bytes, options.content.length);
    body.set(options.content.subarray(0, got), headBytes.length);
  } else got = await readFull(options.handle, body.subarray(headBytes.length), bytes, 0);
  if (got < bytes) throw fileChanged();
  tailBytes.copy(body, headBytes.length + bytes);
  options.onProgress?.(bytes);
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, contentLength: body.length };
}

export function multipartUpload(options: MultipartOptions): MultipartUpload {
  const { boundary, headBytes, tailBytes } = frame(options);
  const { bytes, onProgress } = options;
  let fileError: unknown;
  let handle: FileHandle | undefined = options.handle;
  let position = -1;
  // Once the request is over (close()), a read still in flight must not report progress: a
  // late "all sent" after a refusal told the upload step the server was converting, and the
  // job went round the upload again with a fresh set of attempts.
  let over = false;

  async function next(): Promise<Buffer | null> {
    if (position === -1) {
      position = 0;
      onProgress?.(0);
      return headBytes;
    }
    if (position < bytes) {
      try {
        handle ??= await open(options.path, 'r');
        const length = Math.min(UPLOAD_CHUNK, bytes - position);
        const chunk = Buffer.allocUnsafe(length);
        const got = await readFull(handle, chunk, length, position);
        // A file that shrank since it was measured would make the declared length a lie.
        if (got < length) throw fileChanged();
        position += got;
        // Bytes handed to the stream: at most one chunk ahead of the socket (highWaterMark).
        if (!over) onProgress?.(position);
        return chunk;
      } catch (error) {
        fileError = error;
        throw error;
      }
    }
    if (position === bytes) {
      position += 1;
      return tailBytes;
    }
    return null;
  }

  const closeFile = async (): Promise<void> => {
    const opened = handle;
    if (opened && !options.handle) {
      handle = undefined;
      await opened.close().catch(() => undefined);
    }
  };

  const body = new Readable({
    // Two chunks: the next is read from disk while the last is on the socket.
    highWaterMark: 2 * UPLOAD_CHUNK,
    read() {
      next().then(
        (chunk) => {
          if (chunk === null) void closeFile();
          this.push(chunk);
        },
        (error: unknown) => this.destroy(error as Error),
      );
    },
    destroy(error, callback) {
      closeFile().then(() => callback(error), callback);
    },
  });
  return {
    body,
    fileError: () => fileError,
    close: async () => {
      over = true;
      if (!body.destroyed) body.destroy();
      await closeFile();
    },
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBytes.length + bytes + tailBytes.length,
  };
}
