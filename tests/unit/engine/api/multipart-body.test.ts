// The upload body as a server's multipart parser (busboy) sees it: the declared length is the
// real one, the file arrives whole and in order, progress climbs to the file's size, and a file
// that shrank after it was measured fails the body instead of sending a short one. The body is
// a plain Readable (a body type undici documents) whose chunks are each their own buffer.
import { createHash, randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  multipartBuffer,
  multipartUpload,
  SMALL_BODY,
  UPLOAD_CHUNK,
} from '../../../../electron/engine/api/multipart-body.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-multipart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Feeds the body to busboy; resolves with the fields, the file's sha256 and the wire length. */
async function parse(body: AsyncIterable<Uint8Array>, contentType: string) {
  const fields: Record<string, string> = {};
  const hash = createHash('sha256');
  let fileName = '';
  let wire = 0;
  const parser = busboy({ headers: { 'content-type': contentType } });
  const closed = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', reject);
  });
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (_name, stream, info) => {
    fileName = info.filename ?? '';
    stream.on('data', (chunk: Buffer) => hash.update(chunk));
  });
  for await (const chunk of body) {
    wire += chunk.length;
    parser.write(Buffer.from(chunk));
  }
  parser.end();
  await closed;
  return { fields, sha256: hash.digest('hex'), fileName, wire };
}

