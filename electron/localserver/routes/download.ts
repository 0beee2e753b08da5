// GET <downloadUrl> on the download origin: no Authorization, a valid signature instead;
// 403 for a bad signature, 404 unknown job, 410 after retention. Streams the file.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { contentDisposition, contentType } from '../content-disposition.ts';
import type { ServerContext } from '../context.ts';
import { sendError } from '../http-util.ts';
import { checkSignature } from '../signing.ts';

export function getDownload(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  jobId: string,
  query: URLSearchParams,
  secret: Buffer,
) {
  const check = checkSignature(secret, jobId, query.get('exp'), query.get('sig'), ctx.clock.now());
  if (check === 'bad') return sendError(res, 403, 'forbidden', { detail: 'bad or missing signature' });
  const job = ctx.runner.get(jobId);
  if (job?.status !== 'completed') return sendError(res, 404, 'not_found');
  if (check === 'expired' || job.expired || (job.expiresAt ?? 0) <= ctx.clock.now()) {
    ctx.runner.expire(job);
    return sendError(res, 410, 'expired');
  }
  const size = job.resultBytes ?? 0;
  // Faults: a redirect elsewhere (a CDN), and an encoded body (a CDN that compresses anyway).
  const redirectTo = ctx.faults.takeRedirectDownload();
  if (redirectTo !== undefined) {
    res.writeHead(302, { Location: `${redirectTo}${req.url ?? '/'}`, 'Content-Length': '0' });
    return void res.end();
  }
  const coding = ctx.faults.takeEncodeDownload();
  if (coding !== undefined) return void sendEncoded(res, job.outputPath, coding);
  res.writeHead(200, {
    'Content-Type': contentType(job.targetFormat),
    'Content-Length': String(size),
    'Content-Disposition': contentDisposition(job.fileName ?? `result.${job.targetFormat}`),
    'Cache-Control': 'private, no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  // Fault: the right Content-Length was promised, but the connection ends halfway.
  const cut = ctx.faults.takeTruncateDownload();
  // Reads no larger than the file (at most the default 64 KiB): a small result does not take a
  // 64 KiB buffer each.
  const highWaterMark = Math.min(64 * 1024, Math.max(1, size));
  const file = createReadStream(
    job.outputPath,
    cut ? { end: Math.max(0, Math.floor(size / 2) - 1), highWaterMark } : { highWaterMark },
  );
  file.on('error', () => res.destroy());
  if (cut) file.on('end', () => setImmediate(() => res.destroy()));
  file.pipe(res, { end: !cut });
}

/** The result in a content coding (a fault): gzip, or one nobody can decode. Results in tests
 *  are small, so the file is read whole. */
async function sendEncoded(res: ServerResponse, path: string, coding: 'gzip' | 'x-unknown'): Promise<void> {
  try {
    const bytes = await readFile(path);
    const body = coding === 'gzip' ? gzipSync(bytes) : bytes;
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Encoding': coding,
      'Content-Length': String(body.length),
    });
    res.end(body);
  } catch {
    res.destroy();
  }
}
