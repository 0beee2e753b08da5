// The upload body as a server's multipart parser (busboy) sees it: the declared length is the
// real one, the file arrives whole and in order, progress climbs to the file's size, and a file
// that shrank after it was measured fails the body instead of sending a short one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { multipartUpload } from '../../../electron/engine/upload.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-multipart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Feeds the body to busboy; resolves with the fields, the file's sha256 and the wire length. */
function parse(body: Readable, contentType: string) {
  return new Promise<{ fields: Record<string, string>; sha256: string; fileName: string; wire: number }>(
    (resolve, reject) => {
      const fields: Record<string, string> = {};
      const hash = createHash('sha256');
      let fileName = '';
      let wire = 0;
      const parser = busboy({ headers: { 'content-type': contentType } });
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (_name, stream, info) => {
        fileName = info.filename ?? '';
        stream.on('data', (chunk: Buffer) => hash.update(chunk));
      });
      parser.on('close', () => resolve({ fields, sha256: hash.digest('hex'), fileName, wire }));
      parser.on('error', reject);
      body.on('data', (chunk: Buffer) => {
        wire += chunk.length;
      });
      body.on('error', reject);
      body.pipe(parser);
    },
  );
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
    await writeFile(path, randomBytes(512 * 1024));
    const upload = multipartUpload({ path, fileName: 'shrinks.bin', bytes: 512 * 1024, fields: [] });
    await truncate(path, 100 * 1024);
    const failure = await new Promise<NodeJS.ErrnoException>((resolve) => {
      upload.body.on('error', resolve);
      upload.body.resume();
    });
    expect(failure.code).toBe('EFILECHANGED');
    expect(upload.fileError()).toBe(failure);
  });

  it('does not take a broken connection for a file failure', async () => {
    const path = join(dir, 'fine.bin');
    await writeFile(path, randomBytes(256 * 1024));
    const upload = multipartUpload({ path, fileName: 'fine.bin', bytes: 256 * 1024, fields: [] });
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const failure = new Promise<unknown>((resolve) => upload.body.on('error', resolve));
    upload.body.once('data', () => upload.body.destroy(reset));
    upload.body.resume();
    expect(await failure).toBe(reset);
    expect(upload.fileError()).toBeUndefined();
  });
});
