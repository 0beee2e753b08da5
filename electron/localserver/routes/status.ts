// GET /api/convert/status/:jobId and DELETE /api/convert/:jobId.
import type { ServerResponse } from 'node:http';
import type { ServerContext } from '../context.ts';
import { sendEmpty, sendError, sendJson } from '../http-util.ts';
import { jobJson } from '../job-record.ts';

export function getStatus(ctx: ServerContext, res: ServerResponse, jobId: string) {
  const job = ctx.runner.get(jobId);
  // A cancelled job is gone for the client: the contract's Job has no cancelled state.
  if (!job || job.status === 'cancelled') return sendError(res, 404, 'not_found');
  const hint = ctx.faults.statusRetryAfter();
  sendJson(
    res,
    200,
    jobJson(job, ctx.downloadUrl, ctx.faults.expiresAtEarlierMs()),
    hint === undefined ? {} : { 'Retry-After': String(hint) },
  );
}

export function cancelJob(ctx: ServerContext, res: ServerResponse, jobId: string) {
  const job = ctx.runner.get(jobId);
  if (!job || job.status === 'cancelled') return sendError(res, 404, 'not_found');
  if (ctx.runner.cancel(job) === 'conflict') return sendError(res, 409, 'conflict', { status: job.status });
  res.setHeader('X-Tokens-Remaining', String(ctx.account.balance()));
  sendEmpty(res, 204);
}