/** Takes chunks until the body fails; resolves with its error. */
async function failureOf(body: AsyncIterable<Uint8Array>): Promise<NodeJS.ErrnoException> {
  try {
    for await (const _chunk of body) {
      // keep taking
    }
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('the body ended without failing');
}

describe('multipartUpload', () => {
  it('sends the fields, then the whole file, in exactly the declared length', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 123);
    const path = join(dir, 'in.bin');
    await writeFile(path, data);
    const seen: number[] = [];
    const upload = multipartUpload({
      path,
      fileName: 'in "quoted".bin',
      bytes: data.length,
      fields: [['to', 'dat']],
      onProgress: (sent) => seen.push(sent),
    });
    const parsed = await parse(upload.body, upload.contentType);
    expect(parsed.fields).toEqual({ to: 'dat' });
    expect(parsed.fileName).toBe('in %22quoted%22.bin');
    expect(parsed.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(parsed.wire).toBe(upload.contentLength);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(data.length);
    expect(seen.every((value, index) => index === 0 || value >= (seen[index - 1] ?? 0))).toBe(true);
  });

  it('sends an empty file as an empty part', async () => {
    const path = join(dir, 'empty.bin');
    await writeFile(path, '');
    const upload = multipartUpload({ path, fileName: 'empty.bin', bytes: 0, fields: [['to', 'dat']] });
    const parsed = await parse(upload.body, upload.contentType);
    expect(parsed.sha256).toBe(createHash('sha256').digest('hex'));
    expect(parsed.wire).toBe(upload.contentLength);
  });

  it('fails with EFILECHANGED when the file is shorter than measured', async () => {
    const path = join(dir, 'shrinks.bin');
    await writeFile(path, randomBytes(3 * UPLOAD_CHUNK));
    const upload = multipartUpload({ path, fileName: 'shrinks.bin', bytes: 3 * UPLOAD_CHUNK, fields: [] });
    await truncate(path, UPLOAD_CHUNK + 100);
    const failure = await failureOf(upload.body);
    expect(failure.code).toBe('EFILECHANGED');
    expect(upload.fileError()).toBe(failure);
  });

  it('reads from a handle it is given, for every attempt, and leaves it open', async () => {
    const data = randomBytes(2 * UPLOAD_CHUNK + 99);
    const path = join(dir, 'given.bin');
    await writeFile(path, data);
    const handle = await open(path, 'r');
    try {
      // The path is gone: only the handle can supply the bytes (as after a rename over it).
      await rm(path);
      for (const attempt of ['first', 'retry']) {
        const upload = multipartUpload({
          path,
          handle,
          fileName: `${attempt}.bin`,
          bytes: data.length,
          fields: [],
        });
        const parsed = await parse(upload.body, upload.contentType);
        expect(parsed.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      }
      // Still open: its owner closes it.
      expect((await handle.stat()).size).toBe(data.length);
    } finally {
      await handle.close();
    }
  });

  it('reports a file that cannot be opened as the file error', async () => {
    const upload = multipartUpload({
      path: join(dir, 'gone.bin'),
      fileName: 'gone.bin',
      bytes: 10,
      fields: [],
    });
    const failure = await failureOf(upload.body);
    expect(failure.code).toBe('ENOENT');
    expect(upload.fileError()).toBe(failure);
  });

  it('does not take a body ended early (a broken connection) for a file failure', async () => {
    const path = join(dir, 'fine.bin');
    await writeFile(path, randomBytes(4 * UPLOAD_CHUNK));
    const upload = multipartUpload({ path, fileName: 'fine.bin', bytes: 4 * UPLOAD_CHUNK, fields: [] });
    const iterator = upload.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await upload.close();
    // The stream says it was closed early (Node's "premature close"), not that the file failed.
    await iterator.next().then(
      (result) => expect(result.done).toBe(true),
      (error: NodeJS.ErrnoException) => expect(error.code).toBe('ERR_STREAM_PREMATURE_CLOSE'),
    );
    expect(upload.fileError()).toBeUndefined();
  });

  it('hands out every chunk as its own buffer: none changes after later ones are read', async () => {
    const data = randomBytes(5 * UPLOAD_CHUNK + 7);
    const path = join(dir, 'chunks.bin');
    await writeFile(path, data);
    const upload = multipartUpload({ path, fileName: 'chunks.bin', bytes: data.length, fields: [] });
    const kept: Uint8Array[] = [];
    // Held, not copied: a reused buffer would show a later chunk's bytes here at the end.
    for await (const chunk of upload.body) kept.push(chunk as Uint8Array);
    const whole = Buffer.concat(kept);
    expect(whole.length).toBe(upload.contentLength);
    const start = whole.indexOf('\r\n\r\n') + 4;
    expect(whole.subarray(start, start + data.length).equals(data)).toBe(true);
  });

  it('reports no progress once closed, even from a read that was already in flight', async () => {
    // The hazard: the server refuses (a 5xx) while a chunk is being read from disk; the read
    // finishes after the request is over and a late "all sent" made the upload step believe
    // the server was converting, so the job was sent again with a fresh round of attempts.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reads = 0;
    let readsDone = 0;
    // A file handle whose read waits until the test lets it finish (a slow disk under load).
    const slow = {
      read: async (buffer: Buffer, offset: number, length: number) => {
        reads += 1;
        await gate;
        buffer.fill(7, offset, offset + length);
        readsDone += 1;
        return { bytesRead: length, buffer };
      },
    } as unknown as FileHandle;
    const reported: number[] = [];
    const upload = multipartUpload({
      path: join(dir, 'never-opened.bin'),
      handle: slow,
      fileName: 'slow.bin',
      bytes: 16,
      fields: [],
      onProgress: (sent) => reported.push(sent),
    });
    const iterator = upload.body[Symbol.asyncIterator]();
    await iterator.next(); // the head; the stream goes on to read the file's first chunk
    await expect.poll(() => reads, { message: 'the file read to start' }).toBeGreaterThan(0);
    await upload.close();
    release();
    await expect.poll(() => readsDone, { message: 'the in-flight read to finish' }).toBe(1);
    // The read's continuation (where progress is reported) runs in the microtasks after it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(reported).toEqual([0]);
  });
});

describe('a small file in one buffer', () => {
  it('is the same multipart body in one piece, progress 0 then all of it, and a shrunk file fails', async () => {
    const data = randomBytes(SMALL_BODY - 17);
    const path = join(dir, 'small "quoted".bin');
    await writeFile(path, data);
    const handle = await open(path, 'r');
    try {
      const progress: number[] = [];
      const small = await multipartBuffer({
        path,
        handle,
        fileName: 'small "quoted".bin',
        bytes: data.length,
        fields: [['to', 'dat']],
        onProgress: (sent) => progress.push(sent),
      });
      expect(small.contentLength).toBe(small.body.length);
      const seen = await parse(Readable.from([small.body]), small.contentType);
      expect(seen).toEqual({
        fields: { to: 'dat' },
        sha256: createHash('sha256').update(data).digest('hex'),
        fileName: 'small %22quoted%22.bin',
        wire: small.contentLength,
      });
      expect(progress).toEqual([0, data.length]);
      // Measured, then shortened before it is read (a file still being written).
      await truncate(path, 10);
      const shrunk = multipartBuffer({ path, handle, fileName: 'x.bin', bytes: data.length, fields: [] });
      await expect(shrunk).rejects.toMatchObject({ code: 'EFILECHANGED' });
    } finally {
      await handle.close();
    }
  });

  it('built from bytes already read, it is the same body as from the open file', async () => {
    const data = randomBytes(3000);
    const path = join(dir, 'read.bin');
    await writeFile(path, data);
    const handle = await open(path, 'r');
    try {
      const parts = {
        path,
        fileName: 'read.bin',
        bytes: data.length,
        fields: [['to', 'dat']] as [string, string][],
      };
      const fromFile = await multipartBuffer({ ...parts, handle });
      const fromBytes = await multipartBuffer({ ...parts, content: data });
      const seen = await parse(Readable.from([fromBytes.body]), fromBytes.contentType);
      expect(seen.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      // Only the boundary (random per body) differs.
      const boundaryOf = (type: string) => type.split('boundary=')[1]!;
      expect(fromBytes.body.toString('latin1').replaceAll(boundaryOf(fromBytes.contentType), 'B')).toBe(
        fromFile.body.toString('latin1').replaceAll(boundaryOf(fromFile.contentType), 'B'),
      );
    } finally {
      await handle.close();
    }
  });
});
