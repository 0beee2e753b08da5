// Shared helpers for the local server's integration tests: real HTTP over loopback with
// undici, fixtures copied into a temp folder first (the fixture folder is read-only).
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormData, fetch, type Response } from 'undici';
import {
  type LocalServer,
  type LocalServerOptions,
  startLocalServer,
} from '../../../electron/localserver/index.ts';
import { waitFor } from '../../support/wait.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures');

export interface Harness {
  server: LocalServer;
  dir: string;
  auth: Record<string, string>;
  close(): Promise<void>;
}

export async function harness(options: LocalServerOptions = {}): Promise<Harness> {
  const server = await startLocalServer(options);
  const dir = await mkdtemp(join(tmpdir(), 'ifc-ls-test-'));
  return {
    server,
    dir,
    auth: { authorization: `Bearer ${server.key}` },
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Copies a fixture into the harness folder and returns its path. */
export async function fixture(h: Harness, name: string): Promise<string> {
  const target = join(h.dir, name);
  await copyFile(join(FIXTURES, name), target);
  return target;
}

export async function makeFile(h: Harness, name: string, content: string | Uint8Array): Promise<string> {
  const target = join(h.dir, name);
  await writeFile(target, content);
  return target;
}

export interface PostOptions {
  to: string;
  path: string;
  fileName?: string;
  wait?: number | string;
  idempotencyKey?: string;
  callbackUrl?: string;
  headers?: Record<string, string>;
}

export async function postConvert(h: Harness, options: PostOptions): Promise<Response> {
  const form = new FormData();
  form.append('to', options.to);
  if (options.callbackUrl) form.append('callbackUrl', options.callbackUrl);
  const name = options.fileName ?? options.path.split('/').pop()!;
  form.append('file', await openAsBlob(options.path), name);
  const query = options.wait === undefined ? '' : `?wait=${options.wait}`;
  return fetch(`${h.server.url}/api/convert${query}`, {
    method: 'POST',
    body: form,
    headers: {
      ...h.auth,
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      ...options.headers,
    },
  });
}

export type JobBody = {
  jobId: string;
  status: string;
  progress: number;
  sourceName: string;
  targetFormat: string;
  tokensCharged: number;
  createdAt: string;
  downloadUrl?: string;
  fileName?: string;
  bytes?: number;
  sha256?: string;
  expiresAt?: string;
  error?: { code: string; message: string };
};

export async function getJob(h: Harness, jobId: string): Promise<{ status: number; body: JobBody }> {
  const response = await fetch(`${h.server.url}/api/convert/status/${jobId}`, { headers: h.auth });
  return { status: response.status, body: (await response.json()) as JobBody };
}

/** Polls status until the job is completed or failed (tests/support/wait.ts), naming the job
 *  if it never is: a safety net set below the test's own timeout, since a busy machine may take
 *  tens of seconds to start a conversion process. */
export async function untilFinal(h: Harness, jobId: string, timeoutMs = 50_000): Promise<JobBody> {
  return waitFor(
    async () => {
      const { body } = await getJob(h, jobId);
      return (body.status === 'completed' || body.status === 'failed') && body;
    },
    `job ${jobId} to finish`,
    timeoutMs,
  );
}

/** POST with ?wait= and return the final Job (polling if the wait ran out). */
export async function convert(h: Harness, options: PostOptions): Promise<JobBody> {
  const response = await postConvert(h, { wait: 20, ...options });
  const body = (await response.json()) as JobBody;
  if (response.status !== 200 && response.status !== 202) {
    throw new Error(`convert answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return response.status === 200 ? body : untilFinal(h, body.jobId);
}

/** Downloads a completed job's result (no Authorization: the URL is pre-signed). */
export async function download(job: JobBody): Promise<Buffer> {
  if (!job.downloadUrl) throw new Error(`job has no downloadUrl: ${JSON.stringify(job)}`);
  const response = await fetch(job.downloadUrl);
  if (response.status !== 200) throw new Error(`download answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
