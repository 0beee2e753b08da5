// One job as the server keeps it, and its Job JSON as the contract shows it.
import type { ServerJobStatus } from './types.ts';

export interface JobRecord {
  id: string;
  status: ServerJobStatus;
  progress: number;
  sourceName: string;
  from: string;
  targetFormat: string;
  bytes: number;
  tokensCharged: number;
  createdAt: number;
  inputPath: string;
  outputPath: string;
  idempotencyKey?: string;
  callbackUrl?: string;
  /** True once conversion began: a cancel then keeps the tokens. */
  started: boolean;
  abort: AbortController;
  // completed only
  fileName?: string;
  resultBytes?: number;
  sha256?: string;
  expiresAt?: number;
  expired?: boolean;
  /** What the result could not keep, in the client's words (e.g. "first frame only"). */
  note?: string;
  // failed only
  error?: { code: string; message: string };
}

export function isFinal(job: JobRecord): boolean {
  return job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled';
}

/** The contract's Job object; `downloadUrl` is made by the caller (it knows the origin). */
export function jobJson(job: JobRecord, downloadUrl: (job: JobRecord) => string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    jobId: job.id,
    status: job.status,
    progress: Math.round(job.progress),
    sourceName: job.sourceName,
    targetFormat: job.targetFormat,
    tokensCharged: job.tokensCharged,
    createdAt: new Date(job.createdAt).toISOString(),
  };
  if (job.status === 'completed') {
    body.downloadUrl = downloadUrl(job);
    body.fileName = job.fileName;
    body.bytes = job.resultBytes;
    body.sha256 = job.sha256;
    body.expiresAt = new Date(job.expiresAt ?? job.createdAt).toISOString();
    if (job.note) body.note = job.note;
  }
  if (job.status === 'failed') body.error = job.error;
  return body;
}
