// A multipart/form-data body that streams the file from disk: the fields first (the contract
// wants `to` before `file`), then the file, never the whole file in memory. The length is
// known up front, so the request carries a Content-Length.
//
// The body is an async iterable that reads the file into TWO buffers and reuses them: the next
// chunk is read into one while the other is on the socket. A fresh buffer per chunk (what a
// fs ReadStream does) is garbage the moment it is sent, and V8 only collects young buffers
// after ~32 MiB of them pile up: measured, ~40 MiB more peak RSS on a 1 GiB upload than on a
// 10 MiB one, and a full GC every few hundred MiB. Reused buffers keep it flat at 2 x CHUNK.
//
// Reuse is safe because of how the consumer treats a chunk: a buffer is refilled only after the
// consumer asked for the chunk AFTER it, and undici (client-h1 writeIterable) asks for the next
// chunk only once the socket has taken the last one, waiting for 'drain' whenever a write
// leaves the socket's buffer at or above its highWaterMark (64 KiB plain, 16 KiB TLS). Every
// file chunk but the last is a full CHUNK, well above both, so each one is waited for.
// tests/integration/engine/upload-reuse.test.ts checks bytes arrive intact through a slow reader
// (it fails when chunks are made smaller than the socket's highWaterMark).
import { randomBytes } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';

export interface MultipartUpload {
  /** Each yielded chunk stays valid until the next one is asked for (see above). */
  body: AsyncIterable<Uint8Array>;
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

/** Big enough that every full chunk makes undici wait for the socket to drain (see above) and
 *  that a 1 GiB file is 4,096 reads, small enough that two of them cost nothing. */
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
  const { bytes, onProgress } = options;
  let fileError: unknown;

  async function* chunks(): AsyncGenerator<Uint8Array> {
    onProgress?.(0);
    yield headBytes;
    if (bytes > 0) {
      let handle: FileHandle;
      try {
        handle = options.handle ?? (await open(options.path, 'r'));
      } catch (error) {
        fileError = error;
        throw error;
      }
      try {
        const buffers = [Buffer.allocUnsafe(Math.min(UPLOAD_CHUNK, bytes)), Buffer.allocUnsafe(0)];
        if (bytes > UPLOAD_CHUNK) buffers[1] = Buffer.allocUnsafe(UPLOAD_CHUNK);
        const readAt = (index: number, position: number) => {
          const length = Math.min(UPLOAD_CHUNK, bytes - position);
          const read = readFull(handle, buffers[index]!, length, position).then((got) => {
            // A file that shrank since it was measured would make the declared length a lie.
            if (got < length) throw fileChanged();
            return got;
          });
          // A body ended early leaves its read-ahead unawaited: its failure must not crash us.
          read.catch(() => undefined);
          return read;
        };
        let position = 0;
        let index = 0;
        let reading = readAt(0, 0);
        while (position < bytes) {
          let got: number;
          try {
            got = await reading;
          } catch (error) {
            fileError = error;
            throw error;
          }
          const chunk = buffers[index]!.subarray(0, got);
          position += got;
          index ^= 1;
          // The other buffer was yielded last time and has been taken since: refill it while
          // this one is sent.
          if (position < bytes) reading = readAt(index, position);
          yield chunk;
          onProgress?.(position);
        }
      } finally {
        if (!options.handle) await handle.close().catch(() => undefined);
      }
    }
    yield tailBytes;
    onProgress?.(bytes);
  }

  const body = chunks();
  return {
    body,
    fileError: () => fileError,
    close: async () => {
      await body.return(undefined).catch(() => undefined);
    },
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBytes.length + bytes + tailBytes.length,
  };
}
