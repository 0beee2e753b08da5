// The upload body (electron/engine/api/multipart-body.ts) against a server that reads slowly:
// the socket's buffers fill and writes go asynchronous, so the Readable's back-pressure is what
// keeps the file streaming in order; the file's sha256 on the server shows it arrived intact.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import busboy from 'busboy';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../electron/engine/api/api-client.ts';
import { RateGate } from '../../../electron/engine/api/rate-gate.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Accepts one upload, pausing the request for `pauseMs` after every chunk it reads. */
async function slowServer(pauseMs: number) {
  const received: { sha256?: string; bytes: number } = { bytes: 0 };
  server = createServer((req, res) => {
    const hash = createHash('sha256');
    const parser = busboy({ headers: req.headers });
    parser.on('file', (_name, stream) => {
      stream.on('data', (chunk: Buffer) => {
        received.bytes += chunk.length;
        hash.update(chunk);
      });
    });
    parser.on('close', () => {
      received.sha256 = hash.digest('hex');
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jobId: 'job-1', status: 'queued' }));
    });
    req.on('data', (chunk: Buffer) => {
      parser.write(chunk);
      req.pause();
      setTimeout(() => req.resume(), pauseMs);
    });
    req.on('end', () => parser.end());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}

describe('the upload body through undici, read slowly on the other side', () => {
  it('arrives byte for byte, with progress reaching the file size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-upload-reuse-'));
    const data = randomBytes(24 * 1024 * 1024 + 12_345);
    const path = join(dir, 'big.bin');
    await writeFile(path, data);
    const { url, received } = await slowServer(1);
    const client = new ApiClient({ url, key: 'k', gate: new RateGate() });
    let lastProgress = -1;
    try {
      const outcome = await client.submit({
        path,
        fileName: 'big.bin',
        bytes: data.length,
        to: 'dat',
        idempotencyKey: 'reuse-1',
        onProgress: (sent) => {
          expect(sent).toBeGreaterThanOrEqual(lastProgress);
          lastProgress = sent;
        },
      });
      expect(outcome.ok).toBe(true);
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(received.bytes).toBe(data.length);
    expect(received.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(lastProgress).toBe(data.length);
  });
});
