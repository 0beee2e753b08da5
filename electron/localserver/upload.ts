// POST /api/convert bodies: multipart parsed as a stream (busboy) with the file piped straight
// to disk, so memory stays flat whatever the upload's size. Fields come in the contract's
// order (`to`, optional `callbackUrl`, then `file`), so the conversion can be refused before a
// single file byte is written.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';

export interface UploadedFile {
  name: string;
  path: string;
  bytes: number;
}

export interface UploadFields {
  to?: string;
  callbackUrl?: string;
  file?: UploadedFile;
}

export interface Refusal {
  status: number;
  code: string;
  extra?: Record<string, unknown>;
}

export type UploadOutcome =
  | { ok: true; fields: UploadFields }
  | { ok: false; refusal: Refusal }
  | { ok: false; cut: true };

export interface UploadOptions {
  dir: string;
  maxFileBytes: number;
  /** Called when the file part's header arrives; a refusal discards the file's bytes. */
  checkFile(fields: UploadFields, fileName: string): Refusal | undefined;
  /** Fault: destroy the connection at the first file bytes that arrive once this many BODY
   *  bytes came in. Counted on the body (not the file) because the caller picks the point from
   *  the request's Content-Length: a small file in a body twice its size must still be cut. */
  cutAfterBytes?: number;
}

export function receiveUpload(req: IncomingMessage, options: UploadOptions): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const fields: UploadFields = {};
    let refusal: Refusal | undefined;
    let writing: Promise<void> | undefined;
    let settled = false;
    let bodyBytes = 0;
    let fileStream: (NodeJS.ReadableStream & { destroy(error?: Error): void }) | undefined;
    const settle = async (outcome: UploadOutcome) => {
      if (settled) return;
      settled = true;
      // A cut connection leaves the file part unfinished: end the write so it cannot hang.
      if (!outcome.ok && 'cut' in outcome) fileStream?.destroy(new Error('upload cut'));
      await writing?.catch(() => undefined);
      if (!outcome.ok && fields.file) await rm(fields.file.path, { force: true });
      resolve(outcome);
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy reports the limit when a file REACHES fileSize, so one byte more: a file of
        // exactly maxFileBytes is within the advertised limit; only a longer one is refused.
        limits: { files: 1, fields: 8, fieldSize: 8192, fileSize: options.maxFileBytes + 1 },
      });
    } catch {
      req.resume();
      void settle({
        ok: false,
        refusal: { status: 400, code: 'bad_request', extra: { detail: 'not multipart' } },
      });
      return;
    }

    parser.on('field', (name, value) => {
      if (name === 'to') fields.to = value.trim().toLowerCase();
      else if (name === 'callbackUrl') fields.callbackUrl = value.trim();
    });

    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || refusal || fields.file) {
        stream.resume();
        return;
      }
      const fileName = info.filename ?? '';
      refusal = options.checkFile(fields, fileName);
      if (refusal) {
        stream.resume();
        return;
      }
      const file: UploadedFile = {
        name: fileName,
        path: join(options.dir, `${randomBytes(12).toString('hex')}.part`),
        bytes: 0,
      };
      fields.file = file;
      fileStream = stream;
      stream.on('data', (chunk: Buffer) => {
        file.bytes += chunk.length;
        if (options.cutAfterBytes !== undefined && bodyBytes >= options.cutAfterBytes) {
          req.socket.destroy();
          void settle({ ok: false, cut: true });
        }
      });
      // An armed cut never lets a file through whole, even when its bytes all came before the
      // cut point (a tiny file ahead of a long closing boundary).
      stream.on('end', () => {
        if (options.cutAfterBytes === undefined || settled) return;
        req.socket.destroy();
        void settle({ ok: false, cut: true });
      });
      // Emitted once the file passed maxFileBytes (the limit given to busboy is one more).
      stream.on('limit', () => {
        refusal = { status: 413, code: 'file_too_large', extra: { maxBytes: options.maxFileBytes } };
      });
      writing = pipeline(stream, createWriteStream(file.path));
      writing.catch(() => {
        refusal ??= { status: 500, code: 'internal_error', extra: { detail: 'could not store the upload' } };
      });
    });

    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      void settle({
        ok: false,
        refusal: { status: 400, code: 'bad_request', extra: { detail: 'malformed multipart body' } },
      });
    });

    parser.on('close', async () => {
      await writing?.catch(() => undefined);
      if (refusal) return settle({ ok: false, refusal });
      void settle({ ok: true, fields });
    });

    // Cut unless every byte reached the parser. `req.complete` is not enough: it means the bytes
    // arrived, and a request destroyed when its connection closes drops those still waiting for
    // the parser (paused for the disk). The parser would then never finish, and the upload's
    // Idempotency-Key would stay in flight for good (a killed `ifc`'s POST did exactly this).
    req.on('close', () => {
      if (!req.readableEnded) void settle({ ok: false, cut: true });
    });
    // Registered before the pipe, so the count already includes a chunk when busboy hands
    // the file bytes from that chunk to the listener above.
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    req.pipe(parser);
  });
}
