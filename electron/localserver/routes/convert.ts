// POST /api/convert: stream the upload to disk, dedupe on Idempotency-Key, charge by the
// published formula, queue the conversion, and answer 202 (or 200 with the Job when it ended
// within ?wait=).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { conversionCost, sourceFormatOf } from '../../../shared/formats.ts';
import type { ServerContext } from '../context.ts';
import { sendError, sendJson } from '../http-util.ts';
import { type JobRecord, jobJson } from '../job-record.ts';
import { newJobId } from '../jobs.ts';
import { type Refusal, receiveUpload, type UploadFields } from '../upload.ts';
import { rm } from 'node:fs/promises';

const IDEMPOTENCY_MS = 24 * 3600 * 1000;
const DISCARD: Refusal = { status: 0, code: 'discard' };

function parseWait(raw: string | null): number | undefined {
  if (raw === null) return 0;
  if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const seconds = Number(raw);
  return seconds <= 30 ? seconds : undefined;
}

async function answer(
  ctx: ServerContext,
  res: ServerResponse,
  job: JobRecord,
  waitSeconds: number,
): Promise<void> {
  await ctx.runner.waitForFinal(job, waitSeconds * 1000);
  res.setHeader('X-Tokens-Remaining', String(ctx.account.balance()));
  if (job.status === 'completed' || job.status === 'failed')
    return sendJson(res, 200, jobJson(job, ctx.downloadUrl, ctx.faults.expiresAtEarlierMs()));
  sendJson(
    res,
    202,
    { jobId: job.id, status: job.status, tokensCharged: job.tokensCharged },
    { Location: `/api/convert/status/${job.id}` },
  );
}

function knownJob(ctx: ServerContext, key: string | undefined): JobRecord | undefined {
  if (!key) return undefined;
  const seen = ctx.idempotency.get(key);
  if (!seen || ctx.clock.now() - seen.at > IDEMPOTENCY_MS) return undefined;
  return ctx.runner.get(seen.jobId);
}

export async function postConvert(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  cutAfterBytes: number | undefined,
): Promise<void> {
  const waitSeconds = parseWait(query.get('wait'));
  if (waitSeconds === undefined) {
    req.resume();
    return sendError(res, 400, 'bad_request', { detail: 'wait must be a number of seconds from 0 to 30' });
  }
  const key = req.headers['idempotency-key'] as string | undefined;
  if (key !== undefined && (key.length === 0 || key.length > 255)) {
    req.resume();
    return sendError(res, 400, 'bad_request', { detail: 'Idempotency-Key must be 1 to 255 characters' });
  }
  // A repeat of a POST that is still uploading waits for it, then dedupes against it.
  // No await may sit between this check and registering the key below, or two concurrent
  // repeats could both pass it.
  while (key && ctx.idempotencyInFlight.has(key)) await ctx.idempotencyInFlight.get(key);
  const original = knownJob(ctx, key);
  if (original) {
    await receiveUpload(req, {
      dir: ctx.uploadsDir,
      maxFileBytes: ctx.limits.maxFileBytes,
      checkFile: (_fields, name) => {
        ctx.ledger.countPost(name);
        return DISCARD;
      },
    });
    return answer(ctx, res, original, waitSeconds);
  }

  let release = () => {};
  if (key) ctx.idempotencyInFlight.set(key, new Promise<void>((resolve) => (release = resolve)));
  let job: JobRecord | undefined;
  try {
    const fields = await receive(ctx, req, res, cutAfterBytes);
    if (fields) job = accept(ctx, res, fields, key);
  } finally {
    // Released once the job is registered (or refused), not after ?wait=.
    if (key) ctx.idempotencyInFlight.delete(key);
    release();
  }
  if (job) await answer(ctx, res, job, waitSeconds);
}

/** The upload's fields, or undefined when the request was refused (already answered) or cut. */
async function receive(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  cutAfterBytes: number | undefined,
): Promise<(UploadFields & { file: NonNullable<UploadFields['file']>; to: string }) | undefined> {
  const outcome = await receiveUpload(req, {
    dir: ctx.uploadsDir,
    maxFileBytes: ctx.limits.maxFileBytes,
    cutAfterBytes,
    checkFile: (fields, name) => {
      ctx.ledger.countPost(name);
      if (!fields.to)
        return { status: 400, code: 'bad_request', extra: { detail: "field 'to' must come before 'file'" } };
      const from = sourceFormatOf(name) ?? '';
      if (ctx.table.find(from, fields.to)) return undefined;
      return {
        status: 422,
        code: 'unsupported_conversion',
        extra: { from, to: fields.to, supportedTargets: ctx.table.targetsFor(from) },
      };
    },
  });
  if (!outcome.ok) {
    if ('refusal' in outcome)
      sendError(res, outcome.refusal.status, outcome.refusal.code, outcome.refusal.extra);
    return undefined;
  }
  const { file, to } = outcome.fields;
  if (!file || !to) {
    if (file) await rm(file.path, { force: true });
    sendError(res, 400, 'bad_request', { detail: "fields 'to' and 'file' are required" });
    return undefined;
  }
  const callback = outcome.fields.callbackUrl;
  if (callback !== undefined && !/^https?:\/\/\S+$/i.test(callback)) {
    await rm(file.path, { force: true });
    sendError(res, 400, 'bad_request', { detail: 'callbackUrl must be an http(s) URL' });
    return undefined;
  }
  if (file.bytes === 0) {
    await rm(file.path, { force: true });
    sendError(res, 400, 'bad_request', { detail: 'the file is empty (0 bytes)' });
    return undefined;
  }
  return { ...outcome.fields, file, to };
}

function accept(
  ctx: ServerContext,
  res: ServerResponse,
  fields: UploadFields & { file: NonNullable<UploadFields['file']>; to: string },
  key: string | undefined,
): JobRecord | undefined {
  const { file, to } = fields;
  const cost = conversionCost(ctx.pricing, file.bytes, to);
  if (!ctx.account.charge(cost)) {
    void rm(file.path, { force: true });
    sendError(res, 402, 'insufficient_tokens', { required: cost, balance: ctx.account.balance() });
    return undefined;
  }
  const id = newJobId();
  const job: JobRecord = {
    id,
    status: 'queued',
    progress: 0,
    sourceName: file.name,
    from: sourceFormatOf(file.name) ?? '',
    targetFormat: to,
    bytes: file.bytes,
    tokensCharged: cost,
    createdAt: ctx.clock.now(),
    inputPath: file.path,
    outputPath: join(ctx.uploadsDir, `${id}.${to}`),
    idempotencyKey: key,
    callbackUrl: fields.callbackUrl,
    started: false,
    abort: new AbortController(),
  };
  ctx.ledger.add({
    jobId: id,
    sourceName: file.name,
    bytes: file.bytes,
    targetFormat: to,
    tokensCharged: cost,
    refunded: false,
    idempotencyKey: key,
    status: 'queued',
  });
  if (key) ctx.idempotency.set(key, { jobId: id, at: ctx.clock.now() });
  if (ctx.faults.jobAccepted()) ctx.account.setTokens(0);
  ctx.runner.submit(job);
  return job;
}
